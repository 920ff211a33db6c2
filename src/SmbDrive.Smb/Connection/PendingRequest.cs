namespace SmbDrive.Smb.Connection;

/// <summary>A request that was sent and waits for its response, keyed by MessageId.</summary>
internal sealed class PendingRequest
{
    public PendingRequest(ulong messageId, int charge, Protocol.Smb2Command command, Memory<byte> readDestination, long deadlineTicks)
    {
        MessageId = messageId;
        Charge = charge;
        Command = command;
        ReadDestination = readDestination;
        DeadlineTicks = deadlineTicks;
    }

    public ulong MessageId { get; }
    public int Charge { get; }
    public Protocol.Smb2Command Command { get; }

    /// <summary>For READ: where the data goes, so that the receive loop copies it once, straight from the
    /// socket buffer (or the socket itself) into the caller's memory.</summary>
    public Memory<byte> ReadDestination { get; }

    /// <summary>Environment.TickCount64 after which the connection is declared dead; pushed back by a
    /// STATUS_PENDING interim response.</summary>
    public long DeadlineTicks { get; set; }

    public ulong AsyncId { get; set; }

    /// <summary>0 waiting, 1 the receive loop is writing into <see cref="ReadDestination"/>, 2 the caller gave up.
    /// Once the caller has given up, nothing may touch its memory any more.</summary>
    public int State;

    public TaskCompletionSource<SmbResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
