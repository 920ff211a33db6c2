using SmbDrive.Smb.Security.Ntlm;

namespace SmbDrive.Smb.Tests.Security.Ntlm;

public class NtlmAuthenticateMessageTests
{
    private const NtlmNegotiateFlags ExampleFlags = (NtlmNegotiateFlags)0xe2888235;
    private static readonly NtlmVersion ExampleVersion = new(5, 1, 2600, 15);

    [Test]
    public void Parse_NlmpExampleMessage_ReadsEveryField()
    {
        var message = NtlmAuthenticateMessage.Parse(NlmpExamples.AuthenticateMessage);

        Assert.Multiple(() =>
        {
            Assert.That(message.Flags, Is.EqualTo(ExampleFlags));
            Assert.That(message.Domain, Is.EqualTo(NlmpExamples.Domain));
            Assert.That(message.UserName, Is.EqualTo(NlmpExamples.User));
            Assert.That(message.Workstation, Is.EqualTo(NlmpExamples.Workstation));
            Assert.That(message.LmChallengeResponse, Is.EqualTo(NlmpExamples.LmV2Response));
            Assert.That(message.NtChallengeResponse.AsSpan(0, 16).ToArray(), Is.EqualTo(NlmpExamples.NtProofStr));
            Assert.That(message.NtChallengeResponse, Has.Length.EqualTo(84));
            Assert.That(message.EncryptedRandomSessionKey, Is.EqualTo(NlmpExamples.EncryptedSessionKey));
            Assert.That(message.Version, Is.EqualTo(ExampleVersion));
            Assert.That(message.Mic, Is.Null, "the 4.2.4.3 example predates the MIC");
        });
    }

    [Test]
    public void Encode_NlmpExampleInputsThroughNtlmCrypto_ReproducesThePublishedMessage()
    {
        byte[] responseKey = NtlmCrypto.NtowfV2(NlmpExamples.Password, NlmpExamples.User, NlmpExamples.Domain);
        byte[] blob = NtlmCrypto.BuildClientChallengeBlob(0, NlmpExamples.ClientChallenge, NlmpExamples.TargetInfo);
        byte[] proof = NtlmCrypto.ComputeNtProofStr(responseKey, NlmpExamples.ServerChallenge, blob);
        byte[] keyExchangeKey = NtlmCrypto.KeyExchangeKey(NtlmCrypto.ComputeSessionBaseKey(responseKey, proof));
        var message = new NtlmAuthenticateMessage(
            ExampleFlags,
            NtlmCrypto.ComputeLmV2Response(responseKey, NlmpExamples.ServerChallenge, NlmpExamples.ClientChallenge),
            [.. proof, .. blob],
            NlmpExamples.Domain,
            NlmpExamples.User,
            NlmpExamples.Workstation,
            NtlmCrypto.EncryptSessionKey(keyExchangeKey, NlmpExamples.RandomSessionKey),
            ExampleVersion,
            mic: null);

        Assert.That(message.Encode(), Is.EqualTo(NlmpExamples.AuthenticateMessage));
    }

    [Test]
    public void EncodeThenParse_WithMic_KeepsMicAtOffset72AndPayloadAfterIt()
    {
        byte[] mic = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var original = new NtlmAuthenticateMessage(ExampleFlags, [1, 2], [3, 4, 5], "D", "U", "W", [6], NtlmVersion.Default, mic);

        byte[] bytes = original.Encode();
        var parsed = NtlmAuthenticateMessage.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(bytes.AsSpan(NtlmAuthenticateMessage.MicOffset, 16).ToArray(), Is.EqualTo(mic));
            Assert.That(parsed.Mic, Is.EqualTo(mic));
            Assert.That(parsed.Domain, Is.EqualTo("D"));
            Assert.That(parsed.LmChallengeResponse, Is.EqualTo(new byte[] { 1, 2 }));
            Assert.That(parsed.NtChallengeResponse, Is.EqualTo(new byte[] { 3, 4, 5 }));
            Assert.That(parsed.EncryptedRandomSessionKey, Is.EqualTo(new byte[] { 6 }));
            Assert.That(bytes, Has.Length.EqualTo(88 + 2 + 2 + 2 + 2 + 3 + 1));
        });
    }

    [Test]
    public void Parse_EveryTruncationOfTheExample_ThrowsSmbProtocolException()
    {
        byte[] bytes = NlmpExamples.AuthenticateMessage;

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            Assert.That(() => NtlmAuthenticateMessage.Parse(prefix), Throws.TypeOf<SmbProtocolException>(), $"prefix of {length} bytes");
        }
    }

    [Test]
    public void ToString_ShowsNamesButNoResponseOrKeyBytes()
    {
        var message = NtlmAuthenticateMessage.Parse(NlmpExamples.AuthenticateMessage);

        string text = message.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(@"Domain\User"));
            Assert.That(text, Does.Not.Contain("c5da").IgnoreCase);
            Assert.That(text, Does.Not.Contain("68cd").IgnoreCase);
        });
    }
}
