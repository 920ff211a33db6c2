using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages.Leases;

namespace SmbDrive.Smb.Connection;

// Unsolicited OPLOCK_BREAK messages (MessageId all ones, MS-SMB2 3.2.5.19): parsed on the receive loop and handed
// to the receiver, which must not block it.
internal sealed partial class SmbConnection
{
    private IServerBreakReceiver? _breakReceiver;

    /// <summary>Who gets this connection's breaks (the tree on it). Without one a break is logged and dropped, and
    /// the server waits for its timeout.</summary>
    public IServerBreakReceiver? BreakReceiver
    {
        get => Volatile.Read(ref _breakReceiver);
        set => Volatile.Write(ref _breakReceiver, value);
    }

    /// <summary>A break notification is not verified as a response is (MS-SMB2 3.2.5.1.3 skips MessageId all ones:
    /// a lease break names no session, SessionId 0, so there is no key to check it with). It can only make us give up
    /// caching and send an acknowledgement we sign ourselves; a forged one costs performance, never data. A malformed
    /// one is logged and dropped, and the connection goes on.</summary>
    private void DispatchBreak(Smb2Header header, ReadOnlySpan<byte> message)
    {
        if (header.Command != Smb2Command.OplockBreak)
        {
            Log.Debug("Ignoring unsolicited {Command} from {Endpoint}", header.Command, Endpoint);
            return;
        }
        try
        {
            var receiver = BreakReceiver;
            switch (BreakKind(message))
            {
                case LeaseBreakNotification.StructureSize:
                    var lease = LeaseBreakNotification.Parse(message);
                    Log.Debug("Lease break from {Endpoint}: {Key} {Current} -> {New}, epoch {Epoch}, ack {Ack}",
                        Endpoint, lease.Key, lease.CurrentState, lease.NewState, lease.NewEpoch, lease.AcknowledgeRequired);
                    if (receiver is null) Log.Warning("Lease break from {Endpoint} with nobody to handle it", Endpoint);
                    else receiver.OnLeaseBreak(lease);
                    break;
                case OplockBreakNotification.StructureSize:
                    var oplock = OplockBreakNotification.Parse(message);
                    Log.Debug("Oplock break from {Endpoint}: {FileId} -> {Level}", Endpoint, oplock.FileId, oplock.NewLevel);
                    if (receiver is null) Log.Warning("Oplock break from {Endpoint} with nobody to handle it", Endpoint);
                    else receiver.OnOplockBreak(oplock);
                    break;
                case int size:
                    throw new SmbProtocolException(size < 0 ? "malformed break notification: no body" : $"malformed break notification: StructureSize {size}");
            }
        }
        catch (SmbProtocolException e)
        {
            Log.Warning("{Endpoint}: dropped a break notification: {Reason}", Endpoint, e.Message);
        }
    }

    private static int BreakKind(ReadOnlySpan<byte> message) =>
        message.Length >= Smb2Header.Size + 2 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(message[Smb2Header.Size..]) : -1;
}
