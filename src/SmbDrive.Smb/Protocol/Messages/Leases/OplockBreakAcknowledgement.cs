using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages.Leases;

/// <summary>SMB2 Oplock Break Acknowledgment (MS-SMB2 2.2.24.1): 0 StructureSize(24) 2 OplockLevel 3 Reserved
/// 4 Reserved2 8 FileId(16). The response (2.2.25.1) is parsed with <see cref="OplockBreakNotification.Parse"/>.</summary>
internal sealed class OplockBreakAcknowledgement(Smb2FileId fileId, OplockLevel level) : ISmb2Request
{
    public Smb2Command Command => Smb2Command.OplockBreak;
    public int BodySize => OplockBreakNotification.StructureSize;
    public int CreditPayloadSize => 0;

    public void WriteBody(Span<byte> body)
    {
        body[..BodySize].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, OplockBreakNotification.StructureSize);
        body[2] = (byte)level;
        fileId.Write(body[8..]);
    }
}
