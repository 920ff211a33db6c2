namespace SmbDrive.Vfs;

// Byte-range locks, kept by the server on the handle's server open with Windows semantics: mandatory for every
// other open (another client's, and this drive's other handles too), never merged or split, each released by one
// unlock of exactly its range or by closing the handle. Locking does not change the file, so a read-only drive
// locks too. Each member has a default that refuses, so that drives without locks need not implement them.
public partial interface IDriveFileSystem
{
    /// <summary>Locks <paramref name="length"/> bytes at <paramref name="offset"/> (a range may lie beyond the end of
    /// the file). A conflict with another open's lock gives STATUS_LOCK_NOT_GRANTED at once, unless
    /// <paramref name="wait"/>: then the call completes when the range is granted, or is cancelled. A handle that held
    /// locks when the connection was lost fails from then on (STATUS_FILE_INVALID): the server released them.</summary>
    ValueTask<VfsStatus> LockAsync(VfsHandle handle, ulong offset, ulong length, VfsLockType type, bool wait,
        CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_NOT_SUPPORTED);

    /// <summary>Releases one lock of exactly this range; STATUS_RANGE_NOT_LOCKED when the handle holds none.</summary>
    ValueTask<VfsStatus> UnlockAsync(VfsHandle handle, ulong offset, ulong length, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_NOT_SUPPORTED);

    /// <summary>Releases every lock the handle holds while keeping it open (Windows releases a handle's locks at
    /// cleanup, before the file object is closed). Never fails: a lock it could not release goes with the close.</summary>
    ValueTask UnlockAllAsync(VfsHandle handle, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Kind of byte-range lock: shared locks of several opens may overlap (and block others' writes, not their
/// reads); an exclusive lock overlaps no other open's lock and blocks others' reads and writes.</summary>
public enum VfsLockType
{
    Shared,
    Exclusive,
}
