namespace SmbDrive.Smb.Connection;

/// <summary>A request on the wire, as the connection core's watchdog sees it.</summary>
internal interface IPendingRequest
{
    /// <summary>Environment.TickCount64 after which the connection is declared dead.</summary>
    long Deadline { get; }

    /// <summary>The request's command, for the message that ends the connection.</summary>
    string CommandName { get; }
}

/// <summary>Requests in flight by MessageId (SMB2) or MID (SMB1). A plain dictionary under a lock: unlike
/// ConcurrentDictionary it allocates nothing per request once it has grown, and every operation is a few
/// instructions long.</summary>
internal sealed class PendingTable<TKey, TRequest> where TKey : notnull where TRequest : class, IPendingRequest
{
    private readonly Dictionary<TKey, TRequest> _items = new(capacity: 64);
    private readonly Lock _lock = new();

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public void Add(TKey key, TRequest request)
    {
        lock (_lock) _items[key] = request;
    }

    /// <summary>Adds under the first key after <paramref name="after"/> (by <paramref name="next"/>) that no
    /// request holds, and returns it.</summary>
    public TKey AddUnderFreeKey(TRequest request, TKey after, Func<TKey, TKey> next)
    {
        lock (_lock)
        {
            TKey key = after;
            do key = next(key);
            while (_items.ContainsKey(key));
            _items.Add(key, request);
            return key;
        }
    }

    public bool TryGet(TKey key, out TRequest request)
    {
        lock (_lock) return _items.TryGetValue(key, out request!);
    }

    public bool TryRemove(TKey key)
    {
        lock (_lock) return _items.Remove(key);
    }

    /// <summary>Removes and returns everything, for failing them all outside the lock.</summary>
    public TRequest[] TakeAll()
    {
        lock (_lock)
        {
            var all = _items.Values.ToArray();
            _items.Clear();
            return all;
        }
    }

    /// <summary>The command of the first request past its deadline, if any.</summary>
    public string? FindOverdue(long nowTicks)
    {
        lock (_lock)
        {
            foreach (var p in _items.Values)
                if (p.Deadline < nowTicks) return p.CommandName;
        }
        return null;
    }
}
