namespace SmbDrive.Smb.Connection;

/// <summary>Requests in flight by MessageId. A plain dictionary under a lock: unlike ConcurrentDictionary it
/// allocates nothing per request once it has grown, and every operation is a few instructions long.</summary>
internal sealed class PendingTable
{
    private readonly Dictionary<ulong, PendingRequest> _items = new(capacity: 64);
    private readonly object _lock = new();

    public void Add(PendingRequest pending)
    {
        lock (_lock) _items[pending.MessageId] = pending;
    }

    public bool TryGet(ulong messageId, out PendingRequest pending)
    {
        lock (_lock) return _items.TryGetValue(messageId, out pending!);
    }

    public bool TryRemove(ulong messageId)
    {
        lock (_lock) return _items.Remove(messageId);
    }

    /// <summary>Removes and returns everything, for failing them all outside the lock.</summary>
    public PendingRequest[] TakeAll()
    {
        lock (_lock)
        {
            var all = _items.Values.ToArray();
            _items.Clear();
            return all;
        }
    }

    /// <summary>The command of the first request past its deadline, if any.</summary>
    public Protocol.Smb2Command? FindExpired(long nowTicks)
    {
        lock (_lock)
        {
            foreach (var p in _items.Values)
                if (p.DeadlineTicks < nowTicks) return p.Command;
        }
        return null;
    }
}
