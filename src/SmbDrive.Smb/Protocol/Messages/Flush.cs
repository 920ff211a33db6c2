using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 FLUSH request (MS-SMB2 2.2.17): 0 StructureSize(24) 2 Reserved1 4 Reserved2 8 FileId(16).
/// The response (2.2.18) is StructureSize 4 and carries nothing.</summary>
internal sealed class FlushRequest(Smb2FileId fileId) : ISmb2Request
{
    public Smb2Command Command => Smb2Command.Flush;
    public int BodySize => 24;
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        body[..24].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 24);
        fileId.Write(body[8..]);
    }
}
