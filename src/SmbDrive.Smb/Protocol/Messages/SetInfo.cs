using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 SET_INFO request (MS-SMB2 2.2.39). The buffer (an MS-FSCC information class, built by
/// <see cref="Fscc.SetFileInformation"/>) follows the 32-byte fixed part. The response (2.2.40) is
/// StructureSize 2 and carries nothing.</summary>
/// <remarks>body: 0 StructureSize(33) 2 InfoType 3 FileInfoClass 4 BufferLength 8 BufferOffset 10 Reserved
/// 12 AdditionalInformation 16 FileId(16) 32 Buffer.</remarks>
internal sealed class SetInfoRequest(byte infoType, byte infoClass, Smb2FileId fileId, byte[] buffer) : ISmb2Request
{
    public const int FixedSize = 32;

    public Smb2Command Command => Smb2Command.SetInfo;
    public int BodySize => FixedSize + Math.Max(1, buffer.Length);
    public int CreditPayloadSize => buffer.Length;

    public void WriteBody(Span<byte> body)
    {
        body[..(FixedSize + 1)].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 33);
        body[2] = infoType;
        body[3] = infoClass;
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)buffer.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], Smb2Header.Size + FixedSize);
        fileId.Write(body[16..]);
        buffer.CopyTo(body[FixedSize..]);
    }
}
