using SmbDrive.Fuse.Native;
using SmbDrive.Fuse.PosixLocks;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

// Locks across clients. The kernel keeps no lock of this mount to itself: flock(2) and fcntl(2) locks both reach the
// server, so a lock taken on one PC is refused on another.
// - flock(2): a BSD lock is advisory and covers the whole file, while an SMB byte-range lock is mandatory: it stops
//   other opens' reads and writes of its range. So an flock is the server lock of one byte far beyond any data
//   (FlockByte): two clients' flocks of one file conflict there, and nobody's reads or writes ever touch it.
// - fcntl(2) record locks lock the bytes they name, below FlockByte (a lock "to the end of the file" ends there), so
//   the two kinds stay independent as on Linux. PosixLockTable translates POSIX ownership, merging and splitting
//   into the exact ranges SMB keeps. Unlike local POSIX locks these are mandatory for other opens: another client
//   (or another descriptor of this one) cannot write bytes a process holds under an exclusive lock.
// Taking either kind of lock is a point where the holder must see what the last writer wrote: the drive drops what
// it cached of the file, and the kernel its pages and attributes (the cifs client does the same in strict mode).
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

    /// <summary>fcntl(2) F_GETLK, F_SETLK and F_SETLKW (and OFD locks, which the kernel passes the same way, with the
    /// open file description as owner). libfuse calls it with F_UNLCK over everything when an owner closes a
    /// descriptor of the file, which releases all of that owner's locks as POSIX requires.</summary>
    public int Lock(string? path, FuseFileInfo* fileInfo, int command, PosixFlock* flock)
    {
        try
        {
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            if (entry == null)
                return -StatusMap.EBADF;
            if (entry.Handle.IsDirectory || flock == null || flock->Start < 0 || flock->Length < 0 || (ulong)flock->Start >= FlockByte)
                return -StatusMap.EINVAL;
            ulong start = (ulong)flock->Start;
            ulong end = flock->Length == 0 || (ulong)flock->Length >= FlockByte - start ? FlockByte : start + (ulong)flock->Length;
            var span = new LockSpan(start, end);
            VfsLockType? type = flock->Type switch
            {
                PosixFlock.ReadLock => VfsLockType.Shared,
                PosixFlock.WriteLock => VfsLockType.Exclusive,
                PosixFlock.Unlock => null,
                _ => (VfsLockType?)null,
            };
            if (type is null && flock->Type != PosixFlock.Unlock)
                return -StatusMap.EINVAL;
            ulong owner = fileInfo->LockOwner;

            if (command == PosixFlock.GetLock)
            {
                if (type is not { } tested)
                    return -StatusMap.EINVAL;
                var found = Wait(_posixLocks.TestAsync(entry.Handle, owner, span, tested, _stopping.Token));
                if (!found.IsSuccess)
                    return Errno(found.Status);
                if (found.Value is not { } conflict)
                {
                    flock->Type = PosixFlock.Unlock;
                    return 0;
                }
                flock->Type = conflict.Type == VfsLockType.Exclusive ? PosixFlock.WriteLock : PosixFlock.ReadLock;
                flock->Start = (long)conflict.Span.Start;
                flock->Length = conflict.Span.End >= FlockByte ? 0 : (long)conflict.Span.Length;
                flock->Pid = conflict.Pid;
                return 0;
            }
            if (command is not (PosixFlock.SetLock or PosixFlock.SetLockWait))
                return -StatusMap.EINVAL;

            bool wait = command == PosixFlock.SetLockWait && type is not null;
            int pid = flock->Pid;
            var status = wait
                ? WaitInterruptibly(ct => new ValueTask<VfsStatus>(_posixLocks.SetAsync(entry.Handle, owner, pid, span, type, wait: true, ct)))
                : Wait(_posixLocks.SetAsync(entry.Handle, owner, pid, span, type, wait: false, _stopping.Token));
            if (status == VfsStatus.STATUS_CANCELLED)
                return -StatusMap.EINTR;
            if (status != VfsStatus.STATUS_SUCCESS)
                return Errno(status);
            return 0;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return -StatusMap.EINTR;
        }
        catch (Exception ex)
        {
            return Failed("lock", path, ex);
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
