using SmbDrive.Smb.Io;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

/// <summary>An open SMB1 file or directory. A read larger than one request is split into requests that are all
/// kept in flight at once, up to the read window and the server's MaxMpxCount, each landing in its slice of the
/// caller's buffer and matched to its response by MID.</summary>
internal sealed class Smb1File : ISmbFile
{
    private readonly Smb1Tree _tree;
    private readonly ushort _fid;
    private int _closed;

    public Smb1File(Smb1Tree tree, string path, ushort fid, SmbFileInfo info)
    {
        _tree = tree;
        _fid = fid;
        Path = path;
        Info = info;
    }

    public string Path { get; }
    public SmbFileInfo Info { get; private set; }
    public bool IsDurable => false;

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (buffer.IsEmpty) return 0;
        long hint = Math.Max(0, remainingHint);
        int chunk = _tree.ReadChunkSize;
        if (buffer.Length <= chunk) return await ReadRangeAsync(offset, buffer, hint, cancellationToken).ConfigureAwait(false);
        return await ReadPipelinedAsync(offset, buffer, hint, chunk, cancellationToken).ConfigureAwait(false);
    }

    // A method of its own: the window's closure would otherwise be allocated on the single-READ path as well.
    private ValueTask<int> ReadPipelinedAsync(long offset, Memory<byte> buffer, long hint, int chunk, CancellationToken cancellationToken)
    {
        var connection = _tree.Connection;
        // The server's MaxMpxCount plays the part of SMB2's credits: each request takes one slot.
        return ChunkPipeline.ReadAsync(offset, buffer, hint, chunk,
            () => connection.ReadWindow.ChunksInFlight(chunk, 1, connection.MaxMpxCount),
            (o, slice, after, ct) => new ValueTask<int>(ReadRangeAsync(o, slice, after, ct)), cancellationToken);
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>, or stops at the end of the
    /// file. A server may answer READ_ANDX with fewer bytes than asked without being at the end (Samba caps a read
    /// at what fits its message limit), so a short answer is followed by a read of the rest until 0 bytes come back.
    /// SMB_COM_READ's short count is itself the end-of-file indicator (MS-CIFS 3.2.5.9).</summary>
    private async Task<int> ReadRangeAsync(long offset, Memory<byte> destination, long remainingAfter, CancellationToken cancellationToken)
    {
        int got = 0;
        while (got < destination.Length)
        {
            int rest = destination.Length - got;
            bool core = _tree.UsesCoreRead;
            int want = core ? Math.Min(rest, _tree.ReadChunkSize) : rest;
            int n = await ReadOnceAsync(offset + got, destination.Slice(got, want), rest + remainingAfter, core, cancellationToken).ConfigureAwait(false);
            got += n;
            if (n == 0 || (core && n < want)) break;
        }
        return got;
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
