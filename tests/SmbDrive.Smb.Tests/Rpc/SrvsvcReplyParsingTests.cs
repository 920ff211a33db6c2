using System.Buffers.Binary;
using SmbDrive.Smb.Rpc;

namespace SmbDrive.Smb.Tests.Rpc;

/// <summary>Fuzz-style checks of the NetShareEnumAll reply parser. The invariant: whatever the bytes, the parser
/// returns a list whose every string came from inside the reply, or throws SmbProtocolException (malformed) or
/// SmbRpcException (a refusal the server stated); never another exception, an out-of-range slice or a huge
/// allocation.</summary>
[TestFixture]
public class SrvsvcReplyParsingTests
{
    private const string Where = @"\\h\IPC$\srvsvc";

    private static IReadOnlyList<SmbShareInfo> Parse(byte[] stub) => SrvsvcNetShareEnumAll.ParseResponse(stub, Where);

    [Test]
    public void Parse_ValidReply_ReturnsEveryShareInOrder()
    {
        var shares = Parse(ShareEnumReplyBuilder.Valid(ShareEnumReplyBuilder.Sample));

        Assert.That(shares.Select(s => (s.Name, s.Type, s.Comment)), Is.EqualTo(new[]
        {
            ("media", 0u, "Films"), ("IPC$", 0x80000003u, "IPC Service"), ("backup$", 0u, ""), ("printer", 1u, ""),
        }));
        Assert.That(shares.Select(s => s.Kind), Is.EqualTo(new[] { SmbShareKind.Disk, SmbShareKind.Ipc, SmbShareKind.Disk, SmbShareKind.Printer }));
        Assert.That(shares.Select(s => s.IsHidden), Is.EqualTo(new[] { false, true, true, false }));
    }

    [Test]
    public void Parse_EmptyList_NoShares()
    {
        Assert.That(Parse(ShareEnumReplyBuilder.Valid([])), Is.Empty);
    }

    [Test]
    public void Parse_NullContainer_NoShares()
    {
        byte[] stub = new ShareEnumReplyBuilder().U32(1).U32(1).U32(0).U32(0).U32(0).U32(0).ToArray();

        Assert.That(Parse(stub), Is.Empty);
    }

    [Test]
    public void Parse_EveryTruncation_IsMalformed()
    {
        byte[] valid = ShareEnumReplyBuilder.Valid(ShareEnumReplyBuilder.Sample);
        for (int length = 0; length < valid.Length; length++)
        {
            byte[] cut = valid[..length];
            Assert.Throws<SmbProtocolException>(() => Parse(cut), $"truncated to {length} of {valid.Length} bytes");
        }
    }

    [Test]
    public void Parse_TrailingBytes_IsMalformed()
    {
        byte[] stub = [.. ShareEnumReplyBuilder.Valid(ShareEnumReplyBuilder.Sample), 0, 0, 0, 0];

        var e = Assert.Throws<SmbProtocolException>(() => Parse(stub));
        Assert.That(e!.Message, Does.Contain("after the return status"));
    }

    [TestCase(0xFFFFFFFFu)]
    [TestCase(0x15555556u)] // × 12 wraps a 32-bit product to a small number
    [TestCase(5u)]          // one more than the array holds
    public void Parse_OversizedArrayCount_IsMalformedWithoutAllocating(uint count)
    {
        byte[] stub = ShareEnumReplyBuilder.Valid(ShareEnumReplyBuilder.Sample);
        BinaryPrimitives.WriteUInt32LittleEndian(stub.AsSpan(12), count); // EntriesRead
        BinaryPrimitives.WriteUInt32LittleEndian(stub.AsSpan(20), count); // conformance

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<SmbProtocolException>(() => Parse(stub));
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(64 * 1024), "nothing sized by the hostile count");
    }

    [Test]
    public void Parse_EntriesReadDisagreesWithConformance_IsMalformed()
    {
        byte[] stub = ShareEnumReplyBuilder.Valid(ShareEnumReplyBuilder.Sample);
        BinaryPrimitives.WriteUInt32LittleEndian(stub.AsSpan(12), 3);

        var e = Assert.Throws<SmbProtocolException>(() => Parse(stub));
        Assert.That(e!.Message, Does.Contain("EntriesRead 3"));
    }

    private static byte[] OneShare(Action<ShareEnumReplyBuilder> name)
    {
        var b = new ShareEnumReplyBuilder();
        b.U32(1).U32(1).U32(0x20000).U32(1).U32(0x20004).U32(1).U32(0x20008).U32(0).U32(0);
        name(b);
        b.U32(1).U32(0).U32(0);
        return b.ToArray();
    }

    [TestCase(0xFFFFFFFFu, TestName = "Parse_StringActualCountHuge_IsMalformed")]
    [TestCase(0x80000001u, TestName = "Parse_StringActualCountTimesTwoWraps_IsMalformed")]
    [TestCase(200u, TestName = "Parse_StringActualCountBeyondReply_IsMalformed")]
    public void Parse_StringCountOversized(uint actual)
    {
        byte[] stub = OneShare(b => b.String("media", max: actual, actual: actual));

        Assert.Throws<SmbProtocolException>(() => Parse(stub));
    }

    [Test]
    public void Parse_StringActualAboveMaximum_IsMalformed()
    {
        var e = Assert.Throws<SmbProtocolException>(() => Parse(OneShare(b => b.String("media", max: 2))));
        Assert.That(e!.Message, Does.Contain("above maximum count"));
    }

    [Test]
    public void Parse_StringWithOffset_IsMalformed()
    {
        Assert.Throws<SmbProtocolException>(() => Parse(OneShare(b => b.String("media", offset: 1))));
    }

    [Test]
    public void Parse_StringWithoutNul_IsMalformed()
    {
        var e = Assert.Throws<SmbProtocolException>(() => Parse(OneShare(b => b.String("media", terminate: false))));
        Assert.That(e!.Message, Does.Contain("NUL"));
    }

    [Test]
    public void Parse_EmptyStringWithoutNul_IsMalformed()
    {
        Assert.Throws<SmbProtocolException>(() => Parse(OneShare(b => b.String("", terminate: false))));
    }

    [Test]
    public void Parse_NullShareName_IsMalformed()
    {
        byte[] stub = new ShareEnumReplyBuilder()
            .U32(1).U32(1).U32(0x20000).U32(1).U32(0x20004).U32(1).U32(0).U32(0).U32(0)
            .U32(1).U32(0).U32(0).ToArray();

        Assert.Throws<SmbProtocolException>(() => Parse(stub));
    }

    [Test]
    public void Parse_WrongLevel_IsMalformed()
    {
        byte[] stub = ShareEnumReplyBuilder.Valid(ShareEnumReplyBuilder.Sample);
        BinaryPrimitives.WriteUInt32LittleEndian(stub, 2);

        Assert.Throws<SmbProtocolException>(() => Parse(stub));
    }

    [TestCase(5u, "WERR_ACCESS_DENIED")]
    [TestCase(124u, "WERR_INVALID_LEVEL")]
    [TestCase(0x12345u, "WERR 0x00012345")]
    public void Parse_ErrorStatus_RefusalNamingTheCode(uint status, string name)
    {
        var e = Assert.Throws<SmbRpcException>(() => Parse(ShareEnumReplyBuilder.Valid([], status)));

        Assert.That(e!.Message, Is.EqualTo($@"{Where}: NetShareEnumAll refused: {name}"));
        Assert.That(e.Code, Is.EqualTo(status));
    }

    [Test]
    public void Parse_RandomCorruption_OnlyExpectedOutcomes()
    {
        byte[] valid = ShareEnumReplyBuilder.Valid(ShareEnumReplyBuilder.Sample);
        var random = new Random(20261203);
        int parsed = 0, malformed = 0;
        for (int round = 0; round < 20_000; round++)
        {
            byte[] stub = (byte[])valid.Clone();
            int flips = random.Next(1, 4);
            for (int i = 0; i < flips; i++)
                stub[random.Next(stub.Length)] = (byte)random.Next(256);
            try
            {
                var shares = Parse(stub);
                Assert.That(shares.Sum(s => s.Name.Length + s.Comment.Length) * 2, Is.LessThan(stub.Length));
                parsed++;
            }
            catch (SmbProtocolException) { malformed++; }
            catch (SmbRpcException) { malformed++; }
        }
        Assert.That(parsed, Is.GreaterThan(0), "some flips land in data that does not matter (types, referent ids)");
        Assert.That(malformed, Is.GreaterThan(0));
    }

    [Test]
    public void EncodeRequest_MatchesTheNdrLayout()
    {
        byte[] stub = SrvsvcNetShareEnumAll.EncodeRequest("ab");

        // referent, max 5, offset 0, actual 5, "\\ab\0" (10 bytes) + 2 pad, level 1, tag 1, container referent,
        // EntriesRead 0, NULL buffer, PreferedMaximumLength, resume referent, resume 0.
        Assert.That(stub, Has.Length.EqualTo(4 + 12 + 12 + 4 * 8));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(stub.AsSpan(4)), Is.EqualTo(5));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(stub.AsSpan(12)), Is.EqualTo(5));
        Assert.That(System.Text.Encoding.Unicode.GetString(stub, 16, 10), Is.EqualTo("\\\\ab\0"));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(stub.AsSpan(28)), Is.EqualTo(1));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(stub.AsSpan(48)), Is.EqualTo(0xFFFFFFFF));
    }
}
