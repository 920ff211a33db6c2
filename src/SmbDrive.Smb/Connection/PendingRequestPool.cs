namespace SmbDrive.Smb.Connection;

/// <summary>A small per-connection pool of <see cref="PendingRequest"/> objects.</summary>
internal sealed class PendingRequestPool
{
    private const int MaxPooled = 256;
    private readonly Stack<PendingRequest> _items = new();
    private readonly object _lock = new();

    public PendingRequest Rent()
    {
        lock (_lock)
        {
            if (_items.TryPop(out var item)) return item;
        }
        return new PendingRequest();
    }

    /// <summary>Takes back a request whose result the caller has consumed; others are left to the GC,
    /// because a late answer or the watchdog may still look at them.</summary>
    public void Return(PendingRequest item)
    {
        if (!item.CanReuse) return;
        item.Reset();
        lock (_lock)
        {
            if (_items.Count < MaxPooled) _items.Push(item);
        }
    }
}
