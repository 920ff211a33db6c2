using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_READ response (MS-CIFS 2.2.4.11.2).</summary>
/// <remarks>Words (5): 0 CountOfBytesReturned(2) 2 Reserved(8). Bytes: BufferFormat(1) = 0x01 (data block),
/// CountOfBytesRead(2), the data. Fewer bytes than asked is the end-of-file indicator.</remarks>
internal static class CoreReadResponse
{
    private const int WordCount = 5;
    private const byte DataBlock = 0x01;

    public static (int Offset, int Length) Locate(ReadOnlySpan<byte> message, int requested)
    {
        var reader = new Smb1Reader(message, "READ");
        reader.RequireWords(WordCount);
        int returned = reader.U16(0);
        if (returned > requested) throw reader.Malformed($"{returned} bytes returned for {requested} requested");
        if (returned == 0 && reader.ByteCount == 0) return (0, 0);
        if (reader.ByteCount < 3 + returned) throw reader.Malformed($"ByteCount {reader.ByteCount} cannot hold {returned} data bytes");
        ReadOnlySpan<byte> bytes = reader.Bytes;
        if (bytes[0] != DataBlock) throw reader.Malformed($"BufferFormat 0x{bytes[0]:X2}, expected a data block");
        if (BinaryPrimitives.ReadUInt16LittleEndian(bytes[1..]) != returned)
            throw reader.Malformed("CountOfBytesRead differs from CountOfBytesReturned");
        return (reader.BytesOffset + 3, returned);
    }
}
