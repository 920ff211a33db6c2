using Serilog;

namespace SmbDrive.Smb.Session;

/// <summary>A file of a <see cref="SmbShareGroup"/>: small reads go to the first connection; a large read is
/// cut into one contiguous part per connection, read at the same time, each part pipelined on its own
/// connection. The file is opened on an extra connection the first time that connection is needed.</summary>
internal sealed partial class StripedFile : ISmbFile
{
    private readonly SmbShareGroup _group;
    private readonly SmbFile _primary;
    private readonly SmbClientOptions _options;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _openLock = new(1, 1);
    private ISmbFile[]? _extra;
    private int _disposed;

    public StripedFile(SmbShareGroup group, SmbFile primary, SmbClientOptions options, ILogger log)
    {
        _group = group;
        _primary = primary;
        _options = options;
        _log = log;
    }

    public string Path => _primary.Path;
    public SmbFileInfo Info => _primary.Info;
    public bool IsDurable => _primary.IsDurable;

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        if (buffer.Length < _options.StripeThresholdBytes) return await _primary.ReadAsync(offset, buffer, remainingHint, cancellationToken).ConfigureAwait(false);
        var extra = await GetExtraAsync(cancellationToken).ConfigureAwait(false);
        if (extra.Length == 0) return await _primary.ReadAsync(offset, buffer, remainingHint, cancellationToken).ConfigureAwait(false);

        int parts = extra.Length + 1;
        int partLength = (buffer.Length / parts + 65535) & ~65535; // whole 64 KiB units keep every READ full-sized
        var reads = new Task<int>[parts];
        var lengths = new int[parts];
        for (int i = 0; i < parts; i++)
        {
            int start = Math.Min(i * partLength, buffer.Length);
            lengths[i] = Math.Min(partLength, buffer.Length - start);
            var slice = buffer.Slice(start, lengths[i]);
            long remaining = buffer.Length - start - lengths[i] + remainingHint;
            ISmbFile file = i == 0 ? _primary : extra[i - 1];
            reads[i] = lengths[i] == 0 ? Task.FromResult(0) : ReadPartAsync(file, offset + start, slice, remaining, cancellationToken);
        }
        // Every part must finish before we return: none may still write into the caller's buffer.
        try
        {
            await Task.WhenAll(reads).ConfigureAwait(false);
        }
        catch
        {
            foreach (var t in reads)
                if (t.IsFaulted) _ = t.Exception; // observed; the first failure is rethrown below
            throw reads.First(t => t.IsFaulted).Exception!.InnerException!;
        }
        int total = 0;
        for (int i = 0; i < parts; i++)
        {
            total += reads[i].Result;
            if (reads[i].Result < lengths[i]) break; // end of file inside this part: later parts lie beyond it
        }
        return total;
    }

    /// <summary>A part read on an extra connection that fails on that connection is read again on the first.</summary>
    private async Task<int> ReadPartAsync(ISmbFile file, long offset, Memory<byte> destination, long remaining, CancellationToken cancellationToken)
    {
        try
        {
            return await file.ReadAsync(offset, destination, remaining, cancellationToken).ConfigureAwait(false);
        }
        catch (SmbConnectionException e) when (file != _primary && !_primary.IsBrokenConnection)
        {
            _log.Warning("{Path}: extra connection failed during a read ({Reason}); reading that part on the first connection", Path, e.Message);
            return await _primary.ReadAsync(offset, destination, remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<ISmbFile[]> GetExtraAsync(CancellationToken cancellationToken)
    {
        var current = _extra;
        if (current is not null) return Array.FindAll(current, f => f is not SmbFile { IsBrokenConnection: true });
        await _openLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_extra is not null) return _extra;
            var opened = new List<ISmbFile>();
            foreach (var tree in await _group.GetExtraAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    var file = await tree.OpenAsync(Path, SmbOpenKind.File, cancellationToken).ConfigureAwait(false);
                    // The same name must still be the same file, or the parts would mix two files' bytes.
                    if (file.Info.FileId != Info.FileId || file.Info.Size != Info.Size || file.Info.LastWriteTimeUtc != Info.LastWriteTimeUtc)
                    {
                        await file.DisposeAsync().ConfigureAwait(false);
                        continue;
                    }
                    opened.Add(file);
                }
                catch (SmbException e)
                {
                    _log.Debug("{Path}: not opened on an extra connection: {Reason}", Path, e.Message);
                }
            }
            _extra = [.. opened];
            return _extra;
        }
        finally
        {
            _openLock.Release();
        }
    }

    public Task<SmbFileInfo> QueryInfoAsync(CancellationToken cancellationToken) => _primary.QueryInfoAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var f in _extra ?? []) await f.DisposeAsync().ConfigureAwait(false);
        await _primary.DisposeAsync().ConfigureAwait(false);
    }
}
