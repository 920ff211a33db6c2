using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 WRITE request (MS-SMB2 2.2.21). The data follows the 48-byte fixed part, so DataOffset is
/// always 0x70 (Samba refuses anything else); the payload is copied into the frame when it is encoded.</summary>
/// <remarks>body: 0 StructureSize(49) 2 DataOffset 4 Length 8 Offset 16 FileId(16) 32 Channel 36 RemainingBytes
/// 40 WriteChannelInfoOffset 42 WriteChannelInfoLength 44 Flags 48 Buffer.</remarks>
internal sealed class WriteRequest(Smb2FileId fileId, long offset, ReadOnlyMemory<byte> data, uint remainingBytes) : ISmb2Request
{
    public const int FixedSize = 48;

    public Smb2Command Command => Smb2Command.Write;
    // The buffer holds at least one byte even for a zero-length write (StructureSize 49).
    public int BodySize => FixedSize + Math.Max(1, data.Length);
    public int CreditPayloadSize => data.Length;

    public void WriteBody(Span<byte> body)
    {
        body[..FixedSize].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, 49);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], Smb2Header.Size + FixedSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)data.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], (ulong)offset);
        fileId.Write(body[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], remainingBytes);
        if (data.IsEmpty) body[FixedSize] = 0;
        else data.Span.CopyTo(body[FixedSize..]);
    }
}

/// <summary>SMB2 WRITE response (MS-SMB2 2.2.22): 0 StructureSize(17) 2 Reserved 4 Count 8 Remaining
/// 12 WriteChannelInfoOffset 14 WriteChannelInfoLength.</summary>
internal static class WriteResponse
{
    /// <summary>Bytes the server wrote; never more than were sent.</summary>
    public static int Count(ReadOnlySpan<byte> message, int sent)
    {
        var r = new BodyReader(message, "WRITE", 17, 16);
        uint count = r.U32(4);
        if (count > (uint)sent) throw r.Malformed($"{count} bytes acknowledged for a {sent}-byte write");
        return (int)count;
    }
}
