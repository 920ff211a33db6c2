using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages;

/// <summary>SMB2 READ request (MS-SMB2 2.2.19): the read SMB of the product brief — file handle (FileId),
/// offset, length, and the "estimated total" still to come (RemainingBytes), matched back by MessageId.</summary>
/// <remarks>body: 0 StructureSize(49) 2 Padding 3 Flags 4 Length 8 Offset 16 FileId(16) 32 MinimumCount
/// 36 Channel 40 RemainingBytes 44 ReadChannelInfoOffset 46 ReadChannelInfoLength 48 Buffer(1).
/// Only the connection's READ path sends it, without a request object, so that a READ allocates nothing.</remarks>
internal static class ReadRequest
{
    public const int Size = 49;

    /// <summary>Encodes the body.</summary>
    public static void Write(Span<byte> body, Smb2FileId fileId, long offset, int length, uint remainingBytes)
    {
        body[..Size].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(body, Size);
        body[2] = 0x50; // ask for the data right after the 16-byte response body, as Windows does
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], (uint)length);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], (ulong)offset);
        fileId.Write(body[16..]);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], remainingBytes);
    }
}

/// <summary>SMB2 READ response (MS-SMB2 2.2.20): 0 StructureSize(17) 2 DataOffset 3 Reserved 4 DataLength
/// 8 DataRemaining 12 Reserved2 16 Buffer.</summary>
internal static class ReadResponse
{
    public const int BodySize = 16;

    /// <summary>Where the data lies in the message: (offset from header start, length), both validated.</summary>
    public static (int Offset, int Length) Locate(ReadOnlySpan<byte> message, int requested)
    {
        var r = new BodyReader(message, "READ", 17, BodySize);
        int offset = r.U8(2);
        uint length = r.U32(4);
        if (length > (uint)requested)
            throw r.Malformed($"{length} bytes returned for a {requested}-byte read");
        r.Buffer(offset, length); // bounds check
        return (offset, (int)length);
    }
}
