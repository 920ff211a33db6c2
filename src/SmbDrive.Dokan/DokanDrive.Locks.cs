using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

// Byte-range locks (mounted with DOKAN_OPTION_FILELOCK_USER_MODE). Each lock goes to the server on the server open of
// the Windows handle that asked for it, so it binds every other client and every other handle, as on a Windows share;
// the handle's locks are released at Cleanup. A read-only drive locks too: locking changes nothing on the share.
public sealed partial class DokanDrive
{
    /// <summary>LockFile/LockFileEx. Dokan hands user mode only the range: the caller's LOCKFILE_EXCLUSIVE_LOCK and
    /// LOCKFILE_FAIL_IMMEDIATELY are dropped on the way (sys/public.h EVENT_CONTEXT Lock: offset, length, key). So the
    /// lock is exclusive, the kind that never protects less than the caller may have asked for (a caller that wanted a
    /// shared lock may be refused where Windows would have granted it, never the reverse), and fails at once: waiting
    /// would hold a dispatcher thread and the driver's request for as long as another client holds the range, and the
    /// library answers every failed lock with STATUS_LOCK_NOT_GRANTED anyway (dokan/lock.c).</summary>
    public VfsStatus LockFile(string fileName, long offset, long length, DokanFileInfo info)
    {
        var status = LockHandle(info, out var handle);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }
        // The kernel's 64-bit range, unsigned on the wire: the server judges ranges that wrap (INVALID_LOCK_RANGE).
        return Call(_drive.LockAsync(handle!, unchecked((ulong)offset), unchecked((ulong)length), VfsLockType.Exclusive, wait: false,
            Token(out var call)), call, info, mustComplete: false);
    }

    /// <summary>UnlockFile/UnlockFileEx: releases one lock of exactly this range; STATUS_RANGE_NOT_LOCKED otherwise.</summary>
    public VfsStatus UnlockFile(string fileName, long offset, long length, DokanFileInfo info)
    {
        var status = LockHandle(info, out var handle);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }
        return Call(_drive.UnlockAsync(handle!, unchecked((ulong)offset), unchecked((ulong)length), Token(out var call)), call, info,
            mustComplete: false);
    }

    /// <summary>The drive handle that locks for this open: its own. An attributes-only open cannot lock (the I/O manager
    /// requires read or write access to the data before LockFile gets here), nor can a directory.</summary>
    private static VfsStatus LockHandle(DokanFileInfo info, out VfsHandle? handle)
    {
        handle = null;
        if (info.Context is not DokanOpenFile open)
        {
            return VfsStatus.STATUS_INVALID_HANDLE;
        }
        if (open.IsDirectory)
        {
            return VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
        }
        if (open.Intent == VfsOpenIntent.AttributesOnly)
        {
            return VfsStatus.STATUS_ACCESS_DENIED;
        }
        handle = open.Handle;
        return VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>At Cleanup: Windows releases a handle's locks when its last user handle closes (FsRtlFastUnlockAll),
    /// not when the file object finally goes.</summary>
    private void ReleaseLocks(DokanOpenFile open, DokanFileInfo info)
    {
        if (open.IsDirectory || open.Intent == VfsOpenIntent.AttributesOnly)
        {
            return;
        }
        Call(Completed(_drive.UnlockAllAsync(open.Handle, Token(out var call))), call, info, mustComplete: false);
    }

    private static async ValueTask<VfsResult<bool>> Completed(ValueTask pending)
    {
        await pending.ConfigureAwait(false);
        return VfsResult<bool>.Success(true);
    }
}
