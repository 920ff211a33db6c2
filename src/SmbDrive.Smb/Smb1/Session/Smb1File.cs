using SmbDrive.Smb.Io;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

/// <summary>An open SMB1 file or directory. It is a read lane of the <see cref="IoScheduler"/>, like an SMB2
/// file: the scheduler keeps READs in flight up to the connection's read budget (the window, within the server's
/// MaxMpxCount), each landing in its slice of the caller's buffer and matched to its response by MID, and applies
/// the same end-of-file rule to both protocols.</summary>
internal sealed partial class Smb1File : ISmbFile, IReadLane, IReadLanes
{
    private readonly Smb1Tree _tree;
    private readonly ushort _fid;
    private readonly IReadLane[] _lanes;
    private int _closed;

    public Smb1File(Smb1Tree tree, string path, ushort fid, SmbFileInfo info)
    {
        _tree = tree;
        _fid = fid;
        _lanes = [this];
        Path = path;
        Info = info;
    }

    /// <summary>The path the file was opened by; a rename through this handle updates it.</summary>
    public string Path { get; private set; }
    public SmbFileInfo Info { get; private set; }

    IoBudget IReadLane.Budget => _tree.Connection.IoBudget;
    bool IReadLane.IsUsable => !_tree.Connection.IsBroken;
    IReadLane[] IReadLanes.Lanes => _lanes;
    public int ChunkBytes => _tree.ReadChunkSize;

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken) =>
        IoScheduler.ReadAsync(this, offset, buffer, remainingHint, cancellationToken);

    public Task<long> CopyToAsync(long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken) =>
        IoScheduler.CopyToAsync(this, offset, Info.Size - offset, sink, cancellationToken);

    public async ValueTask<int> ReadOnceAsync(long offset, Memory<byte> destination, long remainingHint, CancellationToken cancellationToken)
    {
        bool core = _tree.UsesCoreRead;
        // SMB_COM_READ's count is 16 bits: one request reads at most a chunk; the scheduler asks for the rest.
        if (core && destination.Length > _tree.ReadChunkSize) destination = destination[.._tree.ReadChunkSize];
        return await ReadOnceAsync(offset, destination, destination.Length + Math.Max(0, remainingHint), core, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One READ_ANDX or SMB_COM_READ. <paramref name="estimate"/> is what the caller still means to read,
    /// this request included: READ_ANDX Remaining and SMB_COM_READ EstimateOfRemainingBytesToBeRead carry it,
    /// capped at 0xFFFF (MS-CIFS 2.2.4.42.1, 2.2.4.11.1).</summary>
    private async Task<int> ReadOnceAsync(long offset, Memory<byte> destination, long estimate, bool core, CancellationToken cancellationToken)
    {
        var connection = _tree.Connection;
        int remaining = (int)Math.Min(estimate, ushort.MaxValue);
        ISmb1Request request = core
            ? new CoreReadRequest(_fid, offset, destination.Length, remaining)
            : new ReadAndXRequest(_fid, offset, destination.Length, remaining, (connection.Capabilities & Smb1Capabilities.LargeFiles) != 0);
        var (status, bytes) = await connection.ReadAsync(request, destination, _tree.Tid, cancellationToken).ConfigureAwait(false);
        if (!core && status is NtStatus.STATUS_NOT_SUPPORTED or NtStatus.STATUS_NOT_IMPLEMENTED)
        {
            _tree.FallBackToCoreRead(status);
            int count = Math.Min(destination.Length, _tree.ReadChunkSize);
            (status, bytes) = await connection.ReadAsync(new CoreReadRequest(_fid, offset, count, remaining), destination[..count], _tree.Tid, cancellationToken)
                .ConfigureAwait(false);
        }
        return status switch
        {
            NtStatus.STATUS_SUCCESS or NtStatus.STATUS_BUFFER_OVERFLOW => bytes,
            NtStatus.STATUS_END_OF_FILE => 0,
            _ => throw new SmbStatusException(status, _tree.Where(Path)),
        };
    }

    public async Task<SmbFileInfo> QueryInfoAsync(CancellationToken cancellationToken)
    {
        Info = await _tree.QueryFileInfoAsync(_fid, Path, cancellationToken).ConfigureAwait(false);
        return Info;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            await _tree.CloseQuietlyAsync(_fid).ConfigureAwait(false);
    }
}
