using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.CommandLine;
using SmbDrive.Commands;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Configuration;

/// <summary>--kerberos, Smb:Authentication and Smb:ServicePrincipalName, where Kerberos credentials come from
/// without a password, and the exit code of a Kerberos failure.</summary>
public class KerberosSettingsTests
{
    private static readonly SmbAddress Address = new("server", 445, "share", "");
    private readonly Dictionary<string, string> _variables = new();
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("smbdrive-krbset-").FullName;
        _variables.Clear();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private ResolvedCredentials Resolve(SmbAuthentication authentication, string[] args, FakePrompt? prompt = null) =>
        new CredentialResolver(n => _variables.TryGetValue(n, out var v) ? v : null, prompt ?? new FakePrompt(false),
                new StringReader(""), new CollectingSink().CreateLogger())
            .Resolve(ArgumentParser.Parse(["ls", "//server/share", .. args]), Address, _folder, authentication);

    private SmbClientOptions Bind(params string[] args) =>
        SettingsBinder.BindSmb(AppSettings.Build(ArgumentParser.Parse(["ls", "//h/s", .. args]), _folder, _folder));

    [Test]
    public void KerberosOption_IsTheShortcutForSmbAuthenticationKerberos()
    {
        Assert.That(Bind().Authentication, Is.EqualTo(SmbAuthentication.Negotiate));
        Assert.That(Bind("--kerberos").Authentication, Is.EqualTo(SmbAuthentication.Kerberos));
        Assert.That(Bind("--Smb:Authentication=Ntlm").Authentication, Is.EqualTo(SmbAuthentication.Ntlm));
        Assert.That(Bind("--Smb:ServicePrincipalName=cifs/nas.corp.test").ServicePrincipalName, Is.EqualTo("cifs/nas.corp.test"));
    }

    [Test]
    public void UnknownAuthenticationValue_IsAUsageError()
    {
        var e = Assert.Throws<UsageException>(() => Bind("--Smb:Authentication=Basic"));
        Assert.That(e!.Message, Does.Contain("Smb"));
    }

    [Test]
    public void Kerberos_NoUser_UsesTheTicketCache()
    {
        var credentials = Resolve(SmbAuthentication.Kerberos, []);
        Assert.That(credentials.UsesOwnCredentials, Is.True);
        Assert.That(credentials.HasPassword, Is.False);
        var smb = credentials.ToSmbCredentials();
        Assert.That(smb.UsesOwnCredentials, Is.True);
        Assert.That(smb.UserName, Is.Empty);
    }

    [Test]
    public void Kerberos_UserWithoutPassword_UsesThatPrincipalsTicket_WithoutPrompting()
    {
        var prompt = new FakePrompt(true, "typed");
        var credentials = Resolve(SmbAuthentication.Kerberos, ["--user", "alice@CORP.TEST"], prompt);
        Assert.That(prompt.Prompts, Is.Empty);
        Assert.That(credentials.UsesOwnCredentials, Is.True);
        Assert.That((credentials.UserName, credentials.Domain), Is.EqualTo(("alice", "CORP.TEST")));
    }

    [Test]
    public void Kerberos_UserWithPassword_GetsItsOwnTicket()
    {
        _variables["SMBDRIVE_PASSWORD"] = "pw";
        var credentials = Resolve(SmbAuthentication.Kerberos, ["--user", @"CORP.TEST\alice"]);
        Assert.That(credentials.UsesOwnCredentials, Is.False);
        Assert.That((credentials.UserName, credentials.Domain, credentials.Password), Is.EqualTo(("alice", "CORP.TEST", "pw")));
    }

    [Test]
    public void Negotiate_UserWithoutPassword_StillPrompts_BecauseNtlmMayBeNeeded()
    {
        var prompt = new FakePrompt(true, "typed");
        var credentials = Resolve(SmbAuthentication.Negotiate, ["--user", "alice"], prompt);
        Assert.That(prompt.Prompts, Has.Count.EqualTo(1));
        Assert.That(credentials.Password, Is.EqualTo("typed"));
    }

    [Test]
    public void NoUser_WithoutKerberos_IsAUsageErrorThatMentionsKerberos()
    {
        Assume.That(OperatingSystem.IsWindows(), Is.False, "on Windows no user means single sign-on");
        var e = Assert.Throws<UsageException>(() => Resolve(SmbAuthentication.Negotiate, []));
        Assert.That(e!.Message, Does.Contain("--kerberos"));
        Assert.Throws<UsageException>(() => Resolve(SmbAuthentication.Ntlm, []));
    }

    [Test]
    public void Kerberos_WithAnonymousOrGuest_IsAUsageError()
    {
        Assert.Throws<UsageException>(() => Resolve(SmbAuthentication.Kerberos, ["--anonymous"]));
        Assert.Throws<UsageException>(() => Resolve(SmbAuthentication.Kerberos, ["--guest"]));
    }

    [Test]
    public void DaemonChild_WithTicketCredentials_GetsNoPasswordStdin()
    {
        var args = ArgumentParser.Parse(["mount", "--daemon", "//h/s", "/mnt/x", "--kerberos"]);
        var child = DaemonLauncher.ChildArguments(args, ResolvedCredentials.OwnKerberos("", ""), "/mnt/x", "/");
        Assert.That(child, Does.Contain("--kerberos"));
        Assert.That(child, Has.None.EqualTo("--password-stdin"));
    }

    [TestCase(KerberosFailure.NoTicket)]
    [TestCase(KerberosFailure.TicketExpired)]
    [TestCase(KerberosFailure.UnknownServicePrincipal)]
    [TestCase(KerberosFailure.KdcUnreachable)]
    [TestCase(KerberosFailure.ClockSkew)]
    [TestCase(KerberosFailure.ServerWithoutKerberos)]
    public void KerberosFailures_ExitWithTheLogonCode(KerberosFailure failure)
    {
        var e = new SmbKerberosException(failure, @"\\nas\share", "alice@CORP.TEST", "cifs/nas", "CORP.TEST", "detail");
        var (code, message) = FailureReporter.Classify(e);
        Assert.That(code, Is.EqualTo(ExitCodes.Authentication));
        Assert.That(message, Does.Contain("alice@CORP.TEST").And.Contain("cifs/nas").And.Contain("realm CORP.TEST"));
    }
}
