using System.Buffers.Binary;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Protocol.Messages.Leases;

namespace SmbDrive.Smb.Tests.Protocol;

/// <summary>Lease and oplock messages: what we write is laid out as MS-SMB2 says, and hostile or truncated
/// breaks and lease contexts become SmbProtocolException, never an out-of-range read.</summary>
public class LeaseMessageTests
{
    private static readonly Guid Key = new("00112233-4455-6677-8899-aabbccddeeff");

    /// <summary>An unsolicited break: response flag, MessageId all ones, the given body.</summary>
    internal static byte[] Break(byte[] body)
    {
        var message = new byte[64 + body.Length];
        new Smb2Header { Command = Smb2Command.OplockBreak, Flags = Smb2Flags.ServerToRedir, MessageId = ulong.MaxValue }.Write(message);
        body.CopyTo(message, 64);
        return message;
    }

    internal static byte[] LeaseBreakBody(Guid key, uint current, uint next, ushort epoch, uint flags)
    {
        var body = new byte[44];
        BinaryPrimitives.WriteUInt16LittleEndian(body, 44);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), epoch);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), flags);
        key.TryWriteBytes(body.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(24), current);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(28), next);
        return body;
    }

    internal static byte[] OplockBreakBody(byte level, ulong persistent, ulong @volatile)
    {
        var body = new byte[24];
        BinaryPrimitives.WriteUInt16LittleEndian(body, 24);
        body[2] = level;
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(8), persistent);
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(16), @volatile);
        return body;
    }

    [Test]
    public void LeaseBreak_Parsed()
    {
        var n = LeaseBreakNotification.Parse(Break(LeaseBreakBody(Key, 7, 3, 2, 1)));
        Assert.That(n, Is.EqualTo(new LeaseBreakNotification(Key, SmbLeaseState.All, SmbLeaseState.ReadHandle, 2, true)));
        Assert.That(LeaseBreakNotification.Parse(Break(LeaseBreakBody(Key, 3, 0, 3, 0))).AcknowledgeRequired, Is.False);
    }

    [TestCase(0, TestName = "LeaseBreak_NoBody_ProtocolError")]
    [TestCase(43, TestName = "LeaseBreak_ShortBody_ProtocolError")]
    public void LeaseBreak_Truncated_ProtocolError(int bodyLength)
    {
        var message = Break(LeaseBreakBody(Key, 7, 3, 2, 1))[..(64 + bodyLength)];
        Assert.Throws<SmbProtocolException>(() => LeaseBreakNotification.Parse(message));
    }

    [Test]
    public void LeaseBreak_WrongStructureSize_ProtocolError()
    {
        var body = LeaseBreakBody(Key, 7, 3, 2, 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body, 36);
        var e = Assert.Throws<SmbProtocolException>(() => LeaseBreakNotification.Parse(Break(body)));
        Assert.That(e!.Message, Does.Contain("StructureSize 36"));
    }

    [Test]
    public void OplockBreak_Parsed_AndTruncatedOrWrongSize_ProtocolError()
    {
        var n = OplockBreakNotification.Parse(Break(OplockBreakBody(1, 5, 6)));
        Assert.That(n, Is.EqualTo(new OplockBreakNotification(OplockLevel.LevelII, new Smb2FileId(5, 6))));
        Assert.Throws<SmbProtocolException>(() => OplockBreakNotification.Parse(Break(OplockBreakBody(1, 5, 6))[..80]));
        var wrong = OplockBreakBody(1, 5, 6);
        wrong[0] = 44;
        Assert.Throws<SmbProtocolException>(() => OplockBreakNotification.Parse(Break(wrong)));
    }

    [Test]
    public void LeaseAcknowledgement_Layout()
    {
        var body = new byte[36];
        new LeaseBreakAcknowledgement(Key, SmbLeaseState.ReadHandle).WriteBody(body);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(body), Is.EqualTo(36));
        Assert.That(new Guid(body.AsSpan(8, 16)), Is.EqualTo(Key));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan(24)), Is.EqualTo(3));
        Assert.That(body.AsSpan(28).ToArray(), Is.All.Zero, "duration");
        var response = Break(body);
        Assert.That(LeaseBreakAcknowledgement.ParseResponse(response), Is.EqualTo((Key, SmbLeaseState.ReadHandle)));
        Assert.Throws<SmbProtocolException>(() => LeaseBreakAcknowledgement.ParseResponse(response[..90]));
    }

    [Test]
    public void OplockAcknowledgement_Layout()
    {
        var body = new byte[24];
        new OplockBreakAcknowledgement(new Smb2FileId(5, 6), OplockLevel.LevelII).WriteBody(body);
        Assert.That(body, Is.EqualTo(OplockBreakBody(1, 5, 6)));
    }

    [Test]
    public void CreateRequest_WithLeaseV2_ContextAlignedAndNamed()
    {
        var request = new CreateRequest("dir/a.txt", new SmbCreateParameters { Access = SmbAccess.GenericRead, Disposition = SmbCreateDisposition.Open })
        {
            RequestedOplockLevel = OplockLevel.Lease,
            Lease = LeaseContext.Request(true, new SmbLeaseRequest { Key = Key, ParentKey = Guid.NewGuid() }),
        };
        var message = new byte[64 + request.BodySize];
        request.WriteBody(message.AsSpan(64));
        var body = message.AsSpan(64);
        Assert.That(body[3], Is.EqualTo(0xFF));
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(body[48..]), length = BinaryPrimitives.ReadUInt32LittleEndian(body[52..]);
        Assert.That(offset % 8, Is.Zero, "contexts 8-byte aligned from the header");
        Assert.That(offset, Is.GreaterThanOrEqualTo(64 + 56 + 18), "after the name");
        Assert.That(offset + length, Is.EqualTo(message.Length));
        var data = CreateContextList.Find(message.AsSpan((int)offset, (int)length), LeaseContext.Name, "test");
        Assert.That(data.Length, Is.EqualTo(52));
        var parsed = LeaseContext.Parse(data);
        Assert.That((parsed.Key, parsed.State, parsed.Flags), Is.EqualTo((Key, SmbLeaseState.All, LeaseContext.FlagParentLeaseKeySet)));
        Assert.That(message.AsSpan((int)offset + 16, 4).ToArray(), Is.EqualTo("RqLs"u8.ToArray()));
    }

    [Test]
    public void CreateRequest_WithLeaseV1_32ByteContextNoParent()
    {
        var request = new CreateRequest("a", new SmbCreateParameters { Access = SmbAccess.GenericRead, Disposition = SmbCreateDisposition.Open })
        {
            RequestedOplockLevel = OplockLevel.Lease,
            Lease = LeaseContext.Request(false, new SmbLeaseRequest { Key = Key, State = SmbLeaseState.Read, ParentKey = Guid.NewGuid() }),
        };
        var message = new byte[64 + request.BodySize];
        request.WriteBody(message.AsSpan(64));
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(64 + 48));
        var data = CreateContextList.Find(message.AsSpan((int)offset), LeaseContext.Name, "test");
        Assert.That(data.Length, Is.EqualTo(32));
        Assert.That(LeaseContext.Parse(data), Is.EqualTo(new LeaseContext(false, Key, SmbLeaseState.Read, 0, Guid.Empty, 0)));
    }

    [TestCase(31)]
    [TestCase(40)]
    [TestCase(0)]
    public void LeaseContext_WrongSize_ProtocolError(int size) =>
        Assert.Throws<SmbProtocolException>(() => LeaseContext.Parse(new byte[size]));

    /// <summary>One context entry named RqLs with <paramref name="data"/>, its header fields overridable.</summary>
    private static byte[] Entry(byte[] data, uint next = 0, ushort? dataOffset = null, uint? dataLength = null)
    {
        var entry = new byte[CreateContextList.EntrySize(data.Length)];
        CreateContextList.WriteEntry(entry, LeaseContext.Name, data);
        BinaryPrimitives.WriteUInt32LittleEndian(entry, next);
        if (dataOffset is { } o) BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(10), o);
        if (dataLength is { } l) BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(12), l);
        return entry;
    }

    [Test]
    public void ContextList_HostileEntries_ProtocolError()
    {
        Assert.Throws<SmbProtocolException>(() => CreateContextList.Find(Entry(new byte[32], dataLength: 33), LeaseContext.Name, "CREATE"));
        Assert.Throws<SmbProtocolException>(() => CreateContextList.Find(Entry(new byte[32], dataOffset: 0xFFFF), LeaseContext.Name, "CREATE"));
        Assert.Throws<SmbProtocolException>(() => CreateContextList.Find(Entry(new byte[32], next: 4096), LeaseContext.Name, "CREATE"));
        Assert.Throws<SmbProtocolException>(() => CreateContextList.Find(Entry(new byte[32], next: 12), LeaseContext.Name, "CREATE"));
        Assert.Throws<SmbProtocolException>(() => CreateContextList.Find(new byte[10], LeaseContext.Name, "CREATE"));
    }

    [Test]
    public void ContextList_SecondEntry_Found_OtherNamesSkipped()
    {
        var first = new byte[CreateContextList.EntrySize(16)];
        CreateContextList.WriteEntry(first, 0x4D784163 /* "MxAc" */, new byte[16]);
        BinaryPrimitives.WriteUInt32LittleEndian(first, (uint)first.Length);
        var data = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        byte[] chain = [.. first, .. Entry(data)];
        Assert.That(CreateContextList.Find(chain, LeaseContext.Name, "CREATE").ToArray(), Is.EqualTo(data));
        Assert.That(CreateContextList.Find(first, LeaseContext.Name, "CREATE").IsEmpty, Is.True);
    }

    [Test]
    public void CreateResponse_LeaseLevelWithoutContext_ProtocolError()
    {
        var message = new byte[64 + 89];
        new Smb2Header { Command = Smb2Command.Create, Flags = Smb2Flags.ServerToRedir }.Write(message);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(64), 89);
        message[66] = 0xFF;
        var e = Assert.Throws<SmbProtocolException>(() => CreateResponse.Parse(message));
        Assert.That(e!.Message, Does.Contain("lease"));
    }

    [TestCase(0x00, SmbLeaseState.None)]
    [TestCase(0x01, SmbLeaseState.Read)]
    [TestCase(0x08, SmbLeaseState.ReadWrite)]
    [TestCase(0x09, SmbLeaseState.All)]
    public void OplockLevels_MapOntoLeaseScale(byte value, SmbLeaseState state)
    {
        var level = (OplockLevel)value;
        Assert.That(level.ToLeaseState(), Is.EqualTo(state));
        Assert.That(OplockLevels.FromLeaseState(state), Is.EqualTo(level == OplockLevel.Batch ? OplockLevel.Exclusive : level));
    }

    [Test]
    public void OplockRequested_ForLease()
    {
        Assert.That(OplockLevels.ForLease(SmbLeaseState.All), Is.EqualTo(OplockLevel.Batch));
        Assert.That(OplockLevels.ForLease(SmbLeaseState.ReadHandle), Is.EqualTo(OplockLevel.Batch));
        Assert.That(OplockLevels.ForLease(SmbLeaseState.Read), Is.EqualTo(OplockLevel.LevelII));
        Assert.That(OplockLevels.ForLease(SmbLeaseState.None), Is.EqualTo(OplockLevel.None));
    }
}
