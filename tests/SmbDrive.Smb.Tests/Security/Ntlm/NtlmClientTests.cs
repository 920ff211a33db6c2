using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SmbDrive.Smb.Security.Ntlm;

namespace SmbDrive.Smb.Tests.Security.Ntlm;

public class NtlmClientTests
{
    private const string TargetHost = "server";
    private const string Workstation = "CLIENT1";

    [Test]
    public void CreateNegotiateMessage_Always_HasTheDocumentedFlagsEmptyNamesAndVersion()
    {
        using var client = NewClient(UserCredentials());

        byte[] bytes = client.CreateNegotiateMessage();
        var message = NtlmNegotiateMessage.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(bytes, Has.Length.EqualTo(40));
            Assert.That((uint)message.Flags, Is.EqualTo(0xE2888215u));
            Assert.That(message.Domain, Is.Empty);
            Assert.That(message.Workstation, Is.Empty);
            Assert.That(message.Version, Is.EqualTo(new NtlmVersion(10, 0, 19041, 15)));
            Assert.That(bytes.AsSpan(32, 8).ToArray(), Is.EqualTo(Convert.FromHexString("0a0061 4a0000000f".Replace(" ", ""))));
        });
    }

    [Test]
    public void CreateAuthenticateMessage_NlmpExampleChallenge_UsesPublishedLmV2AndAValidNtlmV2Response()
    {
        var random = new ScriptedRandom(NlmpExamples.ClientChallenge, NlmpExamples.RandomSessionKey);
        using var client = NewClient(UserCredentials(), random, FileTimeZero);
        byte[] negotiate = client.CreateNegotiateMessage();

        byte[] bytes = client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage);
        var message = NtlmAuthenticateMessage.Parse(bytes);

        byte[] proof = message.NtChallengeResponse[..16];
        byte[] blob = message.NtChallengeResponse[16..];
        byte[] expectedProof = HMACMD5.HashData(NlmpExamples.NtowfV2, (byte[])[.. NlmpExamples.ServerChallenge, .. blob]);
        byte[] sessionBaseKey = HMACMD5.HashData(NlmpExamples.NtowfV2, proof);
        Assert.Multiple(() =>
        {
            Assert.That(message.UserName, Is.EqualTo(NlmpExamples.User));
            Assert.That(message.Domain, Is.EqualTo(NlmpExamples.Domain));
            Assert.That(message.Workstation, Is.EqualTo(Workstation));
            Assert.That(message.LmChallengeResponse, Is.EqualTo(NlmpExamples.LmV2Response));
            Assert.That(proof, Is.EqualTo(expectedProof));
            Assert.That(blob[..28], Is.EqualTo(Convert.FromHexString("0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000")));
            Assert.That(message.EncryptedRandomSessionKey, Is.EqualTo(Rc4Cipher.Transform(sessionBaseKey, NlmpExamples.RandomSessionKey)));
            Assert.That(client.ExportedSessionKey.ToArray(), Is.EqualTo(NlmpExamples.RandomSessionKey));
            Assert.That(message.Mic, Is.EqualTo(ExpectedMic(NlmpExamples.RandomSessionKey, negotiate, NlmpExamples.ChallengeMessage, bytes)));
            Assert.That(random.Calls, Is.EqualTo(2));
        });
    }

    [Test]
    public void CreateAuthenticateMessage_NlmpExampleChallenge_NegotiatesTheIntersectionOfFlags()
    {
        using var client = NewClient(UserCredentials());
        client.CreateNegotiateMessage();

        var message = NtlmAuthenticateMessage.Parse(client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage));

        // Challenge 0xe28a8233 ∩ ours 0xE2888215 = 0xe2888211; plus REQUEST_TARGET and VERSION.
        Assert.Multiple(() =>
        {
            Assert.That((uint)message.Flags, Is.EqualTo(0xE2888215u));
            Assert.That(client.NegotiatedFlags, Is.EqualTo(message.Flags));
        });
    }

    [Test]
    public void CreateAuthenticateMessage_Always_EchoesServerPairsThenAddsFlagsTargetNameAndChannelBindings()
    {
        using var client = NewClient(UserCredentials(), new ScriptedRandom(NlmpExamples.ClientChallenge, NlmpExamples.RandomSessionKey), FileTimeZero);
        client.CreateNegotiateMessage();

        var message = NtlmAuthenticateMessage.Parse(client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage));
        byte[] blob = message.NtChallengeResponse[16..];
        var pairs = NtlmAvPairList.Parse(blob.AsSpan(28), "test");

        Assert.Multiple(() =>
        {
            Assert.That(pairs.Select(p => p.Id), Is.EqualTo(new[]
            {
                NtlmAvId.NbDomainName, NtlmAvId.NbComputerName, NtlmAvId.Flags, NtlmAvId.TargetName, NtlmAvId.ChannelBindings,
            }));
            Assert.That(pairs[2].Value, Is.EqualTo(new byte[] { 2, 0, 0, 0 }));
            Assert.That(Encoding.Unicode.GetString(pairs[3].Value), Is.EqualTo("cifs/server"));
            Assert.That(pairs[4].Value, Is.EqualTo(new byte[16]));
            Assert.That(blob[^8..], Is.EqualTo(new byte[8]), "MsvAvEOL then the trailing Z(4)");
        });
    }

    [Test]
    public void CreateAuthenticateMessage_ServerSendsTimestamp_UsesItAndSendsZeroLmResponse()
    {
        byte[] challenge = NtlmChallengeMessageTests.BuildSambaShaped();
        using var client = NewClient(UserCredentials(), new ScriptedRandom(NlmpExamples.ClientChallenge, NlmpExamples.RandomSessionKey),
            () => throw new AssertionException("the clock must not be read when the server sends MsvAvTimestamp"));
        client.CreateNegotiateMessage();

        var message = NtlmAuthenticateMessage.Parse(client.CreateAuthenticateMessage(challenge));

        Assert.Multiple(() =>
        {
            Assert.That(message.LmChallengeResponse, Is.EqualTo(new byte[24]));
            Assert.That(BinaryPrimitives.ReadInt64LittleEndian(message.NtChallengeResponse.AsSpan(16 + 8)), Is.EqualTo(0x01DA0102030405L));
        });
    }

    [Test]
    public void CreateAuthenticateMessage_ServerAlreadySendsAvFlags_OrsMicBitIntoTheOnePair()
    {
        var info = new NtlmAvPairList();
        info.Add(NtlmAvId.NbComputerName, Encoding.Unicode.GetBytes("SERVER"));
        info.Add(NtlmAvId.Flags, [0x01, 0, 0, 0]);
        byte[] challenge = NtlmChallengeMessage.Create((NtlmNegotiateFlags)0xe28a0215, new byte[8], "S", info).Encode();
        using var client = NewClient(UserCredentials());
        client.CreateNegotiateMessage();

        var message = NtlmAuthenticateMessage.Parse(client.CreateAuthenticateMessage(challenge));
        var pairs = NtlmAvPairList.Parse(message.NtChallengeResponse.AsSpan(16 + 28), "test");

        Assert.Multiple(() =>
        {
            Assert.That(pairs.Count(p => p.Id == NtlmAvId.Flags), Is.EqualTo(1));
            Assert.That(pairs.TryGet(NtlmAvId.Flags, out byte[] flags) ? flags : null, Is.EqualTo(new byte[] { 3, 0, 0, 0 }));
        });
    }

    [Test]
    public void CreateAuthenticateMessage_ServerWithoutKeyExchange_ExportsTheSessionBaseKeyAndSendsNoEncryptedKey()
    {
        var flags = (NtlmNegotiateFlags)0xe28a8233 & ~NtlmNegotiateFlags.KeyExchange;
        var challengeMessage = NtlmChallengeMessage.Parse(NlmpExamples.ChallengeMessage);
        byte[] challenge = NtlmChallengeMessage.Create(flags, NlmpExamples.ServerChallenge, "Server", challengeMessage.TargetInfoPairs).Encode();
        var random = new ScriptedRandom(NlmpExamples.ClientChallenge);
        using var client = NewClient(UserCredentials(), random, FileTimeZero);
        byte[] negotiate = client.CreateNegotiateMessage();

        byte[] bytes = client.CreateAuthenticateMessage(challenge);
        var message = NtlmAuthenticateMessage.Parse(bytes);

        byte[] sessionBaseKey = HMACMD5.HashData(NlmpExamples.NtowfV2, message.NtChallengeResponse[..16]);
        Assert.Multiple(() =>
        {
            Assert.That(message.EncryptedRandomSessionKey, Is.Empty);
            Assert.That(message.Flags & NtlmNegotiateFlags.KeyExchange, Is.EqualTo(NtlmNegotiateFlags.None));
            Assert.That(client.ExportedSessionKey.ToArray(), Is.EqualTo(sessionBaseKey));
            Assert.That(message.Mic, Is.EqualTo(ExpectedMic(sessionBaseKey, negotiate, challenge, bytes)));
            Assert.That(random.Calls, Is.EqualTo(1), "no random session key without key exchange");
        });
    }

    [Test]
    public void CreateAuthenticateMessage_Anonymous_HasAnonymousLayout()
    {
        using var client = NewClient(SmbCredentials.Anonymous, new ScriptedRandom(), FileTimeZero);
        client.CreateNegotiateMessage();

        byte[] bytes = client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage);
        var message = NtlmAuthenticateMessage.Parse(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(message.Flags & NtlmNegotiateFlags.Anonymous, Is.EqualTo(NtlmNegotiateFlags.Anonymous));
            Assert.That(message.Flags & NtlmNegotiateFlags.KeyExchange, Is.EqualTo(NtlmNegotiateFlags.None));
            Assert.That(message.UserName, Is.Empty);
            Assert.That(message.Domain, Is.Empty);
            Assert.That(message.NtChallengeResponse, Is.Empty);
            Assert.That(message.LmChallengeResponse, Is.EqualTo(new byte[] { 0 }));
            Assert.That(message.EncryptedRandomSessionKey, Is.Empty);
            Assert.That(message.Mic, Is.Null);
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28 + 4)), Is.EqualTo(72u), "payload right after Version: no MIC field");
            Assert.That(client.ExportedSessionKey.IsEmpty, Is.True);
            Assert.That(client.IsAnonymous, Is.True);
        });
    }

    [Test]
    public void CreateAuthenticateMessage_Guest_SendsGuestWithEmptyPasswordNtlmV2()
    {
        using var client = NewClient(SmbCredentials.Guest);
        client.CreateNegotiateMessage();

        var message = NtlmAuthenticateMessage.Parse(client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage));

        // NTOWFv2 of an empty password starts from MD4("") = 31d6cfe0d16ae931b73c59d7e0c089c0 (RFC 1320).
        byte[] responseKey = HMACMD5.HashData(Convert.FromHexString("31d6cfe0d16ae931b73c59d7e0c089c0"), Encoding.Unicode.GetBytes("GUEST"));
        byte[] expectedProof = HMACMD5.HashData(responseKey, (byte[])[.. NlmpExamples.ServerChallenge, .. message.NtChallengeResponse[16..]]);
        Assert.Multiple(() =>
        {
            Assert.That(message.UserName, Is.EqualTo("guest"));
            Assert.That(message.Domain, Is.Empty);
            Assert.That(message.Flags & NtlmNegotiateFlags.Anonymous, Is.EqualTo(NtlmNegotiateFlags.None));
            Assert.That(message.NtChallengeResponse[..16], Is.EqualTo(expectedProof));
        });
    }

    [Test]
    public void CreateAuthenticateMessage_ServerWithoutUnicode_ThrowsSmbProtocolException()
    {
        byte[] challenge = NlmpExamples.ChallengeMessage;
        challenge[20] &= 0xFE; // clear NTLMSSP_NEGOTIATE_UNICODE
        using var client = NewClient(UserCredentials());
        client.CreateNegotiateMessage();

        Assert.That(() => client.CreateAuthenticateMessage(challenge), Throws.TypeOf<SmbProtocolException>().With.Message.Contains("Unicode"));
    }

    [Test]
    public void CreateAuthenticateMessage_ServerWithoutExtendedSessionSecurity_ThrowsSmbProtocolException()
    {
        byte[] challenge = NlmpExamples.ChallengeMessage;
        challenge[22] &= 0xF7; // clear NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY (0x00080000)
        using var client = NewClient(UserCredentials());
        client.CreateNegotiateMessage();

        Assert.That(() => client.CreateAuthenticateMessage(challenge),
            Throws.TypeOf<SmbProtocolException>().With.Message.Contains("extended session security"));
    }

    [Test]
    public void CreateAuthenticateMessage_TruncatedChallenge_ThrowsMalformedChallenge()
    {
        using var client = NewClient(UserCredentials());
        client.CreateNegotiateMessage();

        Assert.That(() => client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage.AsSpan(0, 90)),
            Throws.TypeOf<SmbProtocolException>().With.Message.StartsWith("malformed NTLM CHALLENGE message"));
    }

    [Test]
    public void CreateAuthenticateMessage_BeforeNegotiate_ThrowsInvalidOperation()
    {
        using var client = NewClient(UserCredentials());

        Assert.That(() => client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage), Throws.InvalidOperationException);
    }

    [Test]
    public void Dispose_AfterAuthenticate_ZeroesTheExportedSessionKey()
    {
        byte[] exported = NlmpExamples.RandomSessionKey;
        var client = NewClient(UserCredentials(), new ScriptedRandom(NlmpExamples.ClientChallenge, exported), FileTimeZero);
        client.CreateNegotiateMessage();
        client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage);

        client.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(exported, Is.EqualTo(new byte[16]), "the array the client took ownership of is wiped");
            Assert.That(client.ExportedSessionKey.IsEmpty, Is.True);
        });
    }

    [Test]
    public void SignAndVerify_SameKeys_ServerDirectionDiffersFromClientDirection()
    {
        using var client = NewClient(UserCredentials(), new ScriptedRandom(NlmpExamples.ClientChallenge, NlmpExamples.RandomSessionKey), FileTimeZero);
        client.CreateNegotiateMessage();
        client.CreateAuthenticateMessage(NlmpExamples.ChallengeMessage);
        byte[] data = Encoding.ASCII.GetBytes("mechTypes");

        byte[] clientSignature = client.Sign(data, 0);
        using var serverSeal = new Rc4Cipher(NtlmCrypto.SealKey(NlmpExamples.RandomSessionKey, client.NegotiatedFlags, NtlmDirection.ServerToClient));
        byte[] serverSignature = NtlmCrypto.Mac(serverSeal, NtlmCrypto.SignKey(NlmpExamples.RandomSessionKey, NtlmDirection.ServerToClient), 0, data);

        Assert.Multiple(() =>
        {
            Assert.That(client.Verify(data, serverSignature, 0), Is.True);
            Assert.That(client.Verify(data, clientSignature, 0), Is.False);
            Assert.That(client.Verify(data, serverSignature, 1), Is.False);
        });
    }

    [Test]
    public void ToString_Always_OmitsThePassword()
    {
        const string password = "Tr0ub4dor&3-unique";
        using var client = NewClient(SmbCredentials.User("alice", password, "CORP"));

        Assert.That(client.ToString(), Does.Not.Contain(password).And.Contain("alice"));
    }

    internal static SmbCredentials UserCredentials() => SmbCredentials.User(NlmpExamples.User, NlmpExamples.Password, NlmpExamples.Domain);

    internal static DateTime FileTimeZero() => DateTime.FromFileTimeUtc(0);

    internal static byte[] ExpectedMic(byte[] exportedSessionKey, byte[] negotiate, byte[] challenge, byte[] authenticate)
    {
        byte[] zeroed = (byte[])authenticate.Clone();
        Array.Clear(zeroed, 72, 16);
        return HMACMD5.HashData(exportedSessionKey, (byte[])[.. negotiate, .. challenge, .. zeroed]);
    }

    private static NtlmClient NewClient(SmbCredentials credentials) =>
        new(credentials, TargetHost, Workstation, RandomNumberGenerator.GetBytes, () => DateTime.UtcNow);

    private static NtlmClient NewClient(SmbCredentials credentials, ScriptedRandom random, Func<DateTime> clock) =>
        new(credentials, TargetHost, Workstation, random.Next, clock);
}
