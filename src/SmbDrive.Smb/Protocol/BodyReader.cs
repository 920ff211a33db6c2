using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Protocol;

/// <summary>Bounds-checked access to a response. Offsets in SMB2 bodies are relative to the start of the
/// SMB2 header, so the reader keeps the whole message and checks every (offset, length) pair against it
/// in 64-bit arithmetic before slicing. Any violation is a <see cref="SmbProtocolException"/>.</summary>
internal readonly ref struct BodyReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly string _what;

    public BodyReader(ReadOnlySpan<byte> message, string what, ushort structureSize, int fixedBodyBytes)
    {
        _message = message;
        _what = what;
        if (message.Length < Smb2Header.Size + (long)fixedBodyBytes)
            throw Malformed("too short");
        ushort actual = BinaryPrimitives.ReadUInt16LittleEndian(message[Smb2Header.Size..]);
        if (actual != structureSize)
            throw Malformed($"StructureSize {actual}, expected {structureSize}");
    }

    public ReadOnlySpan<byte> Message => _message;

    public byte U8(int bodyOffset) => _message[Smb2Header.Size + bodyOffset];
    public ushort U16(int bodyOffset) => BinaryPrimitives.ReadUInt16LittleEndian(_message[(Smb2Header.Size + bodyOffset)..]);
    public uint U32(int bodyOffset) => BinaryPrimitives.ReadUInt32LittleEndian(_message[(Smb2Header.Size + bodyOffset)..]);
    public ulong U64(int bodyOffset) => BinaryPrimitives.ReadUInt64LittleEndian(_message[(Smb2Header.Size + bodyOffset)..]);
    public Guid Guid(int bodyOffset) => new(_message.Slice(Smb2Header.Size + bodyOffset, 16));
    public ReadOnlySpan<byte> Fixed(int bodyOffset, int length) => _message.Slice(Smb2Header.Size + bodyOffset, length);

    /// <summary>A variable part given by an offset from the header start and a length.</summary>
    public ReadOnlySpan<byte> Buffer(long offsetFromHeader, long length)
    {
        if (length == 0) return default;
        if (offsetFromHeader < Smb2Header.Size || length < 0 || offsetFromHeader + length > _message.Length)
            throw Malformed($"buffer [{offsetFromHeader}, +{length}) outside the {_message.Length}-byte message");
        return _message.Slice((int)offsetFromHeader, (int)length);
    }

    public SmbProtocolException Malformed(string detail) => new($"malformed {_what} response: {detail}");

    public static string Utf16(ReadOnlySpan<byte> bytes) => Encoding.Unicode.GetString(bytes);
}
