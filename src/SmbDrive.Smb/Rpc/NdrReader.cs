using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Rpc;

/// <summary>Reads NDR 2.0 stub data (C706 chapter 14) from a reply, little-endian, with alignment relative to the
/// stub start. Every read is checked against what is left, and every count against the bytes that would hold it,
/// before anything is allocated: a hostile count fails with <see cref="SmbProtocolException"/>, never with a huge
/// allocation or an out-of-range slice.</summary>
internal ref struct NdrReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private int _position;

    public NdrReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        _position = 0;
    }

    public int Remaining => _data.Length - _position;

    public void Align(int boundary)
    {
        int aligned = (_position + boundary - 1) & ~(boundary - 1);
        if (aligned > _data.Length) throw Malformed($"truncated at byte {_position} (alignment)");
        _position = aligned;
    }

    public uint U32(string field)
    {
        Align(4);
        if (Remaining < 4) throw Malformed($"truncated at byte {_position} ({field})");
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>A [unique] or embedded full pointer: true when its referent id is non-zero.</summary>
    public bool Pointer(string field) => U32(field) != 0;

    /// <summary>The conformance of a conformant array: its element count, checked so that
    /// <paramref name="elementSize"/> × count fits in what is left.</summary>
    public int ArrayCount(string field, int elementSize)
    {
        uint count = U32(field);
        if (count > (uint)(Remaining / elementSize))
            throw Malformed($"{field}: {count} elements of {elementSize} bytes, but only {Remaining} bytes remain");
        return (int)count;
    }

    /// <summary>A conformant varying [string] wchar_t array (C706 14.3.4.3): maximum count, offset, actual count,
    /// then the characters; the terminating NUL is required and removed.</summary>
    public string WideString(string field)
    {
        uint max = U32(field + " maximum count");
        uint offset = U32(field + " offset");
        uint actual = U32(field + " actual count");
        if (offset != 0) throw Malformed($"{field}: offset {offset}, expected 0");
        if (actual > max) throw Malformed($"{field}: actual count {actual} above maximum count {max}");
        if (actual == 0) throw Malformed($"{field}: empty string without its terminating NUL");
        if (actual > (uint)(Remaining / 2)) throw Malformed($"{field}: {actual} characters, but only {Remaining} bytes remain");
        var chars = _data.Slice(_position, (int)actual * 2);
        _position += chars.Length;
        if (BinaryPrimitives.ReadUInt16LittleEndian(chars[^2..]) != 0) throw Malformed($"{field}: not NUL-terminated");
        string text = Encoding.Unicode.GetString(chars[..^2]);
        if (text.Contains('\0')) throw Malformed($"{field}: NUL inside the string");
        return text;
    }

    public SmbProtocolException Malformed(string detail) => new($"malformed {_what} reply: {detail}");
}
