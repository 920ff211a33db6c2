using System.Security.Cryptography;
using System.Text;
using SmbDrive.Smb.Security;
using SmbDrive.Smb.Security.Ntlm;
using SmbDrive.Smb.Security.Spnego;
using SmbDrive.Smb.Tests.Security.Ntlm;

namespace SmbDrive.Smb.Tests.Security.Spnego;

public class NtlmSpnegoAuthenticatorTests
{
    private const string Secret = "Corr3ct-Horse-Battery-Staple";
    private static readonly byte[] MechTypeList = Convert.FromHexString("300c060a2b06010401823702020a");

    [Test]
    public void GetInitialToken_Always_OffersOnlyNtlmWithNegotiateMessage()
    {
        using var auth = NewAuthenticator(NtlmClientTests.UserCredentials());

        var init = SpnegoTokens.DecodeNegTokenInit(auth.GetInitialToken());

        Assert.Multiple(() =>
        {
            Assert.That(init.MechTypes, Is.EqualTo(new[] { "1.3.6.1.4.1.311.2.2.10" }));
            Assert.That(NtlmNegotiateMessage.Parse(init.MechToken).Flags, Is.EqualTo(NtlmClient.ClientFlags));
        });
    }

    [Test]
    public void ProcessChallenge_UserCredentials_ReturnsAuthenticateWithMicAndSealedMechListMic()
    {
        using var auth = NewAuthenticator(NtlmClientTests.UserCredentials());
        byte[] negotiate = SpnegoTokens.DecodeNegTokenInit(auth.GetInitialToken()).MechToken!;

        var response = SpnegoTokens.DecodeNegTokenResp(auth.ProcessChallenge(ChallengeToken(NlmpExamples.ChallengeMessage)));

        byte[] authenticate = response.ResponseToken!;
        Assert.Multiple(() =>
        {
            Assert.That(response.NegState, Is.Null);
            Assert.That(response.SupportedMech, Is.Null);
            Assert.That(NtlmAuthenticateMessage.Parse(authenticate).Mic,
                Is.EqualTo(NtlmClientTests.ExpectedMic(NlmpExamples.RandomSessionKey, negotiate, NlmpExamples.ChallengeMessage, authenticate)));
            Assert.That(response.MechListMic, Is.EqualTo(ExpectedMechListMic(NlmpExamples.RandomSessionKey, "client-to-server", keyExchange: true)));
            Assert.That(auth.SessionKey.ToArray(), Is.EqualTo(NlmpExamples.RandomSessionKey));
            Assert.That(auth.IsAnonymous, Is.False);
        });
    }

    [Test]
    public void ProcessChallenge_ServerWithoutKeyExchange_MechListMicChecksumIsNotSealed()
    {
        var pairs = NtlmChallengeMessage.Parse(NlmpExamples.ChallengeMessage).TargetInfoPairs;
        byte[] challenge = NtlmChallengeMessage.Create((NtlmNegotiateFlags)0xa28a8233, NlmpExamples.ServerChallenge, "Server", pairs).Encode();
        using var auth = new NtlmSpnegoAuthenticator(NtlmClientTests.UserCredentials(), "server", "CLIENT1",
            new ScriptedRandom(NlmpExamples.ClientChallenge).Next, NtlmClientTests.FileTimeZero);
        auth.GetInitialToken();

        var response = SpnegoTokens.DecodeNegTokenResp(auth.ProcessChallenge(ChallengeToken(challenge)));

        Assert.That(response.MechListMic, Is.EqualTo(ExpectedMechListMic(auth.SessionKey.ToArray(), "client-to-server", keyExchange: false)));
    }

    [Test]
    public void ProcessFinalToken_ValidServerMechListMic_Completes()
    {
        using var auth = AfterChallenge(NtlmClientTests.UserCredentials());
        byte[] final = FinalToken(SpnegoNegState.AcceptCompleted, ExpectedMechListMic(NlmpExamples.RandomSessionKey, "server-to-client", keyExchange: true));

        Assert.That(() => auth.ProcessFinalToken(final), Throws.Nothing);
    }

    [TestCase(0)]
    [TestCase(4)]
    [TestCase(11)]
    [TestCase(12)]
    public void ProcessFinalToken_ServerMechListMicWithOneByteChanged_ThrowsSmbProtocolException(int index)
    {
        using var auth = AfterChallenge(NtlmClientTests.UserCredentials());
        byte[] mic = ExpectedMechListMic(NlmpExamples.RandomSessionKey, "server-to-client", keyExchange: true);
        mic[index] ^= 0x01;

        Assert.That(() => auth.ProcessFinalToken(FinalToken(SpnegoNegState.AcceptCompleted, mic)),
            Throws.TypeOf<SmbProtocolException>().With.Message.Contains("mechListMIC"));
    }

    [Test]
    public void ProcessFinalToken_ClientMechListMicReflected_ThrowsSmbProtocolException()
    {
        using var auth = AfterChallenge(NtlmClientTests.UserCredentials());
        byte[] reflected = ExpectedMechListMic(NlmpExamples.RandomSessionKey, "client-to-server", keyExchange: true);

        Assert.That(() => auth.ProcessFinalToken(FinalToken(SpnegoNegState.AcceptCompleted, reflected)), Throws.TypeOf<SmbProtocolException>());
    }

    [Test]
    public void ProcessFinalToken_EmptyOrWithoutMic_Completes()
    {
        using var empty = AfterChallenge(NtlmClientTests.UserCredentials());
        using var noMic = AfterChallenge(NtlmClientTests.UserCredentials());

        Assert.Multiple(() =>
        {
            Assert.That(() => empty.ProcessFinalToken([]), Throws.Nothing);
            Assert.That(() => noMic.ProcessFinalToken(FinalToken(SpnegoNegState.AcceptCompleted, null)), Throws.Nothing);
        });
    }

    // The enum is internal, so the cases carry its numeric values (2 = Reject, 1 = AcceptIncomplete).
    [TestCase(2)]
    [TestCase(1)]
    public void ProcessFinalToken_NotAcceptCompleted_ThrowsSmbProtocolException(int negState)
    {
        var state = (SpnegoNegState)negState;
        using var auth = AfterChallenge(NtlmClientTests.UserCredentials());

        Assert.That(() => auth.ProcessFinalToken(FinalToken(state, null)), Throws.TypeOf<SmbProtocolException>().With.Message.Contains(state.ToString()));
    }

    [Test]
    public void ProcessChallenge_ServerRejectsOrPicksAnotherMechOrSendsNoToken_ThrowsSmbProtocolException()
    {
        byte[] reject = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.Reject, null, null, null));
        byte[] kerberos = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Kerberos5, [1], null));
        byte[] noToken = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, null, null));

        Assert.Multiple(() =>
        {
            foreach (byte[] token in new[] { reject, kerberos, noToken })
            {
                using var auth = NewAuthenticator(NtlmClientTests.UserCredentials());
                auth.GetInitialToken();
                Assert.That(() => auth.ProcessChallenge(token), Throws.TypeOf<SmbProtocolException>());
            }
        });
    }

    [Test]
    public void ProcessChallenge_TruncatedNtlmChallenge_ThrowsMalformedChallenge()
    {
        using var auth = NewAuthenticator(NtlmClientTests.UserCredentials());
        auth.GetInitialToken();

        Assert.That(() => auth.ProcessChallenge(ChallengeToken(NlmpExamples.ChallengeMessage[..60])),
            Throws.TypeOf<SmbProtocolException>().With.Message.StartsWith("malformed NTLM CHALLENGE message"));
    }

    [Test]
    public void ProcessChallenge_Anonymous_SendsNoMechListMicAndHasNoSessionKey()
    {
        using var auth = new NtlmSpnegoAuthenticator(SmbCredentials.Anonymous, "server", "CLIENT1", new ScriptedRandom().Next, NtlmClientTests.FileTimeZero);
        auth.GetInitialToken();

        var response = SpnegoTokens.DecodeNegTokenResp(auth.ProcessChallenge(ChallengeToken(NlmpExamples.ChallengeMessage)));
        auth.ProcessFinalToken(FinalToken(SpnegoNegState.AcceptCompleted, null));

        Assert.Multiple(() =>
        {
            Assert.That(response.MechListMic, Is.Null);
            Assert.That(NtlmAuthenticateMessage.Parse(response.ResponseToken).Flags & NtlmNegotiateFlags.Anonymous, Is.EqualTo(NtlmNegotiateFlags.Anonymous));
            Assert.That(auth.SessionKey.IsEmpty, Is.True);
            Assert.That(auth.IsAnonymous, Is.True);
        });
    }

    [Test]
    public void Calls_OutOfOrder_ThrowInvalidOperation()
    {
        using var fresh = NewAuthenticator(NtlmClientTests.UserCredentials());
        using var started = NewAuthenticator(NtlmClientTests.UserCredentials());
        started.GetInitialToken();

        Assert.Multiple(() =>
        {
            Assert.That(() => fresh.ProcessChallenge(ChallengeToken(NlmpExamples.ChallengeMessage)), Throws.InvalidOperationException);
            Assert.That(() => fresh.ProcessFinalToken([]), Throws.InvalidOperationException);
            Assert.That(() => started.GetInitialToken(), Throws.InvalidOperationException);
            Assert.That(() => started.ProcessFinalToken([]), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Dispose_AfterChallenge_ClearsSessionKeyAndRejectsFurtherCalls()
    {
        var auth = AfterChallenge(NtlmClientTests.UserCredentials());

        auth.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(auth.SessionKey.IsEmpty, Is.True);
            Assert.That(() => auth.ProcessFinalToken([]), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void FailuresAndToString_NeverContainThePasswordOrKeys()
    {
        var credentials = SmbCredentials.User("bob", Secret, "CORP");
        string ntHashHex = Convert.ToHexString(NtlmCrypto.NtHash(Secret));
        var messages = new List<string>();
        byte[] challenge = NtlmChallengeMessageTests.BuildSambaShaped();
        List<byte[]> badInputs = [[], [0xa1, 0x00], ChallengeToken([1, 2, 3])];
        for (int length = 0; length < challenge.Length; length += 7)
            badInputs.Add(ChallengeToken(challenge[..length]));

        foreach (byte[] input in badInputs)
        {
            using var auth = new NtlmSpnegoAuthenticator(credentials, "server", "CLIENT1");
            auth.GetInitialToken();
            try
            {
                auth.ProcessChallenge(input);
            }
            catch (SmbProtocolException e)
            {
                messages.Add(e.ToString());
            }
            messages.Add(auth.ToString());
        }

        using var good = new NtlmSpnegoAuthenticator(credentials, "server", "CLIENT1");
        good.GetInitialToken();
        good.ProcessChallenge(ChallengeToken(challenge));
        string sessionKeyHex = Convert.ToHexString(good.SessionKey);
        foreach (byte[] final in new[] { FinalToken(SpnegoNegState.AcceptCompleted, new byte[16]), new byte[] { 0x30, 0x01 } })
        {
            try
            {
                good.ProcessFinalToken(final);
            }
            catch (SmbProtocolException e)
            {
                messages.Add(e.ToString());
            }
        }
        messages.Add(good.ToString());
        messages.Add(credentials.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Count.GreaterThan(badInputs.Count + 2), "the bad inputs must actually fail");
            Assert.That(messages, Has.None.Contains(Secret));
            Assert.That(messages, Has.None.Contains(ntHashHex).IgnoreCase);
            Assert.That(messages, Has.None.Contains(sessionKeyHex).IgnoreCase);
        });
    }

    /// <summary>MS-NLMP 3.4.4.2 MAC over the DER mechTypes list, computed here from the definitions rather than
    /// through NtlmCrypto: SIGNKEY/SEALKEY are MD5(key ‖ magic constant with NUL), seqnum 0.</summary>
    private static byte[] ExpectedMechListMic(byte[] exportedSessionKey, string direction, bool keyExchange)
    {
        byte[] signKey = MD5.HashData((byte[])[.. exportedSessionKey, .. Encoding.ASCII.GetBytes($"session key to {direction} signing key magic constant\0")]);
        byte[] sealKey = MD5.HashData((byte[])[.. exportedSessionKey, .. Encoding.ASCII.GetBytes($"session key to {direction} sealing key magic constant\0")]);
        byte[] checksum = HMACMD5.HashData(signKey, (byte[])[0, 0, 0, 0, .. MechTypeList])[..8];
        if (keyExchange)
            checksum = Rc4Cipher.Transform(sealKey, checksum);
        return [1, 0, 0, 0, .. checksum, 0, 0, 0, 0];
    }

    private static NtlmSpnegoAuthenticator NewAuthenticator(SmbCredentials credentials) =>
        new(credentials, "server", "CLIENT1", new ScriptedRandom(NlmpExamples.ClientChallenge, NlmpExamples.RandomSessionKey).Next,
            NtlmClientTests.FileTimeZero);

    private static NtlmSpnegoAuthenticator AfterChallenge(SmbCredentials credentials)
    {
        var auth = NewAuthenticator(credentials);
        auth.GetInitialToken();
        auth.ProcessChallenge(ChallengeToken(NlmpExamples.ChallengeMessage));
        return auth;
    }

    private static byte[] ChallengeToken(byte[] challenge) =>
        SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, challenge, null));

    private static byte[] FinalToken(SpnegoNegState state, byte[]? mic) =>
        SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(state, null, null, mic));
}
