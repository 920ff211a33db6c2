using System.Buffers.Binary;

namespace SmbDrive.Smb.Rpc;

/// <summary>The request PDU (C706 12.6.4.9): after the header, 16 alloc_hint 20 p_cont_id 22 opnum 24 stub.
/// Only single-fragment requests are sent: the calls made here have stubs of a few hundred bytes.</summary>
internal static class RpcRequestPdu
{
    public const int HeaderSize = 24;

    public static byte[] Encode(uint callId, ushort contextId, ushort opnum, ReadOnlySpan<byte> stub, int maxFragment)
    {
        if (HeaderSize + stub.Length > maxFragment)
            throw new SmbException($"RPC request of {stub.Length} bytes does not fit in one {maxFragment}-byte fragment");
        byte[] pdu = new byte[HeaderSize + stub.Length];
        new RpcHeader(RpcPacketType.Request, RpcHeader.FirstFragment | RpcHeader.LastFragment, (ushort)pdu.Length, 0, callId).Write(pdu);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu.AsSpan(16), (uint)stub.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(20), contextId);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(22), opnum);
        stub.CopyTo(pdu.AsSpan(HeaderSize));
        return pdu;
    }
}

/// <summary>One fragment of the answer to a request: a response PDU (C706 12.6.4.10: 16 alloc_hint 20 p_cont_id
/// 22 cancel_count 23 reserved 24 stub) or a fault PDU (12.6.4.7: the same, then 24 status).</summary>
internal readonly ref struct RpcResponseFragment
{
    private const string What = "response";

    private RpcResponseFragment(RpcHeader header, ReadOnlySpan<byte> stub)
    {
        Header = header;
        Stub = stub;
    }

    public RpcHeader Header { get; }
    public ReadOnlySpan<byte> Stub { get; }

    /// <summary>Parses one fragment; <paramref name="pdu"/> must hold exactly frag_length bytes (the pipe
    /// delivers one fragment per message). A fault throws <see cref="SmbRpcException"/> with its status.</summary>
    public static RpcResponseFragment Parse(ReadOnlySpan<byte> pdu, uint callId, ushort contextId, string where)
    {
        var header = RpcHeader.Read(pdu, What);
        if (header.FragmentLength != pdu.Length)
            throw RpcHeader.Malformed(What, $"frag_length {header.FragmentLength} but the message has {pdu.Length} bytes");
        if (header.CallId != callId) throw RpcHeader.Malformed(What, $"call_id {header.CallId}, expected {callId}");
        if (pdu.Length < RpcRequestPdu.HeaderSize) throw RpcHeader.Malformed(What, "too short");
        if (header.Type == RpcPacketType.Fault)
        {
            uint status = pdu.Length >= 28 ? BinaryPrimitives.ReadUInt32LittleEndian(pdu[24..]) : 0;
            throw new SmbRpcException($"{where}: the server refused the call ({RpcFaultNames.Name(status)})", status);
        }
        if (header.Type != RpcPacketType.Response) throw RpcHeader.Malformed(What, $"PDU type {(byte)header.Type}, expected response");
        ushort context = BinaryPrimitives.ReadUInt16LittleEndian(pdu[20..]);
        if (context != contextId) throw RpcHeader.Malformed(What, $"presentation context {context}, expected {contextId}");
        return new RpcResponseFragment(header, pdu[RpcRequestPdu.HeaderSize..]);
    }
}
