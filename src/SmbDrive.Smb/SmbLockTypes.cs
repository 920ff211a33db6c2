namespace SmbDrive.Smb;

/// <summary>Kind of byte-range lock (MS-SMB2 2.2.26.1): shared locks of several opens may overlap; an exclusive
/// lock overlaps no other open's lock.</summary>
public enum SmbLockType
{
    Shared,
    Exclusive,
}

/// <summary>Byte-range locks on an open file (SMB2/3 LOCK; SMB1 LOCKING_ANDX). The server keeps them
/// with Windows semantics (MS-FSA 2.1.5.8/2.1.5.9): they belong to this open (handle), are mandatory for every
/// other open (this client's other opens too: their READ/WRITE in the range fail with FILE_LOCK_CONFLICT), are
/// never merged or split, and each is released by one unlock of exactly its range or by closing the handle.
/// Offsets and lengths are unsigned 64-bit: a range may lie far beyond the end of the file.</summary>
public interface ISmbLockableFile : ISmbFile
{
    /// <summary>Locks <paramref name="length"/> bytes at <paramref name="offset"/>. Without <paramref name="wait"/>
    /// a conflicting lock fails at once with an <see cref="SmbStatusException"/> whose status
    /// <see cref="NtStatusExtensions.IsLockConflict"/> recognises (STATUS_LOCK_NOT_GRANTED; over SMB1 also
    /// STATUS_FILE_LOCK_CONFLICT, which Samba and Windows answer for a repeated attempt on the same range, and which a
    /// server that speaks DOS error codes can only say). With it the call completes when the range is granted, however
    /// long that takes; cancelling <paramref name="cancellationToken"/> then sends SMB2 CANCEL (SMB1: NT_CANCEL) and
    /// ends in an <see cref="OperationCanceledException"/> once the server confirms that nothing was locked (a lock
    /// the server granted before the cancel reached it is reported as granted).</summary>
    Task LockAsync(ulong offset, ulong length, SmbLockType type, bool wait, CancellationToken cancellationToken);

    /// <summary>Releases one lock of exactly this range; STATUS_RANGE_NOT_LOCKED when this open holds none.</summary>
    Task UnlockAsync(ulong offset, ulong length, CancellationToken cancellationToken);
}
