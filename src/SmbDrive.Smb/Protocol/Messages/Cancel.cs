using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 CANCEL request (MS-SMB2 2.2.30): 0 StructureSize(4) 2 Reserved. It names its target by the
/// header alone: the target's MessageId, and once the server has answered STATUS_PENDING the ASYNC_COMMAND flag
/// and the AsyncId it gave (3.2.4.24). It has no response: the target completes, usually with STATUS_CANCELLED.</summary>
internal static class CancelRequest
{
    public const int BodySize = 4;
    public const int Size = Smb2Header.Size + BodySize;

    /// <summary>Encodes the whole message into <paramref name="message"/> (<see cref="Size"/> bytes), the
    /// signature field zero. <paramref name="asyncId"/> is null while no interim response has arrived, and the
    /// synchronous form then names the tree instead.</summary>
    public static void Write(Span<byte> message, ulong messageId, ulong? asyncId, uint treeId, ulong sessionId, bool signed)
    {
        var header = new Smb2Header
        {
            Command = Smb2Command.Cancel,
            // A CANCEL reuses its target's MessageId, takes no credit and gets no response that could grant one,
            // so it charges and asks for none (Samba skips its credit checks for CANCEL).
            CreditCharge = 0,
            Credits = 0,
            MessageId = messageId,
            SessionId = sessionId,
            Flags = (asyncId is null ? Smb2Flags.None : Smb2Flags.AsyncCommand) | (signed ? Smb2Flags.Signed : Smb2Flags.None),
            AsyncId = asyncId ?? 0,
            TreeId = asyncId is null ? treeId : 0,
        };
        header.Write(message);
        BinaryPrimitives.WriteUInt16LittleEndian(message[Smb2Header.Size..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(message[(Smb2Header.Size + 2)..], 0);
    }
}
