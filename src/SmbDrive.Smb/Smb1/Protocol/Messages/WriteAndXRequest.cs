using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_WRITE_ANDX request (MS-CIFS 2.2.4.43.1 with MS-SMB 2.2.4.3.1).</summary>
/// <remarks>Words (14, or 12 without OffsetHigh): 0 AndX(4) 4 FID(2) 6 Offset(4) 10 Timeout(4) 14 WriteMode(2)
/// 16 Remaining(2) 18 DataLengthHigh(2, bits 16-31 of the length with CAP_LARGE_WRITEX) 20 DataLength(2)
/// 22 DataOffset(2, from the header start) 24 OffsetHigh(4). Bytes: one pad byte, then the data, so that with 14
/// words the data starts at offset 64, the "standard" header size Samba and Windows clients use. ByteCount cannot
/// hold a length above 0xFFFF; like other clients we send its low 16 bits and servers go by DataLength.</remarks>
internal sealed class WriteAndXRequest : ISmb1Request
{
    private const int Pad = 1;
    private readonly ReadOnlyMemory<byte> _data;

    public WriteAndXRequest(ushort fid, long offset, ReadOnlyMemory<byte> data, int remaining, bool largeOffsets, bool largeWrite)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (data.IsEmpty) throw new ArgumentException("WRITE_ANDX of zero bytes", nameof(data));
        if (!largeOffsets && offset + data.Length > uint.MaxValue + 1L)
            throw new SmbException($"a write at offset {offset} needs 64-bit offsets, which the server did not negotiate (CAP_LARGE_FILES)");
        if (data.Length > (largeWrite ? 0xFFFFFF : ushort.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "too long for one WRITE_ANDX");
        Fid = fid;
        Offset = offset;
        _data = data;
        Remaining = (ushort)Math.Clamp(remaining, 0, ushort.MaxValue);
        WordCount = largeOffsets ? 14 : 12;
        MayExceedMaxBufferSize = largeWrite;
    }

    public ushort Fid { get; }
    public long Offset { get; }
    public int Count => _data.Length;

    /// <summary>Bytes the client still means to write after this request, capped at 0xFFFF (advisory for files).</summary>
    public ushort Remaining { get; }
    public int WordCount { get; }
    public bool MayExceedMaxBufferSize { get; }

    /// <summary>Where the data starts, from the header start.</summary>
    public int DataOffset => Smb1Layout.BytesOffset(WordCount) + Pad;

    public Smb1Command Command => Smb1Command.WriteAndX;

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, Pad + _data.Length);

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        // Written by hand rather than with Smb1Layout.Begin: a large write's ByteCount does not fit 16 bits.
        message[Smb1Header.Size] = (byte)WordCount;
        Span<byte> words = message.Slice(Smb1Layout.WordsOffset, 2 * WordCount);
        words.Clear();
        Smb1Layout.NoAndX(words);
        BinaryPrimitives.WriteUInt16LittleEndian(words[4..], Fid);
        BinaryPrimitives.WriteUInt32LittleEndian(words[6..], (uint)Offset);
        BinaryPrimitives.WriteUInt16LittleEndian(words[16..], Remaining);
        BinaryPrimitives.WriteUInt16LittleEndian(words[18..], (ushort)(Count >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(words[20..], (ushort)Count);
        BinaryPrimitives.WriteUInt16LittleEndian(words[22..], (ushort)DataOffset);
        if (WordCount == 14) BinaryPrimitives.WriteUInt32LittleEndian(words[24..], (uint)((ulong)Offset >> 32));
        BinaryPrimitives.WriteUInt16LittleEndian(message[(Smb1Layout.WordsOffset + 2 * WordCount)..], (ushort)(Pad + Count));
        message[DataOffset - Pad] = 0;
        _data.Span.CopyTo(message[DataOffset..]);
    }
}
