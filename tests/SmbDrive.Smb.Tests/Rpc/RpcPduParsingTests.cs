using System.Buffers.Binary;
using SmbDrive.Smb.Rpc;

namespace SmbDrive.Smb.Tests.Rpc;

/// <summary>Connection-oriented DCE/RPC PDUs: the bind we send, and every way a bind_ack, bind_nak, response or
/// fault from the server can be short, oversized or wrong.</summary>
[TestFixture]
public class RpcPduParsingTests
{
    private const string Where = @"\\h\IPC$\srvsvc";

    private static byte[] BindAck(int secondaryLength = 4, int results = 1, ushort result = 0, RpcSyntax? transfer = null, uint callId = 1,
        RpcPacketType type = RpcPacketType.BindAck)
    {
        int resultsAt = (26 + secondaryLength + 3) & ~3;
        byte[] pdu = new byte[resultsAt + 4 + 24 * results];
        new RpcHeader(type, 3, (ushort)pdu.Length, 0, callId).Write(pdu);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(16), 4280);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(18), 4280);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu.AsSpan(20), 0x1234);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(24), (ushort)secondaryLength);
        pdu[resultsAt] = (byte)results;
        for (int i = 0; i < results; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(resultsAt + 4 + 24 * i), result);
            (transfer ?? RpcSyntax.Ndr20).Write(pdu.AsSpan(resultsAt + 8 + 24 * i));
        }
        return pdu;
    }

    private static byte[] Response(byte[] stub, byte flags = 3, uint callId = 2, ushort context = 0, RpcPacketType type = RpcPacketType.Response)
    {
        byte[] pdu = new byte[24 + stub.Length];
        new RpcHeader(type, flags, (ushort)pdu.Length, 0, callId).Write(pdu);
        BinaryPrimitives.WriteUInt32LittleEndian(pdu.AsSpan(16), (uint)stub.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(20), context);
        stub.CopyTo(pdu, 24);
        return pdu;
    }

    [Test]
    public void BindRequest_Layout()
    {
        byte[] pdu = RpcBindRequest.Encode(7, RpcSyntax.Srvsvc, 4280);

        Assert.That(pdu, Has.Length.EqualTo(72));
        Assert.That(pdu[..4], Is.EqualTo(new byte[] { 5, 0, 11, 3 }));
        Assert.That(pdu[4], Is.EqualTo(0x10));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(8)), Is.EqualTo(72));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(pdu.AsSpan(12)), Is.EqualTo(7));
        // srvsvc 4b324fc8-1670-01d3-1278-5a47bf6ee188 with its first three fields little-endian (MS-SRVS 1.9).
        Assert.That(Convert.ToHexString(pdu, 32, 16), Is.EqualTo("C84F324B7016D30112785A47BF6EE188"));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(48)), Is.EqualTo(3));
        Assert.That(Convert.ToHexString(pdu, 52, 16), Is.EqualTo("045D888AEB1CC9119FE808002B104860"));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(pdu.AsSpan(68)), Is.EqualTo(2));
    }

    [Test]
    public void BindAck_Valid_ReturnsFragmentSizes()
    {
        var ack = RpcBindAck.Parse(BindAck(), 1, Where);

        Assert.That(ack, Is.EqualTo(new RpcBindAck(4280, 4280, 0x1234)));
    }

    [Test]
    public void BindAck_EveryTruncation_IsMalformed()
    {
        byte[] valid = BindAck(secondaryLength: 13);
        for (int length = 0; length < valid.Length; length++)
        {
            byte[] cut = valid[..length];
            Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(cut, 1, Where), $"{length} bytes");
            // The same bytes with frag_length rewritten to match: still too short for what it announces.
            if (length >= 16)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(cut.AsSpan(8), (ushort)length);
                Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(cut, 1, Where), $"{length} bytes, frag_length matching");
            }
        }
    }

    [TestCase(0xFFFF)]
    [TestCase(200)]
    public void BindAck_SecondaryAddressOverrunsPdu_IsMalformed(int secondaryLength)
    {
        byte[] pdu = BindAck();
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(24), (ushort)secondaryLength);

        Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(pdu, 1, Where));
    }

    [Test]
    public void BindAck_ResultCountOverrunsPdu_IsMalformed()
    {
        byte[] pdu = BindAck();
        pdu[32] = 255;

        Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(pdu, 1, Where));
    }

    [Test]
    public void BindAck_FragmentLengthAboveReceived_IsMalformed()
    {
        byte[] pdu = BindAck();
        BinaryPrimitives.WriteUInt16LittleEndian(pdu.AsSpan(8), (ushort)(pdu.Length + 1));

        Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(pdu, 1, Where));
    }

    [Test]
    public void BindAck_RejectedContext_RefusalNamingTheServer()
    {
        var e = Assert.Throws<SmbRpcException>(() => RpcBindAck.Parse(BindAck(result: 2), 1, Where));

        Assert.That(e!.Message, Does.StartWith(Where).And.Contain("does not offer this RPC interface"));
    }

    [Test]
    public void BindAck_OtherTransferSyntax_IsMalformed()
    {
        var other = new RpcSyntax(new Guid("71710533-beba-4937-8319-b5dbef9ccc36"), 1, 0); // NDR64

        Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(BindAck(transfer: other), 1, Where));
    }

    [Test]
    public void BindNak_Refusal()
    {
        var e = Assert.Throws<SmbRpcException>(() => RpcBindAck.Parse(BindAck(type: RpcPacketType.BindNak), 1, Where));

        Assert.That(e!.Message, Does.Contain("bind_nak"));
    }

    [Test]
    public void BindAck_WrongCallIdOrVersionOrBigEndian_IsMalformed()
    {
        Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(BindAck(callId: 9), 1, Where));
        byte[] version = BindAck();
        version[0] = 4;
        Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(version, 1, Where));
        byte[] bigEndian = BindAck();
        bigEndian[4] = 0x00;
        Assert.Throws<SmbProtocolException>(() => RpcBindAck.Parse(bigEndian, 1, Where));
    }

    [Test]
    public void Response_Valid_ExposesTheStub()
    {
        var fragment = RpcResponseFragment.Parse(Response([1, 2, 3, 4]), 2, 0, Where);

        Assert.That(fragment.Stub.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        Assert.That(fragment.Header.IsLast, Is.True);
    }

    [Test]
    public void Response_EveryTruncation_IsMalformed()
    {
        byte[] valid = Response(new byte[40]);
        for (int length = 0; length < valid.Length; length++)
            Assert.Throws<SmbProtocolException>(() => RpcResponseFragment.Parse(valid[..length], 2, 0, Where), $"{length} bytes");
    }

    [Test]
    public void Response_MessageLongerThanFragment_IsMalformed()
    {
        byte[] pdu = [.. Response(new byte[8]), 0, 0];

        Assert.Throws<SmbProtocolException>(() => RpcResponseFragment.Parse(pdu, 2, 0, Where));
    }

    [Test]
    public void Response_WrongCallIdContextOrType_IsMalformed()
    {
        Assert.Throws<SmbProtocolException>(() => RpcResponseFragment.Parse(Response([0, 0, 0, 0], callId: 3), 2, 0, Where));
        Assert.Throws<SmbProtocolException>(() => RpcResponseFragment.Parse(Response([0, 0, 0, 0], context: 1), 2, 0, Where));
        Assert.Throws<SmbProtocolException>(() => RpcResponseFragment.Parse(Response([0, 0, 0, 0], type: RpcPacketType.BindAck), 2, 0, Where));
    }

    [Test]
    public void Fault_RefusalNamingTheStatus()
    {
        byte[] status = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(status, 5);

        var e = Assert.Throws<SmbRpcException>(() => RpcResponseFragment.Parse(Response(status, type: RpcPacketType.Fault), 2, 0, Where));

        Assert.That(e!.Message, Is.EqualTo($"{Where}: the server refused the call (ERROR_ACCESS_DENIED)"));
        Assert.That(e.Code, Is.EqualTo(5));
    }

    [Test]
    public void Request_TooLargeForOneFragment_Refused()
    {
        Assert.Throws<SmbException>(() => RpcRequestPdu.Encode(1, 0, 15, new byte[5000], 4280));
        Assert.That(RpcRequestPdu.Encode(1, 0, 15, new byte[8], 4280), Has.Length.EqualTo(32));
    }
}
