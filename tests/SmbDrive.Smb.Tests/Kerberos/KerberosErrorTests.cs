using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Kerberos;

/// <summary>Each Kerberos failure ends in one clear error naming the principal, the service principal and the
/// realm, within a bounded time.</summary>
[Category("Integration")]
[NonParallelizable]
public class KerberosErrorTests
{
    [Test]
    public void NoTicket_ClearError()
    {
        KerberosFixture.Realm.UseInThisProcess(); // an empty cache
        var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(SmbCredentials.OwnKerberos(), KerberosFixture.KerberosOnly()));
        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e.Failure, Is.EqualTo(KerberosFailure.NoTicket), e.Message);
        Assert.That(e.Message, Does.Contain("no Kerberos ticket").And.Contain("kinit").And.Contain("cifs/127.0.0.1").And.Contain("realm SMBDRIVE.TEST"));
    }

    [Test]
    public void NoTicket_ForANamedUser_NamesThePrincipal()
    {
        KerberosFixture.Realm.UseInThisProcess();
        var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(
            SmbCredentials.OwnKerberos(KerberosFixture.Alice, KerberosRealm.Name), KerberosFixture.KerberosOnly()));
        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e.Failure, Is.EqualTo(KerberosFailure.NoTicket), e.Message);
        Assert.That(e.Message, Does.Contain("alice@SMBDRIVE.TEST").And.Contain("realm SMBDRIVE.TEST"));
    }

    [Test]
    public void UnknownServicePrincipal_ClearError()
    {
        var options = KerberosFixture.KerberosOnly();
        options.ServicePrincipalName = "cifs/nosuch.smbdrive.test";
        var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword, options));
        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e.Failure, Is.EqualTo(KerberosFailure.UnknownServicePrincipal), e.Message);
        Assert.That(e.Message, Does.Contain("cifs/nosuch.smbdrive.test").And.Contain("alice@SMBDRIVE.TEST").And.Contain("realm SMBDRIVE.TEST"));
    }

    [Test]
    public void WrongPassword_ClearError()
    {
        var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(
            SmbCredentials.User(KerberosFixture.Alice, "not-the-password", KerberosRealm.Name), KerberosFixture.KerberosOnly()));
        TestContext.Out.WriteLine(e!.Message);
        Assert.That(e.Failure, Is.EqualTo(KerberosFailure.WrongPassword), e.Message);
        Assert.That(e.Message, Does.Not.Contain("not-the-password"));
    }

    [Test]
    public async Task KdcDown_ClearErrorWithinSeconds()
    {
        await KerberosFixture.Realm.StopKdcAsync();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword, KerberosFixture.KerberosOnly()));
            TestContext.Out.WriteLine(e!.Message);
            Assert.That(e.Failure, Is.EqualTo(KerberosFailure.KdcUnreachable), e.Message);
            Assert.That(e.Message, Does.Contain("no KDC").And.Contain("alice@SMBDRIVE.TEST").And.Contain("realm SMBDRIVE.TEST").And.Contain("cifs/127.0.0.1"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            await KerberosFixture.Realm.StartKdcAsync();
        }
    }
}
