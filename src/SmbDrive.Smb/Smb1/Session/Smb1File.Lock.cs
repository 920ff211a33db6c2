using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

// Byte-range locks on the FID with SMB_COM_LOCKING_ANDX (MS-CIFS 2.2.4.32), one range per request, as over SMB2:
// one range per call keeps the caller's bookkeeping exact. A lock belongs to the (FID, PID) pair; every request of
// this connection carries the connection's PID, so an unlock always names the owner its lock was taken by.
internal sealed partial class Smb1File : ISmbLockableFile
{
    public async Task LockAsync(ulong offset, ulong length, SmbLockType type, bool wait, CancellationToken cancellationToken)
    {
        bool shared = type switch
        {
            SmbLockType.Shared => true,
            SmbLockType.Exclusive => false,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a lock type"),
        };
        var connection = _tree.Connection;
        var request = LockingAndXRequest.Lock(_fid, connection.ProcessId, offset, length, shared, wait, UsesLargeLockRanges);
        var (response, cancelSent) = await connection.SendCancellableAsync(request, _tree.Tid, waitsIndefinitely: wait, cancellationToken)
            .ConfigureAwait(false);
        using (response)
        {
            // Samba ends a waiting lock it was asked to cancel with FILE_LOCK_CONFLICT (source3/smbd/blocking.c,
            // smbd_smb1_brl_finish_by_mid), as Windows ends one cancelled by LOCKING_ANDX_CANCEL_LOCK; a server may
            // also say CANCELLED. Each means nothing was locked. A grant that crossed the NT_CANCEL stands.
            if (cancelSent && (response.Status == NtStatus.STATUS_CANCELLED || response.Status.IsLockConflict()))
                throw new OperationCanceledException(
                    $"{_tree.Where(Path)}: waiting for a lock of {length} bytes at {offset} was cancelled; nothing was locked", cancellationToken);
            Check(response);
        }
    }

    public async Task UnlockAsync(ulong offset, ulong length, CancellationToken cancellationToken)
    {
        var connection = _tree.Connection;
        var request = LockingAndXRequest.Unlock(_fid, connection.ProcessId, offset, length, UsesLargeLockRanges);
        // The cancellable way too, although an unlock never waits: a caller who gives up still learns whether the
        // server unlocked, and the answer is never abandoned half-way.
        var (response, _) = await connection.SendCancellableAsync(request, _tree.Tid, waitsIndefinitely: false, cancellationToken)
            .ConfigureAwait(false);
        using (response) Check(response);
    }

    /// <summary>64-bit ranges (LOCKING_ANDX_LARGE_FILES) whenever the server negotiated CAP_LARGE_FILES; without it
    /// a range must fit 32 bits.</summary>
    private bool UsesLargeLockRanges => (_tree.Connection.Capabilities & Smb1Capabilities.LargeFiles) != 0;

    private void Check(Smb1Response response)
    {
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(Path));
        LockingAndXResponse.Validate(response.Message);
    }
}
