using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>Bounds-checked view of one SMB1 response: header, then SMB_Parameters (WordCount and the words) and
/// SMB_Data (ByteCount and the bytes), MS-CIFS 2.2.3.2 and 2.2.3.3. Offsets inside SMB1 bodies count from the
/// start of the header, so the reader keeps the whole message and checks each (offset, length) pair in 64-bit
/// arithmetic before slicing. Every violation is an <see cref="SmbProtocolException"/>.</summary>
internal readonly ref struct Smb1Reader
{
    public const int WordsOffset = Smb1Header.Size + 1;

    private readonly ReadOnlySpan<byte> _message;
    private readonly string _what;

    /// <param name="message">The whole SMB1 message, header first, no transport frame.</param>
    /// <param name="what">The command name for messages, e.g. "NT_CREATE_ANDX".</param>
    public Smb1Reader(ReadOnlySpan<byte> message, string what)
    {
        _message = message;
        _what = what;
        if (message.Length < Smb1Header.Size + 1) throw Malformed("no WordCount");
        WordCount = message[Smb1Header.Size];
        long byteCountAt = WordsOffset + 2L * WordCount;
        if (byteCountAt + 2 > message.Length) throw Malformed($"WordCount {WordCount} runs past the {message.Length}-byte message");
        ByteCount = BinaryPrimitives.ReadUInt16LittleEndian(message[(int)byteCountAt..]);
        BytesOffset = (int)byteCountAt + 2;
        if (BytesOffset + (long)ByteCount > message.Length)
            throw Malformed($"ByteCount {ByteCount} runs past the {message.Length}-byte message");
    }

    public byte WordCount { get; }
    public ushort ByteCount { get; }

    /// <summary>Offset of SMB_Data.Bytes from the start of the header.</summary>
    public int BytesOffset { get; }

    public ReadOnlySpan<byte> Message => _message;
    public ReadOnlySpan<byte> Words => _message.Slice(WordsOffset, 2 * WordCount);
    public ReadOnlySpan<byte> Bytes => _message.Slice(BytesOffset, ByteCount);

    /// <summary>Fails unless the response carries at least <paramref name="words"/> parameter words.</summary>
    public void RequireWords(int words)
    {
        if (WordCount < words) throw Malformed($"WordCount {WordCount}, expected at least {words}");
    }

    public byte U8(int wordsOffset) => Words[wordsOffset];
    public ushort U16(int wordsOffset) => BinaryPrimitives.ReadUInt16LittleEndian(Words[wordsOffset..]);
    public uint U32(int wordsOffset) => BinaryPrimitives.ReadUInt32LittleEndian(Words[wordsOffset..]);
    public ulong U64(int wordsOffset) => BinaryPrimitives.ReadUInt64LittleEndian(Words[wordsOffset..]);
    public long I64(int wordsOffset) => BinaryPrimitives.ReadInt64LittleEndian(Words[wordsOffset..]);

    /// <summary>A block given by an offset from the header start and a length, anywhere after the header.</summary>
    public ReadOnlySpan<byte> Slice(long offsetFromHeader, long length)
    {
        if (length == 0) return default;
        if (offsetFromHeader < Smb1Header.Size || length < 0 || offsetFromHeader + length > _message.Length)
            throw Malformed($"block [{offsetFromHeader}, +{length}) outside the {_message.Length}-byte message");
        return _message.Slice((int)offsetFromHeader, (int)length);
    }

    public SmbProtocolException Malformed(string detail) => new($"malformed SMB1 {_what} response: {detail}");
}
