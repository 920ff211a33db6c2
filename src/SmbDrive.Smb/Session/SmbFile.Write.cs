using SmbDrive.Smb.Io;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Session;

// The write side of an open file: WRITE (pipelined, multi-credit), FLUSH and SET_INFO on the handle.
internal sealed partial class SmbFile : ISmbWritableFile
{
    /// <summary>The DesiredAccess the file was opened with (FLUSH without write access counts as flushed).</summary>
    public SmbAccess Access { get; init; } = SmbAccess.GenericRead;

    private int WriteChunkSize => Math.Max(4096, Math.Min(_tree.MaxWriteSize, _options.MaxWriteChunk));

    public async ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (data.IsEmpty) return;
        await WritePipeline.WriteAsync(offset, data, remainingHint, WriteChunkSize, _options.WritesInFlight, WriteChunkAsync, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>WRITE requests for one chunk, continuing after short counts (MS-SMB2 3.2.5.8 does not promise all).</summary>
    private async Task WriteChunkAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            uint remaining = (uint)Math.Clamp(remainingHint, 0, uint.MaxValue);
            int generation = _tree.Session.Generation;
            var request = new WriteRequest(_fileId, offset, data, remaining);
            int written;
            using (var response = await SendOnceReauthenticatingAsync(request, generation, cancellationToken).ConfigureAwait(false))
            {
                if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(Path));
                written = WriteResponse.Count(response.Message, data.Length);
            }
            if (written == 0) throw new SmbProtocolException($"{_tree.Where(Path)}: the server accepted none of a {data.Length}-byte WRITE");
            offset += written;
            data = data[written..];
        }
    }

    private async Task<Connection.SmbResponse> SendOnceReauthenticatingAsync(ISmb2Request request, int generation, CancellationToken cancellationToken)
    {
        var response = await _tree.Connection.SendAsync(request, _tree.TreeId, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_NETWORK_SESSION_EXPIRED) return response;
        response.Dispose();
        await _tree.Session.ReauthenticateAsync(generation, cancellationToken).ConfigureAwait(false);
        return await _tree.Connection.SendAsync(request, _tree.TreeId, cancellationToken).ConfigureAwait(false);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        int generation = _tree.Session.Generation;
        using var response = await SendOnceReauthenticatingAsync(new FlushRequest(_fileId), generation, cancellationToken).ConfigureAwait(false);
        // FLUSH needs write access (MS-SMB2 3.3.5.11); a handle that cannot write has nothing to flush.
        if (response.Status == NtStatus.STATUS_ACCESS_DENIED && (Access & (SmbAccess.WriteData | SmbAccess.AppendData)) == 0) return;
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(Path));
    }

    public Task SetEndOfFileAsync(long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return SetInfoAsync(SetFileInformation.FileEndOfFileInformation, SetFileInformation.Size(size), Path, cancellationToken);
    }

    public Task SetAllocationSizeAsync(long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return SetInfoAsync(SetFileInformation.FileAllocationInformation, SetFileInformation.Size(size), Path, cancellationToken);
    }

    public Task SetBasicInfoAsync(SmbBasicInfo info, CancellationToken cancellationToken) =>
        SetInfoAsync(SetFileInformation.FileBasicInformation, SetFileInformation.Basic(info), Path, cancellationToken);

    public Task RenameAsync(string newPath, bool replaceIfExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newPath);
        return SetInfoAsync(SetFileInformation.FileRenameInformation, SetFileInformation.Rename(newPath, replaceIfExists), newPath, cancellationToken);
    }

    public Task SetDeleteOnCloseAsync(bool delete, CancellationToken cancellationToken) =>
        SetInfoAsync(SetFileInformation.FileDispositionInformation, SetFileInformation.Disposition(delete), Path, cancellationToken);

    private async Task SetInfoAsync(byte infoClass, byte[] buffer, string where, CancellationToken cancellationToken)
    {
        int generation = _tree.Session.Generation;
        var request = new SetInfoRequest(FileInformation.InfoTypeFile, infoClass, _fileId, buffer);
        using var response = await SendOnceReauthenticatingAsync(request, generation, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(where));
    }
}
