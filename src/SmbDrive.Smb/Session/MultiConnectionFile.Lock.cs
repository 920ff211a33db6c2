namespace SmbDrive.Smb.Session;

// Locks belong to the first connection's open, like every write-side call. A lock binds every other open of the
// file, the extra connections' read-only opens included: the server would refuse their READs in a range the first
// open locked (FILE_LOCK_CONFLICT). So while this open holds any lock, reads use the first open alone.
internal sealed partial class MultiConnectionFile : ISmbLockableFile
{
    private int _locksHeld;

    /// <summary>Whether this open holds a lock, and reads must therefore stay on the first open.</summary>
    private bool HoldsLocks => Volatile.Read(ref _locksHeld) > 0;

    public async Task LockAsync(ulong offset, ulong length, SmbLockType type, bool wait, CancellationToken cancellationToken)
    {
        // Counted before the request goes out, so that no read is placed on another open once the lock is granted.
        Interlocked.Increment(ref _locksHeld);
        try
        {
            await _primary.LockAsync(offset, length, type, wait, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref _locksHeld);
            throw;
        }
    }

    public async Task UnlockAsync(ulong offset, ulong length, CancellationToken cancellationToken)
    {
        await _primary.UnlockAsync(offset, length, cancellationToken).ConfigureAwait(false);
        // Each granted lock is released by exactly one successful unlock (no merging or splitting), so the count
        // stays exact.
        Interlocked.Decrement(ref _locksHeld);
    }
}
