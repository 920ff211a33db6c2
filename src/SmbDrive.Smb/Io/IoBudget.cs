namespace SmbDrive.Smb.Io;

/// <summary>How many bytes of READs and WRITEs one connection may have in flight now, for every file read or
/// written over it: the connection's adaptive <see cref="ReadWindow"/>, but never more than three quarters of
/// what its granted credits pay for, so that other requests on the connection still get through. A request that
/// would go over the limit waits until earlier ones complete; one is always let through on an idle connection,
/// however large.</summary>
/// <remarks>Thread-safe. Entering with room to spare allocates nothing; only a READ that has to wait allocates
/// its waiter.</remarks>
internal sealed class IoBudget
{
    private readonly Lock _lock = new();
    private readonly Func<int, long> _creditBytes;
    private readonly Queue<Waiter> _waiters = new();
    private long _inFlight;
    private long _queued;

    /// <param name="window">The connection's measured window.</param>
    /// <param name="creditBytes">Bytes of READs of a given size that the connection's granted credits pay for now
    /// (SMB2: credits × 64 KiB; SMB1: the server's MaxMpxCount × the READ size).</param>
    public IoBudget(ReadWindow window, Func<int, long> creditBytes)
    {
        Window = window;
        _creditBytes = creditBytes;
    }

    public ReadWindow Window { get; }

    /// <summary>Bytes of READs in flight on the connection now.</summary>
    public long InFlightBytes
    {
        get { lock (_lock) return _inFlight; }
    }

    /// <summary>The most bytes of READs of <paramref name="readBytes"/> each that the connection takes in flight now.</summary>
    public long LimitBytes(int readBytes) => Math.Max(1, Math.Min(Window.TargetBytes, _creditBytes(readBytes) * 3 / 4));

    /// <summary>How full the connection would be with <paramref name="bytes"/> more, counting READs that wait
    /// for room: the scheduler sends a READ on the connection where this is smallest.</summary>
    public double LoadWith(int bytes)
    {
        lock (_lock) return (_inFlight + _queued + bytes) / (double)LimitBytes(bytes);
    }

    /// <summary>Waits until <paramref name="bytes"/> more fit in the limit (or nothing is in flight), then counts them.</summary>
    public ValueTask EnterAsync(int bytes, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && Fits(bytes))
            {
                _inFlight += bytes;
                return ValueTask.CompletedTask;
            }
            waiter = new Waiter(bytes);
            _waiters.Enqueue(waiter);
            _queued += bytes;
        }
        return waiter.WaitAsync(cancellationToken);
    }

    /// <summary>Returns bytes counted by <see cref="EnterAsync"/> and lets waiting READs through in order.</summary>
    public void Exit(int bytes)
    {
        List<Waiter>? admitted = null;
        lock (_lock)
        {
            _inFlight -= bytes;
            while (_waiters.TryPeek(out var next))
            {
                if (next.IsCancelled)
                {
                    _waiters.Dequeue();
                    _queued -= next.Bytes;
                    continue;
                }
                if (!Fits(next.Bytes)) break;
                _waiters.Dequeue();
                _queued -= next.Bytes;
                _inFlight += next.Bytes;
                (admitted ??= []).Add(next);
            }
        }
        // Completed outside the lock: a continuation may run inline and come straight back.
        if (admitted is null) return;
        foreach (var w in admitted)
            if (!w.TryAdmit()) Exit(w.Bytes); // cancelled meanwhile: give its bytes back
    }

    private bool Fits(int bytes) => _inFlight == 0 || _inFlight + bytes <= LimitBytes(bytes);

    /// <summary>A READ waiting for room. Admitted and cancelled race; whichever comes first wins.</summary>
    private sealed class Waiter(int bytes)
    {
        private readonly TaskCompletionSource _admitted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Bytes { get; } = bytes;
        public bool IsCancelled => _admitted.Task.IsCanceled;
        public bool TryAdmit() => _admitted.TrySetResult();

        public async ValueTask WaitAsync(CancellationToken cancellationToken)
        {
            using (cancellationToken.UnsafeRegister(static s => ((TaskCompletionSource)s!).TrySetCanceled(), _admitted))
            {
                try
                {
                    await _admitted.Task.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }
    }
}
