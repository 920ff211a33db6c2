using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>The requests whose body is StructureSize 4 and two reserved bytes: LOGOFF (MS-SMB2 2.2.7),
/// TREE_DISCONNECT (2.2.11), ECHO (2.2.28). Their responses have the same shape and carry nothing.</summary>
internal sealed class EmptyRequest(Smb2Command command) : ISmb2Request
{
    public static readonly EmptyRequest Logoff = new(Smb2Command.Logoff);
    public static readonly EmptyRequest TreeDisconnect = new(Smb2Command.TreeDisconnect);
    public static readonly EmptyRequest Echo = new(Smb2Command.Echo);

    public Smb2Command Command => command;
    public int BodySize => 4;
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body, 4);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], 0);
    }
}
