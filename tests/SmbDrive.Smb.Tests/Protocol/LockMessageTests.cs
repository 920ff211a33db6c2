using System.Buffers.Binary;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Protocol;

/// <summary>LOCK (MS-SMB2 2.2.26/2.2.27) and CANCEL (2.2.30) on the wire, byte by byte.</summary>
public class LockMessageTests
{
    private static readonly Smb2FileId FileId = new(0x1122334455667788, 0x99AABBCCDDEEFF00);

    private static byte[] Encode(ISmb2Request request)
    {
        var body = new byte[request.BodySize];
        body.AsSpan().Fill(0xEE); // every byte must be written, reserved ones included
        request.WriteBody(body);
        return body;
    }

    [Test]
    public void LockRequest_OneElement_FieldsAtSpecOffsets()
    {
        var request = new LockRequest(FileId, new Smb2LockElement(1UL << 30, 1, Smb2LockFlags.Exclusive | Smb2LockFlags.FailImmediately));
        var body = Encode(request);
        Assert.That(request.Command, Is.EqualTo(Smb2Command.Lock));
        Assert.That(request.CreditPayloadSize, Is.Zero, "a LOCK is charged one credit");
        Assert.That(body, Has.Length.EqualTo(48));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body), Is.EqualTo(48), "StructureSize");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2)), Is.EqualTo(1), "LockCount");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(4)), Is.Zero, "LockSequence: no resilient or durable handles");
        Assert.That(Smb2FileId.Read(body.AsSpan(8)), Is.EqualTo(FileId));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(24)), Is.EqualTo(1UL << 30), "Offset");
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(32)), Is.EqualTo(1UL), "Length");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(40)), Is.EqualTo(0x12u), "Flags EXCLUSIVE|FAIL_IMMEDIATELY");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(44)), Is.Zero, "Reserved");
    }

    [Test]
    public void LockRequest_TwoElements_StructureSizeStays48AndElementsFollow()
    {
        var request = new LockRequest(FileId,
            new Smb2LockElement(10, 20, Smb2LockFlags.Unlock),
            new Smb2LockElement(ulong.MaxValue - 5, 5, Smb2LockFlags.Shared));
        var body = Encode(request);
        Assert.That(body, Has.Length.EqualTo(24 + 2 * 24));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body), Is.EqualTo(48));
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2)), Is.EqualTo(2));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(40)), Is.EqualTo(0x4u), "first: UNLOCK");
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(48)), Is.EqualTo(ulong.MaxValue - 5), "second: a 64-bit offset");
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(56)), Is.EqualTo(5UL));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(64)), Is.EqualTo(0x1u), "second: SHARED");
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(68)), Is.Zero);
    }

    [Test]
    public void LockRequest_NoElement_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LockRequest(FileId));

    private static byte[] Response(int bodyLength, ushort structureSize)
    {
        var message = new byte[Smb2Header.Size + bodyLength];
        new Smb2Header { Command = Smb2Command.Lock, Flags = Smb2Flags.ServerToRedir }.Write(message);
        if (bodyLength >= 2) BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(Smb2Header.Size), structureSize);
        return message;
    }

    [Test]
    public void LockResponse_WellFormed_Accepted() => Assert.DoesNotThrow(() => LockResponse.Validate(Response(4, 4)));

    [TestCase(4, (ushort)9, "StructureSize 9")]
    [TestCase(2, (ushort)4, "too short")]
    [TestCase(0, (ushort)0, "too short")]
    public void LockResponse_Malformed_ProtocolErrorNamingLock(int bodyLength, ushort structureSize, string detail)
    {
        var e = Assert.Throws<SmbProtocolException>(() => LockResponse.Validate(Response(bodyLength, structureSize)));
        Assert.That(e!.Message, Does.Contain("malformed LOCK response").And.Contain(detail));
    }

    [Test]
    public void CancelRequest_AfterInterim_AsyncFormNamesAsyncId()
    {
        var message = new byte[CancelRequest.Size];
        message.AsSpan().Fill(0xEE);
        CancelRequest.Write(message, messageId: 41, asyncId: 0x0102030405060708, treeId: 7, sessionId: 0xABCDEF, signed: true);
        var header = Smb2Header.Read(message);
        Assert.That(header.Command, Is.EqualTo(Smb2Command.Cancel));
        Assert.That(header.MessageId, Is.EqualTo(41UL), "the target's MessageId");
        Assert.That(header.Flags, Is.EqualTo(Smb2Flags.AsyncCommand | Smb2Flags.Signed));
        Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(32)), Is.EqualTo(0x0102030405060708UL), "AsyncId at 32");
        Assert.That(header.SessionId, Is.EqualTo(0xABCDEFUL));
        Assert.That(header.CreditCharge, Is.Zero, "a CANCEL consumes no credit");
        Assert.That(header.Credits, Is.Zero, "and gets no response that could grant one");
        Assert.That(message.AsSpan(48, 16).ToArray(), Is.All.Zero, "signature left for the signer");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(64)), Is.EqualTo(4), "StructureSize");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(66)), Is.Zero, "Reserved");
    }

    [Test]
    public void CancelRequest_BeforeInterim_SyncFormNamesTree()
    {
        var message = new byte[CancelRequest.Size];
        message.AsSpan().Fill(0xEE);
        CancelRequest.Write(message, messageId: 9, asyncId: null, treeId: 7, sessionId: 5, signed: false);
        var header = Smb2Header.Read(message);
        Assert.That(header.IsAsync, Is.False);
        Assert.That(header.Flags, Is.EqualTo(Smb2Flags.None));
        Assert.That(header.MessageId, Is.EqualTo(9UL));
        Assert.That(header.TreeId, Is.EqualTo(7u));
        Assert.That(header.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS), "ChannelSequence/Reserved zero");
        Assert.That(header.NextCommand, Is.Zero);
    }
}
