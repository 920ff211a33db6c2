using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

// flock(2) across clients. A BSD lock is advisory and covers the whole file, while an SMB byte-range lock is
// mandatory: it stops other opens' reads and writes of its range. So an flock is the server lock of one byte far
// beyond any data (FlockByte): two clients' flocks of one file conflict there, and nobody's reads or writes ever
// touch it. fcntl (POSIX) locks are not passed on yet: the kernel keeps them on this machine.
internal sealed unsafe partial class FuseFileSystem
{
    /// <summary>The byte an flock locks (2^62: beyond any file a share holds, and within the signed 64-bit offsets
    /// servers map SMB locks onto).</summary>
    public const ulong FlockByte = 1UL << 62;

    /// <summary>flock(2) operations (sys/file.h).</summary>
    public const int LockShared = 1, LockExclusive = 2, LockNonBlocking = 4, LockUnlock = 8;

    /// <summary>How often a waiting flock checks whether its caller was interrupted by a signal.</summary>
    private static readonly TimeSpan s_interruptPoll = TimeSpan.FromMilliseconds(50);

    /// <summary>flock(2) on an open file: LOCK_SH/LOCK_EX (with LOCK_NB: EWOULDBLOCK at once on a conflict, else
    /// wait, and EINTR when a signal interrupts the wait) and LOCK_UN. Converting between shared and exclusive is an
    /// unlock and a new lock, which flock(2) allows ("not guaranteed to be atomic"). The kernel sends LOCK_UN when
    /// the last descriptor of the open closes, and closing the server open releases the lock in any case.</summary>
    public int Flock(string? path, FuseFileInfo* fileInfo, int operation)
    {
        try
        {
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            if (entry == null)
                return -StatusMap.EBADF;
            bool wait = (operation & LockNonBlocking) == 0;
            int kind = operation & ~LockNonBlocking;
            if (kind is not (LockShared or LockExclusive or LockUnlock))
                return -StatusMap.EINVAL;
            VfsLockType? wanted = kind switch
            {
                LockShared => VfsLockType.Shared,
                LockExclusive => VfsLockType.Exclusive,
                _ => null,
            };

            entry.FlockSync.Wait(_stopping.Token);
            try
            {
                if (entry.Flock == wanted)
                    return 0;
                if (entry.Flock is not null)
                {
                    var unlocked = Wait(_drive.UnlockAsync(entry.Handle, FlockByte, 1, _stopping.Token));
                    // RANGE_NOT_LOCKED: the server no longer has it (the connection was lost); it is gone either way.
                    if (unlocked is not (VfsStatus.STATUS_SUCCESS or VfsStatus.STATUS_RANGE_NOT_LOCKED))
                        return Errno(unlocked);
                    entry.Flock = null;
                }
                if (wanted is not { } type)
                    return 0;
                var status = wait ? WaitInterruptibly(ct => _drive.LockAsync(entry.Handle, FlockByte, 1, type, wait: true, ct))
                                  : Wait(_drive.LockAsync(entry.Handle, FlockByte, 1, type, wait: false, _stopping.Token));
                if (status == VfsStatus.STATUS_CANCELLED)
                    return -StatusMap.EINTR;
                if (status != VfsStatus.STATUS_SUCCESS)
                    return Errno(status);
                entry.Flock = type;
                return 0;
            }
            finally
            {
                entry.FlockSync.Release();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return -StatusMap.EINTR;
        }
        catch (Exception ex)
        {
            return Failed("flock", path, ex);
        }
    }

    /// <summary>Runs a drive call that may wait for another client, on this worker thread, cancelling it when the
    /// kernel interrupts the request (the caller got a signal) or the mount stops.</summary>
    private VfsStatus WaitInterruptibly(Func<CancellationToken, ValueTask<VfsStatus>> call)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var task = call(cancel.Token).AsTask();
        // fuse_interrupted() reads the calling worker's request, so it is asked here, between waits.
        while (!task.Wait(s_interruptPoll))
        {
            if (!cancel.IsCancellationRequested && LibFuse.FuseInterrupted() != 0)
                cancel.Cancel();
        }
        return task.GetAwaiter().GetResult();
    }
}
