using Serilog;
using SmbDrive.Smb.Io;

namespace SmbDrive.Smb.Session;

/// <summary>A file of a <see cref="SmbShareGroup"/>, open on each of the share's connections: one read lane per
/// connection, which the <see cref="IoScheduler"/> spreads READs over (Samba serves each connection in its own
/// process, so this is how one reader gets more than one server core). The first read opens the file on the extra
/// connections in the background; until those opens are done, reads use the first connection. Everything but
/// reading goes to the first open.</summary>
internal sealed partial class MultiConnectionFile : ISmbFile, IReadLanes, ISmbLeasedFile
{
    private readonly SmbShareGroup _group;
    private readonly SmbFile _primary;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _closing = new();
    private IReadLane[] _lanes;
    private readonly IReadLane[] _primaryOnly;
    private List<SmbFile> _extra = [];
    private Task? _opening;
    private int _disposed;

    public MultiConnectionFile(SmbShareGroup group, SmbFile primary, ILogger log)
    {
        _group = group;
        _primary = primary;
        _log = log;
        _lanes = [primary];
        _primaryOnly = [primary];
    }

    public string Path => _primary.Path;
    public SmbFileInfo Info => _primary.Info;
    public SmbLeaseGrant Lease => _primary.Lease;

    /// <summary>The lanes whose connections still work, the first open first; never empty (a broken first open
    /// stays, so that its failure reaches the caller, who reconnects). Only the first while it holds a lock.</summary>
    public IReadLane[] Lanes
    {
        get
        {
            if (HoldsLocks) return _primaryOnly;
            var lanes = Volatile.Read(ref _lanes);
            foreach (var lane in lanes)
            {
                if (lane.IsUsable) continue;
                var usable = Array.FindAll(lanes, l => l.IsUsable);
                lanes = usable.Length > 0 ? usable : [_primary];
                Volatile.Write(ref _lanes, lanes);
                break;
            }
            return lanes;
        }
    }

    /// <summary>Opens that are on the extra connections now (for tests and logs).</summary>
    public int LaneCount => Volatile.Read(ref _lanes).Length;

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        var opening = _opening ??= OpenExtraAsync();
        // A read of many chunks places them all at once: let it wait for the other lanes (one round trip, once).
        if (!opening.IsCompleted && buffer.Length > 2 * _primary.ChunkBytes)
            return ReadWhenOpenAsync(opening, offset, buffer, remainingHint, cancellationToken);
        return IoScheduler.ReadAsync(this, offset, buffer, remainingHint, cancellationToken);
    }

    private async ValueTask<int> ReadWhenOpenAsync(Task opening, long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await IoScheduler.ReadAsync(this, offset, buffer, remainingHint, cancellationToken).ConfigureAwait(false);
    }

    public Task<long> CopyToAsync(long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        _opening ??= OpenExtraAsync();
        return IoScheduler.CopyToAsync(this, offset, Info.Size - offset, sink, cancellationToken);
    }

    /// <summary>Waits until the background opens on the extra connections are done (for tests).</summary>
    internal Task WhenLanesOpenAsync() => _opening ??= OpenExtraAsync();

    private async Task OpenExtraAsync()
    {
        await Task.Yield(); // the caller's read goes out first
        if ((Lease.State & SmbLeaseState.Write) != 0)
        {
            // Each connection has its own ClientGuid, so the server takes an open on another one for another
            // client's, and would break the write caching this open holds: read over one connection.
            return;
        }
        try
        {
            foreach (var tree in await _group.GetExtraAsync(_closing.Token).ConfigureAwait(false))
            {
                SmbFile? file = null;
                try
                {
                    file = (SmbFile)await tree.OpenAsync(Path, SmbOpenKind.File, _closing.Token).ConfigureAwait(false);
                    // The same name must still be the same file, or the lanes would mix two files' bytes.
                    if (file.Info.FileId != Info.FileId || file.Info.Size != Info.Size || file.Info.LastWriteTimeUtc != Info.LastWriteTimeUtc)
                    {
                        _log.Debug("{Path}: changed before it was opened on another connection; read over one", Path);
                        await file.DisposeAsync().ConfigureAwait(false);
                        continue;
                    }
                    lock (_closing)
                    {
                        if (Volatile.Read(ref _disposed) != 0) break;
                        _extra.Add(file);
                        Volatile.Write(ref _lanes, [.. _lanes, file]);
                        file = null;
                    }
                }
                catch (SmbException e)
                {
                    _log.Debug("{Path}: not opened on another connection: {Reason}", Path, e.Message);
                }
                finally
                {
                    if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // closed while opening
        }
    }

    public Task<SmbFileInfo> QueryInfoAsync(CancellationToken cancellationToken) => _primary.QueryInfoAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _closing.CancelAsync().ConfigureAwait(false);
        if (_opening is { } opening)
            try { await opening.ConfigureAwait(false); } catch (Exception) { /* reported where it happened */ }
        List<SmbFile> extra;
        lock (_closing) extra = _extra;
        foreach (var f in extra) await f.DisposeAsync().ConfigureAwait(false);
        await _primary.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }
}
