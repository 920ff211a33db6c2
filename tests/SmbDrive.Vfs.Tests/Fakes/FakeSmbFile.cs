using SmbDrive.Smb;

namespace SmbDrive.Vfs.Tests.Fakes;

/// <summary>An open file of the fake server. Like an open file on a POSIX server it keeps reading the file
/// it opened even when the name is later given to another file.</summary>
public sealed class FakeSmbFile : ISmbFile
{
    private readonly FakeSmbShare _share;
    private readonly FakeEntry _entry;
    private int _closed;

    internal FakeSmbFile(FakeSmbShare share, string path, FakeEntry entry)
    {
        _share = share;
        _entry = entry;
        Path = path;
        Info = share.Server.InfoOf(entry);
    }

    public string Path { get; }
    public SmbFileInfo Info { get; }

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        var operation = new FakeOperation(FakeOperationKind.Read, Path, offset, buffer.Length, remainingHint);
        await _share.BeginAsync(operation, cancellationToken);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed) != 0, this);
        byte[] content = _entry.Content; // one version for the whole request
        int count = offset >= content.Length ? 0 : (int)Math.Min(buffer.Length, content.Length - offset);
        content.AsSpan((int)Math.Min(offset, content.Length), count).CopyTo(buffer.Span);
        _share.Server.RecordRead(operation, count);
        return count;
    }

    /// <summary>Test double of the client's streamed copy: 64 KiB reads one after another through ReadAsync.</summary>
    public async Task<long> CopyToAsync(long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (true)
        {
            int n = await ReadAsync(offset + total, buffer, 0, cancellationToken);
            if (n > 0) await sink(buffer.AsMemory(0, n), cancellationToken);
            total += n;
            if (n < buffer.Length) return total;
        }
    }

    public async Task<SmbFileInfo> QueryInfoAsync(CancellationToken cancellationToken)
    {
        await _share.BeginAsync(new FakeOperation(FakeOperationKind.QueryInfo, Path), cancellationToken);
        return _share.Server.InfoOf(_entry);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        await _share.BeginAsync(new FakeOperation(FakeOperationKind.Close, Path), CancellationToken.None);
    }
}
