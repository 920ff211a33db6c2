using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 IOCTL request (MS-SMB2 2.2.31), used for FSCTL_VALIDATE_NEGOTIATE_INFO.</summary>
/// <remarks>body: 0 StructureSize(57) 2 Reserved 4 CtlCode 8 FileId(16) 24 InputOffset 28 InputCount
/// 32 MaxInputResponse 36 OutputOffset 40 OutputCount 44 MaxOutputResponse 48 Flags 52 Reserved2 56 Buffer.</remarks>
internal sealed class IoctlRequest(uint ctlCode, Smb2FileId fileId, byte[] input, int maxOutput) : ISmb2Request
{
    public const uint FsctlValidateNegotiateInfo = 0x00140204;
    public const uint IsFsctl = 0x1;

    public Smb2Command Command => Smb2Command.Ioctl;
    public int BodySize => 56 + Math.Max(1, input.Length);
    public int CreditPayloadSize => Math.Max(input.Length, maxOutput);

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 57);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], ctlCode);
        fileId.Write(body[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], Smb2Header.Size + 56);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], (uint)input.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(body[44..], (uint)maxOutput);
        BinaryPrimitives.WriteUInt32LittleEndian(body[48..], IsFsctl);
        input.CopyTo(body[56..]);
    }
}

/// <summary>SMB2 IOCTL response (MS-SMB2 2.2.32): 0 StructureSize(49) … 32 OutputOffset 36 OutputCount.</summary>
internal static class IoctlResponse
{
    public static ReadOnlySpan<byte> Output(ReadOnlySpan<byte> message)
    {
        var r = new BodyReader(message, "IOCTL", 49, 48);
        return r.Buffer(r.U32(32), r.U32(36));
    }
}
