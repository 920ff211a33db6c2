namespace SmbDrive.Smb.Session;

// Directory watches pending on this tree's connection (one tree per connection). Each pending CHANGE_NOTIFY holds
// its credit charge until the server answers, which may be never; so that watches cannot take every credit and
// stall the reads and metadata requests behind them, at most a quarter of the connection's credits may be held
// by watches at once.
internal sealed partial class SmbTree
{
    private int _pendingWatches;

    /// <summary>Watches waiting on the server now (for tests and logs).</summary>
    internal int PendingWatches => Volatile.Read(ref _pendingWatches);

    /// <summary>The most watches that may wait at once: a quarter of the credits the server has granted, at least one.</summary>
    internal int MaxPendingWatches => (int)Math.Max(1, _connection.Credits.Granted / 4);

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
