using System.Buffers.Binary;

namespace SmbDrive.Smb.Rpc;

/// <summary>The 16-byte common header of every connection-oriented DCE/RPC PDU (C706 12.6.3.1).</summary>
/// <remarks>0 rpc_vers(5) 1 rpc_vers_minor(0) 2 PTYPE 3 pfc_flags 4 packed_drep[4] 8 frag_length
/// 10 auth_length 12 call_id.</remarks>
internal readonly record struct RpcHeader(RpcPacketType Type, byte Flags, ushort FragmentLength, ushort AuthLength, uint CallId)
{
    public const int Size = 16;
    public const byte FirstFragment = 0x01, LastFragment = 0x02;

    /// <summary>Little-endian integers, ASCII characters, IEEE floats: the only representation we write or accept.</summary>
    private const byte LittleEndianDrep = 0x10;

    public bool IsFirst => (Flags & FirstFragment) != 0;
    public bool IsLast => (Flags & LastFragment) != 0;

    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        destination[0] = 5;
        destination[1] = 0;
        destination[2] = (byte)Type;
        destination[3] = Flags;
        destination[4] = LittleEndianDrep;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], FragmentLength);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], AuthLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], CallId);
    }

    /// <summary>Reads and checks a header at the start of <paramref name="pdu"/>: version 5.0, little-endian data
    /// representation, and a fragment length that covers the header and fits in what was received.</summary>
    public static RpcHeader Read(ReadOnlySpan<byte> pdu, string what)
    {
        if (pdu.Length < Size) throw Malformed(what, $"{pdu.Length} bytes, shorter than the 16-byte header");
        if (pdu[0] != 5 || pdu[1] != 0) throw Malformed(what, $"RPC version {pdu[0]}.{pdu[1]}, expected 5.0");
        if ((pdu[4] & 0xF0) != LittleEndianDrep) throw Malformed(what, "big-endian data representation is not supported");
        var header = new RpcHeader((RpcPacketType)pdu[2], pdu[3],
            BinaryPrimitives.ReadUInt16LittleEndian(pdu[8..]),
            BinaryPrimitives.ReadUInt16LittleEndian(pdu[10..]),
            BinaryPrimitives.ReadUInt32LittleEndian(pdu[12..]));
        if (header.FragmentLength < Size) throw Malformed(what, $"frag_length {header.FragmentLength} is shorter than the header");
        if (header.FragmentLength > pdu.Length) throw Malformed(what, $"frag_length {header.FragmentLength} but only {pdu.Length} bytes received");
        if (header.AuthLength != 0) throw Malformed(what, "unexpected authentication trailer");
        return header;
    }

    public static SmbProtocolException Malformed(string what, string detail) => new($"malformed DCE/RPC {what}: {detail}");
}
