using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 CLOSE request (MS-SMB2 2.2.15): 0 StructureSize(24) 2 Flags 4 Reserved 8 FileId(16).
/// The response (2.2.16, StructureSize 60) carries nothing we use.</summary>
internal sealed class CloseRequest(Smb2FileId fileId) : ISmb2Request
{
    public Smb2Command Command => Smb2Command.Close;
    public int BodySize => 24;
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 24);
        fileId.Write(body[8..]);
    }
}
