using System.Runtime.CompilerServices;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Io;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Session;

/// <summary>An open file or directory on one connection. It is a lane of the <see cref="IoScheduler"/>:
/// reads go through the scheduler, which sends READs here, each landing directly in its slice of the caller's buffer.</summary>
internal sealed partial class SmbFile : ISmbFile, IReadLane, IReadLanes, ISmbLeasedFile
{
    private readonly SmbTree _tree;
    private readonly Smb2FileId _fileId;
    private readonly SmbClientOptions _options;
    private readonly IReadLane[] _lanes;
    private int _closed;

    public SmbFile(SmbTree tree, string path, Smb2FileId fileId, SmbFileInfo info, SmbClientOptions options)
    {
        _tree = tree;
        _fileId = fileId;
        _options = options;
        _lanes = [this];
        Path = path;
        Info = info;
    }

    public string Path { get; }
    public SmbFileInfo Info { get; private set; }
    public SmbLeaseGrant Lease { get; init; }
    public bool IsBrokenConnection => _tree.IsBroken;

    IoBudget IReadLane.Budget => _tree.Connection.IoBudget;
    bool IReadLane.IsUsable => !_tree.IsBroken;
    IReadLane[] IReadLanes.Lanes => _lanes;

    public int ChunkBytes => Math.Max(4096, Math.Min(_tree.MaxReadSize, _options.MaxReadChunk));

    public ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken) =>
        IoScheduler.ReadAsync(this, offset, buffer, remainingHint, cancellationToken);

    public Task<long> CopyToAsync(long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken) =>
        IoScheduler.CopyToAsync(this, offset, Info.Size - offset, sink, cancellationToken);

    /// <summary>One READ request (MS-SMB2 3.2.4.6): the data is written straight into <paramref name="destination"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadOnceAsync(long offset, Memory<byte> destination, long remainingHint, CancellationToken cancellationToken)
    {
        uint remaining = (uint)Math.Clamp(remainingHint, 0, uint.MaxValue);
        int generation = _tree.Session.Generation;
        var (status, bytes) = await _tree.Connection.ReadAsync(_fileId, offset, destination, remaining, _tree.TreeId, cancellationToken).ConfigureAwait(false);
        if (status == NtStatus.STATUS_NETWORK_SESSION_EXPIRED)
        {
            await _tree.Session.ReauthenticateAsync(generation, cancellationToken).ConfigureAwait(false);
            (status, bytes) = await _tree.Connection.ReadAsync(_fileId, offset, destination, remaining, _tree.TreeId, cancellationToken).ConfigureAwait(false);
        }
        return status switch
        {
            NtStatus.STATUS_SUCCESS or NtStatus.STATUS_BUFFER_OVERFLOW => bytes,
            NtStatus.STATUS_END_OF_FILE => 0,
            _ => throw new SmbStatusException(status, _tree.Where(Path)),
        };
    }

    public Task<SmbFileInfo> QueryInfoAsync(CancellationToken cancellationToken) =>
        _tree.WithReauthenticationAsync(() => QueryInfoCoreAsync(cancellationToken), cancellationToken);

    private async Task<SmbFileInfo> QueryInfoCoreAsync(CancellationToken cancellationToken)
    {
        using var response = await _tree.Connection.SendAsync(
            new QueryInfoRequest(FileInformation.InfoTypeFile, FileInformation.FileAllInformation, _fileId, 4096), _tree.TreeId, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(Path));
        Info = FileInformation.ParseAll(OutputBufferResponse.Parse(response.Message, "QUERY_INFO"), Info.Name);
        return Info;
    }

    /// <summary>Sends a request the server may keep pending for as long as it likes (a waiting LOCK, a CHANGE_NOTIFY):
    /// cancelling sends SMB2 CANCEL and still waits for the server's final answer. An expired session is
    /// authenticated again and the request sent once more.</summary>
    private async Task<SmbResponse> SendCancellableAsync(ISmb2Request request, CancellationToken cancellationToken)
    {
        int generation = _tree.Session.Generation;
        var response = await _tree.Connection.SendCancellableAsync(request, _tree.TreeId, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_NETWORK_SESSION_EXPIRED) return response;
        response.Dispose();
        await _tree.Session.ReauthenticateAsync(generation, cancellationToken).ConfigureAwait(false);
        return await _tree.Connection.SendCancellableAsync(request, _tree.TreeId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            await _tree.CloseQuietlyAsync(_fileId).ConfigureAwait(false);
    }
}
