using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Rpc;

/// <summary>Writes NDR 2.0 stub data (C706 chapter 14), little-endian, with alignment relative to the stub start.</summary>
internal sealed class NdrWriter
{
    private readonly List<byte> _bytes = new();
    private uint _nextReferent = 0x00020000;

    public byte[] ToArray() => _bytes.ToArray();

    public void Align(int boundary)
    {
        while (_bytes.Count % boundary != 0) _bytes.Add(0);
    }

    public void U32(uint value)
    {
        Align(4);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        foreach (byte x in b) _bytes.Add(x);
    }

    /// <summary>A non-null referent id for a [unique] pointer whose target follows.</summary>
    public void Referent()
    {
        U32(_nextReferent);
        _nextReferent += 4;
    }

    /// <summary>A conformant varying [string] wchar_t array with its terminating NUL (C706 14.3.4.3).</summary>
    public void WideString(string text)
    {
        byte[] chars = Encoding.Unicode.GetBytes(text + "\0");
        uint count = (uint)(chars.Length / 2);
        U32(count); // maximum count
        U32(0);     // offset
        U32(count); // actual count
        _bytes.AddRange(chars);
        Align(4);
    }
}
