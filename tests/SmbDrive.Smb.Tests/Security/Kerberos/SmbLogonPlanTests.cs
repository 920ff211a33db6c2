using SmbDrive.Smb.Security;
using SmbDrive.Smb.Security.Kerberos;
using SmbDrive.Smb.Security.Spnego;

namespace SmbDrive.Smb.Tests.Security.Kerberos;

/// <summary>Which mechanisms a logon tries, from Smb:Authentication, the credentials and the server's hint.</summary>
public class SmbLogonPlanTests
{
    private static readonly byte[] KerberosAndNtlm = SpnegoTokens.EncodeNegTokenInit(
        [SpnegoOids.MicrosoftKerberos5, SpnegoOids.Kerberos5, SpnegoOids.Ntlmssp], []);
    private static readonly byte[] NtlmOnly = SpnegoTokens.EncodeNegTokenInit([SpnegoOids.Ntlmssp], []);
    private static readonly SmbCredentials Password = SmbCredentials.User("alice", "pw", "EXAMPLE.TEST");
    private static readonly SmbCredentials Ticket = SmbCredentials.OwnKerberos();

    private static IReadOnlyList<SmbLogonMechanism> Plan(SmbAuthentication mode, SmbCredentials credentials, byte[] hint) =>
        SmbLogonPlan.Choose(new SmbClientOptions { Authentication = mode }, credentials, hint, "nas", @"\\nas\share");

    [Test]
    public void Negotiate_KerberosServer_Password_KerberosThenNtlm() =>
        Assert.That(Plan(SmbAuthentication.Negotiate, Password, KerberosAndNtlm), Is.EqualTo(new[] { SmbLogonMechanism.Kerberos, SmbLogonMechanism.Ntlm }));

    [Test]
    public void Negotiate_NoHint_TriesKerberosFirst() =>
        Assert.That(Plan(SmbAuthentication.Negotiate, Password, []), Is.EqualTo(new[] { SmbLogonMechanism.Kerberos, SmbLogonMechanism.Ntlm }));

    [Test]
    public void Negotiate_NtlmOnlyServer_NtlmWithoutAskingTheKdc() =>
        Assert.That(Plan(SmbAuthentication.Negotiate, Password, NtlmOnly), Is.EqualTo(new[] { SmbLogonMechanism.Ntlm }));

    [Test]
    public void Negotiate_Ticket_KerberosOnly_NtlmNeedsAPassword() =>
        Assert.That(Plan(SmbAuthentication.Negotiate, Ticket, KerberosAndNtlm), Is.EqualTo(new[] { SmbLogonMechanism.Kerberos }));

    [Test]
    public void Kerberos_Password_KerberosOnly() =>
        Assert.That(Plan(SmbAuthentication.Kerberos, Password, KerberosAndNtlm), Is.EqualTo(new[] { SmbLogonMechanism.Kerberos }));

    [Test]
    public void Kerberos_NtlmOnlyServer_ClearError()
    {
        var e = Assert.Throws<SmbKerberosException>(() => Plan(SmbAuthentication.Kerberos, Password, NtlmOnly));
        Assert.That(e!.Failure, Is.EqualTo(KerberosFailure.ServerWithoutKerberos));
        Assert.That(e.Message, Does.Contain("alice@EXAMPLE.TEST").And.Contain("cifs/nas").And.Contain("realm EXAMPLE.TEST"));
    }

    [Test]
    public void Ntlm_NeverKerberos() =>
        Assert.That(Plan(SmbAuthentication.Ntlm, Password, KerberosAndNtlm), Is.EqualTo(new[] { SmbLogonMechanism.Ntlm }));

    [Test]
    public void AnonymousAndGuest_AreNtlm()
    {
        Assert.That(Plan(SmbAuthentication.Negotiate, SmbCredentials.Anonymous, KerberosAndNtlm), Is.EqualTo(new[] { SmbLogonMechanism.Ntlm }));
        Assert.That(Plan(SmbAuthentication.Negotiate, SmbCredentials.Guest, KerberosAndNtlm), Is.EqualTo(new[] { SmbLogonMechanism.Ntlm }));
    }

    [Test]
    public void ServicePrincipal_DefaultsToCifsHost_AndTheSettingOverridesIt()
    {
        var byDefault = KerberosLogon.Create(Password, "nas.example.test", new SmbClientOptions(), "w");
        Assert.That(byDefault.ServicePrincipal, Is.EqualTo("cifs/nas.example.test"));
        Assert.That(byDefault.IsHostBasedService, Is.True);
        var explicitSpn = KerberosLogon.Create(Password, "10.0.0.5", new SmbClientOptions { ServicePrincipalName = "cifs/nas.example.test" }, "w");
        Assert.That(explicitSpn.ServicePrincipal, Is.EqualTo("cifs/nas.example.test"));
        Assert.That(explicitSpn.IsHostBasedService, Is.False);
    }

    [Test]
    public void UserPrincipal_UpperCasesTheRealm_AndTicketCredentialsHaveNoPassword()
    {
        var logon = KerberosLogon.Create(SmbCredentials.Parse("alice@example.test", "pw"), "nas", new SmbClientOptions(), "w");
        Assert.That(logon.UserPrincipal, Is.EqualTo("alice@EXAMPLE.TEST"));
        Assert.That(logon.Password, Is.EqualTo("pw"));
        var fromCache = KerberosLogon.Create(SmbCredentials.OwnKerberos(), "nas", new SmbClientOptions(), "w");
        Assert.That(fromCache.UserPrincipal, Is.Null);
        Assert.That(fromCache.Password, Is.Null);
        Assert.That(logon.ToString() + fromCache, Does.Not.Contain("pw"));
    }
}
