using System.Buffers.Binary;

namespace SmbDrive.Smb.Rpc;

/// <summary>The bind PDU (C706 12.6.4.3) offering one presentation context: one abstract syntax with the NDR
/// transfer syntax, and no authentication (the SMB session under the pipe already authenticates).</summary>
/// <remarks>after the header: 16 max_xmit_frag 18 max_recv_frag 20 assoc_group_id 24 n_context_elem(1)
/// 25 reserved 26 reserved2 28 p_cont_id 30 n_transfer_syn(1) 31 reserved 32 abstract_syntax(20)
/// 52 transfer_syntax(20) = 72 bytes.</remarks>
internal static class RpcBindRequest
{
    public const int Size = 72;

    public static byte[] Encode(uint callId, RpcSyntax abstractSyntax, ushort maxFragment, ushort contextId = 0)
    {
        byte[] pdu = new byte[Size];
        new RpcHeader(RpcPacketType.Bind, RpcHeader.FirstFragment | RpcHeader.LastFragment, Size, 0, callId).Write(pdu);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(16), maxFragment);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(18), maxFragment);
        pdu[24] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(28), contextId);
        pdu[30] = 1;
        abstractSyntax.Write(pdu.AsSpan(32));
        RpcSyntax.Ndr20.Write(pdu.AsSpan(52));
        return pdu;
    }
}

/// <summary>The server's answer to a bind: bind_ack (C706 12.6.4.4) or bind_nak (12.6.4.5).</summary>
/// <remarks>bind_ack after the header: 16 max_xmit_frag 18 max_recv_frag 20 assoc_group_id 24 sec_addr length(2)
/// + port_spec, padded to 4 from the PDU start; then n_results(1) reserved(3), then per result: result(2)
/// reason(2) transfer_syntax(20).</remarks>
internal readonly record struct RpcBindAck(ushort MaxTransmitFragment, ushort MaxReceiveFragment, uint AssociationGroup)
{
    private const string What = "bind_ack";

    /// <summary>Validates the whole PDU and returns the fragment sizes the server accepted. A bind_nak or a
    /// rejected presentation context throws <see cref="SmbRpcException"/>.</summary>
    public static RpcBindAck Parse(ReadOnlySpan<byte> pdu, uint callId, string where)
    {
        var header = RpcHeader.Read(pdu, What);
        var body = pdu[..header.FragmentLength];
        if (header.CallId != callId) throw RpcHeader.Malformed(What, $"call_id {header.CallId}, expected {callId}");
        if (header.Type == RpcPacketType.BindNak)
        {
            ushort nakReason = body.Length >= 18 ? BinaryPrimitives.ReadUInt16LittleEndian(body[16..]) : (ushort)0;
            throw new SmbRpcException($"{where}: the server refused the RPC bind (bind_nak, reason {nakReason})");
        }
        if (header.Type != RpcPacketType.BindAck) throw RpcHeader.Malformed(What, $"PDU type {(byte)header.Type}, expected bind_ack");
        if (!header.IsFirst || !header.IsLast) throw RpcHeader.Malformed(What, "fragmented bind_ack");
        if (body.Length < 26) throw RpcHeader.Malformed(What, "too short");
        var ack = new RpcBindAck(
            BinaryPrimitives.ReadUInt16LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[18..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[20..]));
        int secondaryLength = BinaryPrimitives.ReadUInt16LittleEndian(body[24..]);
        long results = Align4(26L + secondaryLength);
        if (results + 4 > body.Length) throw RpcHeader.Malformed(What, $"secondary address of {secondaryLength} bytes overruns the PDU");
        int count = body[(int)results];
        if (count < 1) throw RpcHeader.Malformed(What, "no presentation context result");
        if (results + 4 + count * 24L > body.Length) throw RpcHeader.Malformed(What, $"{count} results overrun the PDU");
        var first = body.Slice((int)results + 4, 24);
        ushort result = BinaryPrimitives.ReadUInt16LittleEndian(first);
        ushort reason = BinaryPrimitives.ReadUInt16LittleEndian(first[2..]);
        if (result != 0)
            throw new SmbRpcException($"{where}: the server does not offer this RPC interface (presentation context rejected, result {result}, reason {reason})");
        if (RpcSyntax.Read(first[4..]) != RpcSyntax.Ndr20)
            throw RpcHeader.Malformed(What, "the accepted transfer syntax is not NDR 2.0");
        if (ack.MaxTransmitFragment < RpcHeader.Size + 8 || ack.MaxReceiveFragment < RpcHeader.Size + 8)
            throw RpcHeader.Malformed(What, $"fragment sizes {ack.MaxTransmitFragment}/{ack.MaxReceiveFragment} are too small");
        return ack;
    }

    private static long Align4(long value) => (value + 3) & ~3L;
}
