using SmbDrive.Smb.Io;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

// The write side of an open SMB1 file: a write lane of the IoScheduler (WRITE_ANDX within the connection's budget,
// each in one of its MaxMpxCount slots), FLUSH and TRANS2_SET_FILE_INFORMATION on the FID.
internal sealed partial class Smb1File : ISmbWritableFile, IWriteLane
{
    /// <summary>The DesiredAccess the file was opened with (FLUSH without write access counts as flushed).</summary>
    public SmbAccess Access { get; init; } = SmbAccess.GenericRead;

    IoBudget IWriteLane.Budget => _tree.Connection.IoBudget;

    public int WriteChunkBytes => _tree.WriteChunkSize;

    public ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken) =>
        IoScheduler.WriteAsync(this, offset, data, remainingHint, cancellationToken);

    /// <summary>One WRITE_ANDX; returns the count written: a server may write less than it was sent (MS-CIFS
    /// 3.3.5.37 returns the count written).</summary>
    public async ValueTask<int> WriteOnceAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken)
    {
        var connection = _tree.Connection;
        bool largeOffsets = (connection.Capabilities & Smb1Capabilities.LargeFiles) != 0;
        var request = new WriteAndXRequest(_fid, offset, data, (int)Math.Clamp(remainingHint, 0, ushort.MaxValue), largeOffsets, _tree.UsesLargeWrites);
        int written;
        using (var response = await connection.WriteAsync(request, _tree.Tid, cancellationToken).ConfigureAwait(false))
        {
            if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(Path));
            written = WriteAndXResponse.Count(response.Message, data.Length);
        }
        // A write that takes nothing is how SMB1 servers report a full disk (Samba answers DISK_FULL itself);
        // asking again would loop for ever.
        if (written == 0) throw new SmbStatusException(NtStatus.STATUS_DISK_FULL, _tree.Where(Path));
        return written;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        using var response = await _tree.Connection.SendAsync(Smb1SimpleRequest.Flush(_fid), _tree.Tid, cancellationToken).ConfigureAwait(false);
        // As over SMB2: a handle that cannot write has nothing to flush, whatever the server thinks of the request.
        if (response.Status == NtStatus.STATUS_ACCESS_DENIED && (Access & (SmbAccess.WriteData | SmbAccess.AppendData)) == 0) return;
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(Path));
    }

    public Task SetEndOfFileAsync(long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return _tree.SetFileInfoAsync(_fid, SetFileInformation.FileEndOfFileInformation, SetFileInformation.Size(size), Path, cancellationToken);
    }

    public Task SetAllocationSizeAsync(long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return _tree.SetFileInfoAsync(_fid, SetFileInformation.FileAllocationInformation, SetFileInformation.Size(size), Path, cancellationToken);
    }

    public Task SetBasicInfoAsync(SmbBasicInfo info, CancellationToken cancellationToken) =>
        _tree.SetFileInfoAsync(_fid, SetFileInformation.FileBasicInformation, SetFileInformation.Basic(info), Path, cancellationToken);

    public Task SetDeleteOnCloseAsync(bool delete, CancellationToken cancellationToken) =>
        _tree.SetFileInfoAsync(_fid, SetFileInformation.FileDispositionInformation, SetFileInformation.Disposition(delete), Path, cancellationToken);

    /// <summary>Within the file's directory the handle itself is renamed (level 1010, which replaces); elsewhere
    /// the share renames it by path, which works while this handle is open if it shares DELETE.</summary>
    public async Task RenameAsync(string newPath, bool replaceIfExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(newPath);
        string from = Smb1Strings.SharePath(Path), to = Smb1Strings.SharePath(newPath);
        if (_tree.PassThrough && Smb1Tree.ParentOf(from) == Smb1Tree.ParentOf(to))
        {
            NtStatus status = await _tree.TryRenameOpenAsync(_fid, Smb1Tree.LastComponent(to), replaceIfExists, cancellationToken).ConfigureAwait(false);
            if (status == NtStatus.STATUS_SUCCESS)
            {
                Path = newPath;
                return;
            }
            if (!Smb1Tree.IsRefusedInPlace(status))
                throw new SmbStatusException(status, _tree.Where(Path));
        }
        await _tree.RenameAsync(Path, newPath, replaceIfExists, cancellationToken).ConfigureAwait(false);
        Path = newPath;
    }
}
