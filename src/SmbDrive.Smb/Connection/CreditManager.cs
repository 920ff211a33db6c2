namespace SmbDrive.Smb.Connection;

/// <summary>The SMB2 credit window (MS-SMB2 3.2.4.1.5, 3.2.5.1.4): how many MessageIds we may still use,
/// the next MessageId, and a FIFO of callers waiting for credits. A request of charge N takes N consecutive
/// MessageIds. Credits come back with every response. Waiters are served strictly in order so that a large
/// read cannot be starved by a stream of small requests.</summary>
/// <remarks>Lock order: this object's lock is a leaf; no callback runs under it.</remarks>
internal sealed class CreditManager
{
    private readonly object _lock = new();
    private readonly Queue<Waiter> _waiters = new();
    private long _available;
    private ulong _nextMessageId;
    private long _outstanding;
    private Exception? _failure;

    public CreditManager(int initialCredits) => _available = initialCredits;

    public long Available { get { lock (_lock) return _available; } }
    public long Outstanding { get { lock (_lock) return _outstanding; } }

    /// <summary>Credits the server has granted in all: those still free plus those held by requests in flight.</summary>
    public long Granted { get { lock (_lock) return _available + _outstanding; } }

    /// <summary>Takes <paramref name="charge"/> credits and returns the first of the MessageIds they cover.</summary>
    public ValueTask<ulong> AcquireAsync(int charge, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_failure is not null) return ValueTask.FromException<ulong>(_failure);
            if (_waiters.Count == 0 && _available >= charge) return ValueTask.FromResult(Take(charge));
            var waiter = new Waiter(charge);
            _waiters.Enqueue(waiter);
            if (cancellationToken.CanBeCanceled)
                waiter.Registration = cancellationToken.Register(static s => ((Waiter)s!).Source.TrySetCanceled(), waiter);
            return new ValueTask<ulong>(waiter.Source.Task);
        }
    }

    /// <summary>Credits granted by a response (or an interim response).</summary>
    public void Grant(int credits, int chargeCompleted)
    {
        List<(Waiter, ulong)>? ready = null;
        lock (_lock)
        {
            _available += credits;
            _outstanding -= chargeCompleted;
            while (_waiters.Count > 0)
            {
                var head = _waiters.Peek();
                if (head.Source.Task.IsCompleted) { _waiters.Dequeue(); continue; } // cancelled
                if (_available < head.Charge) break;
                _waiters.Dequeue();
                (ready ??= []).Add((head, Take(head.Charge)));
            }
        }
        if (ready is null) return;
        foreach (var (waiter, id) in ready)
        {
            waiter.Registration.Dispose();
            if (!waiter.Source.TrySetResult(id))
                Grant(waiter.Charge, waiter.Charge); // cancelled between dequeue and completion: hand the credits back
        }
    }

    /// <summary>Credits to ask for in a request of <paramref name="charge"/>: enough to keep
    /// <paramref name="target"/> granted, bounded so one request cannot ask for an absurd number.</summary>
    public ushort CreditRequest(int charge, int target)
    {
        lock (_lock)
        {
            long want = target - (_available + _outstanding);
            return (ushort)Math.Clamp(charge + Math.Max(0, want), 1, 1024);
        }
    }

    public void Fail(Exception failure)
    {
        List<Waiter> waiters;
        lock (_lock)
        {
            _failure ??= failure;
            waiters = [.. _waiters];
            _waiters.Clear();
        }
        foreach (var w in waiters)
        {
            w.Registration.Dispose();
            w.Source.TrySetException(failure);
        }
    }

    private ulong Take(int charge)
    {
        _available -= charge;
        _outstanding += charge;
        ulong id = _nextMessageId;
        _nextMessageId += (ulong)charge;
        return id;
    }

    private sealed class Waiter(int charge)
    {
        public readonly int Charge = charge;
        public readonly TaskCompletionSource<ulong> Source = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Registration;
    }
}
