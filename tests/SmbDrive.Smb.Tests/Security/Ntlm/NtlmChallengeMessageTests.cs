using System.Buffers.Binary;
using System.Text;
using SmbDrive.Smb.Security.Ntlm;

namespace SmbDrive.Smb.Tests.Security.Ntlm;

public class NtlmChallengeMessageTests
{
    private const int TargetNameFieldsOffset = 12;
    private const int TargetInfoFieldsOffset = 40;

    [Test]
    public void Parse_NlmpExampleMessage_ReadsEveryField()
    {
        var message = NtlmChallengeMessage.Parse(NlmpExamples.ChallengeMessage);

        Assert.Multiple(() =>
        {
            Assert.That((uint)message.Flags, Is.EqualTo(0xe28a8233u));
            Assert.That(message.ServerChallenge, Is.EqualTo(NlmpExamples.ServerChallenge));
            Assert.That(message.TargetName, Is.EqualTo("Server"));
            Assert.That(message.TargetInfo, Is.EqualTo(NlmpExamples.TargetInfo));
            Assert.That(message.TargetInfoPairs.Select(p => p.Id), Is.EqualTo(new[] { NtlmAvId.NbDomainName, NtlmAvId.NbComputerName }));
            Assert.That(Encoding.Unicode.GetString(message.TargetInfoPairs[0].Value), Is.EqualTo("Domain"));
            Assert.That(Encoding.Unicode.GetString(message.TargetInfoPairs[1].Value), Is.EqualTo("Server"));
            Assert.That(message.Version, Is.EqualTo(new NtlmVersion(6, 0, 6000, 15)));
        });
    }

    [Test]
    public void Parse_BuiltSambaShapedMessage_RoundTrips()
    {
        byte[] bytes = BuildSambaShaped();

        var message = NtlmChallengeMessage.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(message.TargetName, Is.EqualTo("WORKGROUP"));
            Assert.That(message.ServerChallenge, Is.EqualTo(Convert.FromHexString("74d6b7f11d68baa2")));
            Assert.That(message.TargetInfoPairs.TryGet(NtlmAvId.Timestamp, out byte[] stamp), Is.True);
            Assert.That(BinaryPrimitives.ReadInt64LittleEndian(stamp), Is.EqualTo(0x01DA0102030405L));
            Assert.That(message.TargetInfoPairs.TryGet(NtlmAvId.DnsComputerName, out byte[] dns), Is.True);
            Assert.That(Encoding.Unicode.GetString(dns), Is.EqualTo("server.example"));
            Assert.That(message.Encode(), Is.EqualTo(bytes));
        });
    }

    [Test]
    public void Parse_EveryTruncation_ThrowsSmbProtocolException()
    {
        byte[] bytes = BuildSambaShaped();

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            Assert.That(() => NtlmChallengeMessage.Parse(prefix), Throws.TypeOf<SmbProtocolException>()
                .With.Message.StartsWith("malformed NTLM CHALLENGE message"), $"prefix of {length} bytes");
        }
    }

    [Test]
    public void Parse_TargetInfoPastTheEnd_ThrowsSmbProtocolException()
    {
        byte[] bytes = BuildSambaShaped();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(TargetInfoFieldsOffset + 4), (uint)bytes.Length - 2);

        Assert.That(() => NtlmChallengeMessage.Parse(bytes), Throws.TypeOf<SmbProtocolException>().With.Message.Contains("TargetInfo"));
    }

    [TestCase(0xFFFFFFFFu, (ushort)0x0001)]
    [TestCase(0xFFFFFFF0u, (ushort)0x0020)]
    [TestCase(0x80000000u, (ushort)0xFFFF)]
    [TestCase(0x7FFFFFFFu, (ushort)0x0002)]
    public void Parse_OffsetPlusLengthWrapsAround_ThrowsSmbProtocolException(uint offset, ushort length)
    {
        byte[] bytes = BuildSambaShaped();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(TargetNameFieldsOffset), length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(TargetNameFieldsOffset + 4), offset);

        Assert.That(() => NtlmChallengeMessage.Parse(bytes), Throws.TypeOf<SmbProtocolException>().With.Message.Contains("TargetName"));
    }

    [Test]
    public void Parse_AvPairLongerThanTargetInfo_ThrowsSmbProtocolException()
    {
        var info = new NtlmAvPairList();
        info.Add(NtlmAvId.NbComputerName, Encoding.Unicode.GetBytes("SERVER"));
        byte[] bytes = Build(info.Encode());
        int infoStart = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(TargetInfoFieldsOffset + 4));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(infoStart + 2), 0xFFF0);

        Assert.That(() => NtlmChallengeMessage.Parse(bytes), Throws.TypeOf<SmbProtocolException>().With.Message.Contains("AV pair"));
    }

    [Test]
    public void Parse_TargetInfoWithoutEol_ThrowsSmbProtocolException()
    {
        byte[] pairWithoutEol = [0x01, 0x00, 0x02, 0x00, 0x41, 0x00];

        Assert.That(() => NtlmChallengeMessage.Parse(Build(pairWithoutEol)),
            Throws.TypeOf<SmbProtocolException>().With.Message.Contains("MsvAvEOL"));
    }

    [Test]
    public void Parse_TimestampOfWrongLength_ThrowsSmbProtocolException()
    {
        byte[] info = [0x07, 0x00, 0x04, 0x00, 1, 2, 3, 4, 0x00, 0x00, 0x00, 0x00];

        Assert.That(() => NtlmChallengeMessage.Parse(Build(info)), Throws.TypeOf<SmbProtocolException>().With.Message.Contains("Timestamp"));
    }

    [Test]
    public void Parse_WrongSignatureOrType_ThrowsSmbProtocolException()
    {
        byte[] badSignature = BuildSambaShaped();
        badSignature[0] = (byte)'X';
        byte[] badType = BuildSambaShaped();
        badType[8] = 3;

        Assert.Multiple(() =>
        {
            Assert.That(() => NtlmChallengeMessage.Parse(badSignature), Throws.TypeOf<SmbProtocolException>());
            Assert.That(() => NtlmChallengeMessage.Parse(badType), Throws.TypeOf<SmbProtocolException>());
        });
    }

    [Test]
    public void Parse_EmptyFieldWithWildOffset_IsAccepted()
    {
        // Length 0 means "absent"; servers are inconsistent about the offset they leave behind.
        byte[] bytes = BuildSambaShaped();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(TargetNameFieldsOffset), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(TargetNameFieldsOffset + 4), 0xFFFFFFFF);

        var message = NtlmChallengeMessage.Parse(bytes);

        Assert.That(message.TargetName, Is.Empty);
    }

    [Test]
    public void Parse_RandomCorruption_ThrowsNothingButSmbProtocolException()
    {
        byte[] original = BuildSambaShaped();
        var random = new Random(4178);
        int parsed = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            int flips = random.Next(1, 6);
            for (int f = 0; f < flips; f++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            byte[] input = bytes[..random.Next(bytes.Length + 1)];
            try
            {
                NtlmChallengeMessage.Parse(input);
                parsed++;
            }
            catch (SmbProtocolException)
            {
            }
        }

        // Some corruptions only touch names or challenge bytes and still parse; most truncations do not.
        Assert.That(parsed, Is.InRange(1, 4999));
    }

    /// <summary>A CHALLENGE shaped like Samba 4.17's: flags 0xe28a0215, NetBIOS + DNS names and a timestamp.</summary>
    internal static byte[] BuildSambaShaped()
    {
        var info = new NtlmAvPairList();
        info.Add(NtlmAvId.NbDomainName, Encoding.Unicode.GetBytes("WORKGROUP"));
        info.Add(NtlmAvId.NbComputerName, Encoding.Unicode.GetBytes("SERVER"));
        info.Add(NtlmAvId.DnsDomainName, Encoding.Unicode.GetBytes("example"));
        info.Add(NtlmAvId.DnsComputerName, Encoding.Unicode.GetBytes("server.example"));
        byte[] stamp = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(stamp, 0x01DA0102030405L);
        info.Add(NtlmAvId.Timestamp, stamp);
        return NtlmChallengeMessage.Create((NtlmNegotiateFlags)0xe28a0215, Convert.FromHexString("74d6b7f11d68baa2"), "WORKGROUP", info,
            new NtlmVersion(6, 1, 0, 15)).Encode();
    }

    private static byte[] Build(byte[] rawTargetInfo) =>
        new NtlmChallengeMessage((NtlmNegotiateFlags)0xe28a0215, new byte[8], "T", rawTargetInfo, new NtlmAvPairList(), null).Encode();
}
