using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Session;

// Byte-range locks on the handle (MS-SMB2 3.2.4.19): one LOCK per call, one element each, because the server
// lets only a lone element wait, and because one range per call keeps the caller's bookkeeping exact. Every LOCK goes
// the cancellable way, even one that cannot wait, so that a caller who gives up still learns whether the server locked
// or unlocked, and never holds a lock it does not know of.
internal sealed partial class SmbFile : ISmbLockableFile
{
    public async Task LockAsync(ulong offset, ulong length, SmbLockType type, bool wait, CancellationToken cancellationToken)
    {
        var flags = type switch
        {
            SmbLockType.Shared => Smb2LockFlags.Shared,
            SmbLockType.Exclusive => Smb2LockFlags.Exclusive,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a lock type"),
        };
        if (!wait) flags |= Smb2LockFlags.FailImmediately;
        using var response = await SendCancellableAsync(new LockRequest(_fileId, new Smb2LockElement(offset, length, flags)), cancellationToken).ConfigureAwait(false);
        if (response.Status == NtStatus.STATUS_CANCELLED && cancellationToken.IsCancellationRequested)
            throw new OperationCanceledException($"{_tree.Where(Path)}: waiting for a lock of {length} bytes at {offset} was cancelled; nothing was locked", cancellationToken);
        Check(response);
    }

    public async Task UnlockAsync(ulong offset, ulong length, CancellationToken cancellationToken)
    {
        using var response = await SendCancellableAsync(new LockRequest(_fileId, new Smb2LockElement(offset, length, Smb2LockFlags.Unlock)), cancellationToken).ConfigureAwait(false);
        Check(response);
    }

    private void Check(SmbResponse response)
    {
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, _tree.Where(Path));
        LockResponse.Validate(response.Message);
    }
}
