using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Connection;

/// <summary>A request on the wire, waiting for its response under its MID (MS-CIFS 3.2.4.1.3: the MID is unique
/// among the client's outstanding requests).</summary>
internal sealed class Smb1PendingRequest : SmbDrive.Smb.Connection.IPendingRequest
{
    private readonly TaskCompletionSource<Smb1Response> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Smb1PendingRequest(Smb1Command command, long deadlineTicks)
    {
        Command = command;
        DeadlineTicks = deadlineTicks;
    }

    public Smb1Command Command { get; }
    public ushort Mid { get; set; }

    /// <summary>Environment.TickCount64 after which the connection is declared dead; each part of a multi-part
    /// transaction response pushes it back. long.MaxValue for a request the server may hold indefinitely (a
    /// LOCKING_ANDX that waits), until it is cancelled.</summary>
    public long DeadlineTicks;

    private int _cancelSent;

    /// <summary>Whether an NT_CANCEL for this request went out (set as its sending begins: if the connection fails
    /// instead, so does this request).</summary>
    public bool CancelSent => Volatile.Read(ref _cancelSent) != 0;

    /// <summary>Sequence number the response's signature must verify with; null when the request went out before
    /// signing was active. Written under the send lock before the request reaches the wire.</summary>
    public uint? ResponseSequence { get; set; }

    /// <summary>For reads: where the data goes and how much was asked for.</summary>
    public Memory<byte> ReadDestination { get; init; }
    public int ReadRequested { get; init; }
    public bool IsRead => ReadRequested > 0;

    /// <summary>A WRITE_ANDX, counted in <see cref="Smb1Counters"/> while it is on the wire.</summary>
    public bool IsWrite { get; init; }

    /// <summary>For TRANS2 requests: the parts received so far.</summary>
    public Trans2Assembler? Transaction { get; init; }

    /// <summary>Whether the receive loop may write into <see cref="ReadDestination"/>, or the caller gave up.</summary>
    public SmbDrive.Smb.Connection.DeliveryGate Delivery;

    long SmbDrive.Smb.Connection.IPendingRequest.Deadline => Volatile.Read(ref DeadlineTicks);
    string SmbDrive.Smb.Connection.IPendingRequest.CommandName => Command.ToString();

    public Task<Smb1Response> Task => _completion.Task;

    /// <summary>Marks the request as being cancelled; false when its answer is in or an NT_CANCEL went out before.
    /// The server must answer a cancelled request promptly, so the clock runs again from
    /// <paramref name="deadlineTicks"/>.</summary>
    public bool TryBeginCancel(long deadlineTicks)
    {
        if (Task.IsCompleted || Interlocked.Exchange(ref _cancelSent, 1) != 0) return false;
        Volatile.Write(ref DeadlineTicks, deadlineTicks);
        return true;
    }

    public bool TryComplete(Smb1Response response) => _completion.TrySetResult(response);

    public bool TryFail(Exception error) => _completion.TrySetException(error);
}
