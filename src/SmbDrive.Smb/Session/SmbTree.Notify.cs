namespace SmbDrive.Smb.Session;

// Directory watches pending on this tree's connection (one tree per connection). Each pending CHANGE_NOTIFY holds
// its credit charge (one, for a buffer of up to 64 KiB) until the server answers, which may be never. Samba grants a
// credit back in the interim response, so its watches cost the connection nothing; a server that did not would see
// its window shrink by one per watch. Either way, so that watches can never take the credits that reads and
// metadata requests need, the watches pending at once are at most a quarter of the credit target (or of what the
// server granted, if it grants less). A server that grants the target leaves at least three quarters of it free.
internal sealed partial class SmbTree
{
    private int _pendingWatches;

    /// <summary>Watches waiting on the server now (for tests and logs).</summary>
    internal int PendingWatches => Volatile.Read(ref _pendingWatches);

    /// <summary>The most watches that may wait at once, at least one.</summary>
    internal int MaxPendingWatches =>
        (int)Math.Max(1, Math.Min(_options.CreditTarget, _connection.Credits.Granted) / 4);

    /// <summary>Takes a place for one pending watch; false when the connection has none left.</summary>
    internal bool TryEnterWatch()
    {
        int limit = MaxPendingWatches;
        while (true)
        {
            int current = Volatile.Read(ref _pendingWatches);
            if (current >= limit) return false;
            if (Interlocked.CompareExchange(ref _pendingWatches, current + 1, current) == current) return true;
        }
    }

    internal void LeaveWatch() => Interlocked.Decrement(ref _pendingWatches);
}
