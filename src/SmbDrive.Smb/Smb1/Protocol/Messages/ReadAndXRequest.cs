using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_READ_ANDX request (MS-CIFS 2.2.4.42.1 with MS-SMB 2.2.4.2.1).</summary>
/// <remarks>Words (12, or 10 without OffsetHigh): 0 AndX(4) 4 FID(2) 6 Offset(4) 10 MaxCountOfBytesToReturn(2)
/// 12 MinCountOfBytesToReturn(2) 14 Timeout_or_MaxCountHigh(4: for files MaxCountHigh(2), the bits 16-31 of the
/// count with CAP_LARGE_READX, then 2 zero bytes) 18 Remaining(2) 20 OffsetHigh(4). ByteCount 0.</remarks>
internal sealed class ReadAndXRequest : ISmb1Request
{
    public ReadAndXRequest(ushort fid, long offset, int count, int remaining, bool largeOffsets)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!largeOffsets && offset > uint.MaxValue)
            throw new SmbException($"offset {offset} needs 64-bit offsets, which the server did not negotiate (CAP_LARGE_FILES)");
        Fid = fid;
        Offset = offset;
        Count = count;
        Remaining = (ushort)Math.Clamp(remaining, 0, ushort.MaxValue);
        WordCount = largeOffsets ? 12 : 10;
    }

    public ushort Fid { get; }
    public long Offset { get; }
    public int Count { get; }

    /// <summary>Estimate of the bytes the client will read, this request included, capped at 0xFFFF.</summary>
    public ushort Remaining { get; }
    public int WordCount { get; }

    public Smb1Command Command => Smb1Command.ReadAndX;

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, 0);

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Span<byte> words = Smb1Layout.Begin(message, WordCount, 0);
        Smb1Layout.NoAndX(words);
        BinaryPrimitives.WriteUInt16LittleEndian(words[4..], Fid);
        BinaryPrimitives.WriteUInt32LittleEndian(words[6..], (uint)Offset);
        BinaryPrimitives.WriteUInt16LittleEndian(words[10..], (ushort)Count);
        BinaryPrimitives.WriteUInt16LittleEndian(words[12..], 0);
        // MaxCountHigh: 0 unless the count does not fit 16 bits (MS-SMB 3.2.4.4).
        BinaryPrimitives.WriteUInt16LittleEndian(words[14..], (ushort)(Count >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(words[16..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(words[18..], Remaining);
        if (WordCount == 12) BinaryPrimitives.WriteUInt32LittleEndian(words[20..], (uint)((ulong)Offset >> 32));
    }
}
