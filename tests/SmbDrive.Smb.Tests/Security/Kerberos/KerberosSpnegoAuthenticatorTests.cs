using SmbDrive.Smb.Security;
using SmbDrive.Smb.Security.Kerberos;
using SmbDrive.Smb.Security.Spnego;

namespace SmbDrive.Smb.Tests.Security.Kerberos;

/// <summary>The SPNEGO wrapping of Kerberos: what is offered, how the server's AP-REP and mechListMIC are
/// checked, and that mutual authentication is never skipped.</summary>
public class KerberosSpnegoAuthenticatorTests
{
    private static readonly byte[] MechList = SpnegoTokens.EncodeMechTypeList([SpnegoOids.MicrosoftKerberos5, SpnegoOids.Kerberos5]);

    private static (KerberosSpnegoAuthenticator Auth, FakeKerberosContext Context) Create()
    {
        var context = new FakeKerberosContext();
        var logon = KerberosLogon.Create(SmbCredentials.User("alice", "pw", "example.test"), "nas", new SmbClientOptions(), @"\\nas\share");
        return (new KerberosSpnegoAuthenticator(context, logon), context);
    }

    private static byte[] Final(byte[]? apRep, byte[]? mic = null, SpnegoNegState? state = SpnegoNegState.AcceptCompleted) =>
        SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(state, SpnegoOids.MicrosoftKerberos5, apRep, mic));

    [Test]
    public void InitialToken_OffersMsKrb5ThenKrb5_WithTheApReqAsOptimisticToken()
    {
        var (auth, _) = Create();
        var init = SpnegoTokens.DecodeNegTokenInit(auth.GetInitialToken());
        Assert.That(init.MechTypes, Is.EqualTo(new[] { SpnegoOids.MicrosoftKerberos5, SpnegoOids.Kerberos5 }));
        Assert.That(init.MechToken, Is.EqualTo(FakeKerberosContext.ApReq));
    }

    [Test]
    public void FinalToken_WithApRepAndGoodMic_GivesFirst16BytesOfTheKerberosKey()
    {
        var (auth, context) = Create();
        auth.GetInitialToken();
        auth.ProcessFinalToken(Final(FakeKerberosContext.ApRep, FakeKerberosContext.Mic(MechList)));
        Assert.That(context.IsEstablished, Is.True);
        Assert.That(auth.SessionKey.ToArray(), Is.EqualTo(FakeKerberosContext.Key[..16]));
        Assert.That(auth.IsAnonymous, Is.False);
        auth.Dispose();
        Assert.That(context.Disposed, Is.True);
    }

    [Test]
    public void FinalToken_WithoutApRep_IsRefused_MutualAuthenticationIsRequired()
    {
        var (auth, _) = Create();
        auth.GetInitialToken();
        var e = Assert.Throws<SmbKerberosException>(() => auth.ProcessFinalToken(Final(null)));
        Assert.That(e!.Failure, Is.EqualTo(KerberosFailure.MutualAuthenticationFailed));
        Assert.That(e.Message, Does.Contain(@"\\nas\share").And.Contain("cifs/nas").And.Contain("alice@EXAMPLE.TEST"));
        Assert.That(auth.SessionKey.IsEmpty, Is.True);
    }

    [Test]
    public void FinalToken_Empty_IsRefused()
    {
        var (auth, _) = Create();
        auth.GetInitialToken();
        Assert.Throws<SmbKerberosException>(() => auth.ProcessFinalToken([]));
    }

    [Test]
    public void FinalToken_WithABadMechListMic_IsRefused()
    {
        var (auth, _) = Create();
        auth.GetInitialToken();
        byte[] mic = FakeKerberosContext.Mic(MechList);
        mic[0] ^= 1;
        var e = Assert.Throws<SmbKerberosException>(() => auth.ProcessFinalToken(Final(FakeKerberosContext.ApRep, mic)));
        Assert.That(e!.Message, Does.Contain("mechListMIC"));
    }

    [Test]
    public void FinalToken_WithATamperedApRep_IsRefused()
    {
        var (auth, _) = Create();
        auth.GetInitialToken();
        Assert.Throws<SmbKerberosException>(() => auth.ProcessFinalToken(Final([0x60, 0x01, 0xBC])));
    }

    [Test]
    public void Reject_IsAServerRefusal()
    {
        var (auth, _) = Create();
        auth.GetInitialToken();
        var e = Assert.Throws<SmbKerberosException>(() => auth.ProcessChallenge(Final(null, state: SpnegoNegState.Reject)));
        Assert.That(e!.Failure, Is.EqualTo(KerberosFailure.ServerRefused));
    }

    [Test]
    public void ServerChoosingNtlm_IsRefused()
    {
        var (auth, _) = Create();
        auth.GetInitialToken();
        var token = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.AcceptIncomplete, SpnegoOids.Ntlmssp, [1, 2], null));
        var e = Assert.Throws<SmbKerberosException>(() => auth.ProcessChallenge(token));
        Assert.That(e!.Message, Does.Contain(SpnegoOids.Ntlmssp));
    }

    /// <summary>A server that wants the client's mechListMIC answers the AP-REQ with accept-incomplete (RFC 4178
    /// section 5): the client verifies the server's MIC and sends its own.</summary>
    [Test]
    public void RequestMic_SendsOurMechListMic_ThenCompletes()
    {
        var (auth, _) = Create();
        auth.GetInitialToken();
        var challenge = SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.RequestMic, SpnegoOids.MicrosoftKerberos5,
            FakeKerberosContext.ApRep, FakeKerberosContext.Mic(MechList)));
        var answer = SpnegoTokens.DecodeNegTokenResp(auth.ProcessChallenge(challenge));
        Assert.That(answer.MechListMic, Is.EqualTo(FakeKerberosContext.Mic(MechList)));
        Assert.That(answer.ResponseToken, Is.Null);
        auth.ProcessFinalToken(SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(SpnegoNegState.AcceptCompleted, null, null, null)));
        Assert.That(auth.SessionKey.Length, Is.EqualTo(16));
    }

    [Test]
    public void CallsOutOfOrder_Throw()
    {
        var (auth, _) = Create();
        Assert.Throws<InvalidOperationException>(() => auth.ProcessFinalToken(Final(FakeKerberosContext.ApRep)));
    }
}
