using System.Threading.Tasks.Sources;
using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Connection;

/// <summary>A request that was sent and waits for its response, keyed by MessageId. It is its own awaitable
/// (no TaskCompletionSource) and is pooled by the connection, so a READ costs no allocation.</summary>
/// <remarks>The receive loop completes it by queueing it to the thread pool (it is its own work item):
/// the caller's continuation never runs on the receive loop, which must stay free to read the next frame.</remarks>
internal sealed class PendingRequest : IValueTaskSource<SmbResponse?>, IThreadPoolWorkItem, IPendingRequest
{
    private ManualResetValueTaskSourceCore<SmbResponse?> _core;
    private int _completed;
    private SmbResponse? _result;
    private Exception? _error;
    private readonly Lock _phaseLock = new();
    private PendingPhase _phase;
    private ulong? _asyncId;

    public ulong MessageId { get; private set; }
    public int Charge { get; private set; }
    public Smb2Command Command { get; private set; }

    /// <summary>For READ: where the data goes, so that the receive loop copies it once, straight from the
    /// socket buffer (or the socket itself) into the caller's memory.</summary>
    public Memory<byte> ReadDestination { get; private set; }

    /// <summary>Environment.TickCount64 after which the connection is declared dead; never once a STATUS_PENDING
    /// interim response came (see <see cref="OnInterim"/>).</summary>
    public long DeadlineTicks;

    /// <summary>Whether the receive loop may write into <see cref="ReadDestination"/>, or the caller gave up.</summary>
    public DeliveryGate Delivery;

    long IPendingRequest.Deadline => Volatile.Read(ref DeadlineTicks);
    string IPendingRequest.CommandName => Command.ToString();

    /// <summary>For READ the status and byte count live here instead of in an <see cref="SmbResponse"/>.</summary>
    public Smb2Header ReadHeader { get; set; }
    public int BytesDelivered { get; set; }

    /// <summary>True when the receive loop completed it with an answer and nothing else can still hold it.</summary>
    public bool CanReuse { get; private set; }

    public void Initialize(ulong messageId, int charge, Smb2Command command, Memory<byte> readDestination, long deadlineTicks)
    {
        MessageId = messageId;
        Charge = charge;
        Command = command;
        ReadDestination = readDestination;
        DeadlineTicks = deadlineTicks;
        Delivery.Reset();
        BytesDelivered = 0;
        ReadHeader = default;
        CanReuse = false;
        _result = null;
        _error = null;
        _phase = PendingPhase.Sent;
        _asyncId = null;
        _completed = 0;
    }

    /// <summary>The server answered STATUS_PENDING: it works on the request and will answer when done, which for a
    /// LOCK that waits may be hours away. The client waits indefinitely (MS-SMB2 3.2.5.1.5, 3.2.6.1), so the
    /// watchdog no longer judges the connection by this request, unless a CANCEL is already on its way.</summary>
    public void OnInterim(ulong asyncId)
    {
        lock (_phaseLock)
        {
            _asyncId = asyncId;
            if (_phase != PendingPhase.Sent) return;
            _phase = PendingPhase.Interim;
            Volatile.Write(ref DeadlineTicks, long.MaxValue);
        }
    }

    /// <summary>Marks the request as being cancelled and gives what a CANCEL must name; false when it has its
    /// answer already or a CANCEL went out before. The server must answer a cancelled request promptly, so the
    /// clock runs again from <paramref name="deadlineTicks"/>.</summary>
    public bool TryBeginCancel(long deadlineTicks, out ulong messageId, out ulong? asyncId)
    {
        lock (_phaseLock)
        {
            messageId = MessageId;
            asyncId = _asyncId;
            if (Volatile.Read(ref _completed) != 0 || _phase == PendingPhase.Cancelling) return false;
            _phase = PendingPhase.Cancelling;
            Volatile.Write(ref DeadlineTicks, deadlineTicks);
            return true;
        }
    }

    public ValueTask<SmbResponse?> WaitAsync() => new(this, _core.Version);

    /// <summary>Completes with the server's answer (null for a READ whose result is in the fields).</summary>
    public bool TryComplete(SmbResponse? response)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        _result = response;
        CanReuse = Delivery.State != DeliveryState.Abandoned;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    public bool TryFail(Exception error)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return false;
        _error = error;
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        return true;
    }

    void IThreadPoolWorkItem.Execute()
    {
        if (_error is not null) _core.SetException(_error);
        else _core.SetResult(_result);
    }

    /// <summary>Makes the object ready for its next request. Only the connection's pool calls this.</summary>
    public void Reset() => _core.Reset();

    SmbResponse? IValueTaskSource<SmbResponse?>.GetResult(short token) => _core.GetResult(token);
    ValueTaskSourceStatus IValueTaskSource<SmbResponse?>.GetStatus(short token) => _core.GetStatus(token);
    void IValueTaskSource<SmbResponse?>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

/// <summary>The life of a request between sending and its final response.</summary>
internal enum PendingPhase
{
    /// <summary>On the wire; the connection's request timeout applies.</summary>
    Sent,

    /// <summary>The server answered STATUS_PENDING and will answer again when done; no timeout.</summary>
    Interim,

    /// <summary>The caller gave up and a CANCEL was sent; the final answer is due within the request timeout.</summary>
    Cancelling,
}
