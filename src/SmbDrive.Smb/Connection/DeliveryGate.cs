using System.Runtime.CompilerServices;

namespace SmbDrive.Smb.Connection;

/// <summary>Where a READ's data may go, in the race between the receive loop, which copies the data into the
/// caller's memory, and the caller, who may give up waiting.</summary>
internal enum DeliveryState
{
    /// <summary>Nothing has happened yet: either side may move first.</summary>
    Waiting,
    /// <summary>The receive loop is writing into the caller's memory; the caller waits for it to finish.</summary>
    Delivering,
    /// <summary>The caller gave up: nothing may touch its memory any more, and a late answer is discarded.</summary>
    Abandoned,
}

/// <summary>The <see cref="DeliveryState"/> of one request, moved atomically. A mutable struct: keep it in a
/// field and call it there.</summary>
internal struct DeliveryGate
{
    private int _state;

    public readonly DeliveryState State => (DeliveryState)Volatile.Read(ref Unsafe.AsRef(in _state));

    /// <summary>The receive loop may write into the caller's memory (the caller has not given up).</summary>
    public bool TryBeginDelivery() =>
        Interlocked.CompareExchange(ref _state, (int)DeliveryState.Delivering, (int)DeliveryState.Waiting) == (int)DeliveryState.Waiting;

    /// <summary>The caller gives up, unless the receive loop is already delivering.</summary>
    public bool TryAbandon() =>
        Interlocked.CompareExchange(ref _state, (int)DeliveryState.Abandoned, (int)DeliveryState.Waiting) == (int)DeliveryState.Waiting;

    public void Reset() => _state = (int)DeliveryState.Waiting;
}
