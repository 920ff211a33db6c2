using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Kerberos;

/// <summary>Kerberos logons against a real smbd that accepts tickets of a real MIT KDC: reads compared with the
/// server's disk, signing and encryption keyed by the Kerberos session key on every dialect.</summary>
[Category("Integration")]
[NonParallelizable]
public class KerberosLogonTests
{
    [TestCase("2.0.2")]
    [TestCase("2.1")]
    [TestCase("3.0")]
    [TestCase("3.0.2")]
    [TestCase("3.1.1")]
    public async Task PasswordLogon_SignedReadsAndListing_OnEveryDialect(string dialect)
    {
        var options = KerberosFixture.KerberosOnly(dialect, dialect);
        var sink = new LogSink();
        await using var share = await KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword, options, log: sink.Logger);
        await KerberosFixture.AssertReadsLikeDiskAsync(share, "random.bin");
        await KerberosFixture.AssertReadsLikeDiskAsync(share, "hello.txt");
        var names = (await share.ListAsync("", "*", CancellationToken.None)).Select(e => e.Name).ToList();
        Assert.That(names, Does.Contain("random.bin").And.Contain("hello.txt"));
        Assert.That(share.IsBroken, Is.False);
        Assert.That(sink.ToString(), Does.Contain("by Kerberos").And.Contain("signing True").And.Contain($"as {KerberosFixture.Alice}@{KerberosRealm.Name}"));
    }

    [TestCase("3.0")]
    [TestCase("3.0.2")]
    [TestCase("3.1.1")]
    public async Task PasswordLogon_EncryptedShare_ReadsWithKeysFromTheTicket(string dialect)
    {
        var options = KerberosFixture.KerberosOnly(dialect, dialect);
        options.RequireEncryption = true;
        await using var share = await KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword, options, "secret");
        await KerberosFixture.AssertReadsLikeDiskAsync(share, "random.bin");
    }

    [Test]
    public async Task TicketCacheLogon_FromKinit_ReadsLikeDisk()
    {
        string cache = Path.Combine(KerberosFixture.Realm.RootDirectory, "alice.ccache");
        await KerberosFixture.Realm.KinitAsync(KerberosFixture.Alice, KerberosFixture.AlicePassword, cache);
        KerberosFixture.Realm.UseInThisProcess(cache);
        try
        {
            await using var share = await KerberosFixture.ConnectAsync(SmbCredentials.OwnKerberos(), KerberosFixture.KerberosOnly());
            await KerberosFixture.AssertReadsLikeDiskAsync(share, "random.bin");
        }
        finally
        {
            KerberosFixture.Realm.UseInThisProcess();
            File.Delete(cache);
        }
    }

    [Test]
    public async Task ExplicitServicePrincipal_ForAServerReachedByIpAddress()
    {
        var options = KerberosFixture.KerberosOnly();
        options.ServicePrincipalName = "cifs/srv.smbdrive.test";
        await using var share = await KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword, options);
        await KerberosFixture.AssertReadsLikeDiskAsync(share, "hello.txt");
    }

    [Test]
    public async Task Negotiate_WithKerberosOnTheServer_UsesKerberos()
    {
        var options = KerberosFixture.KerberosOnly();
        options.Authentication = SmbAuthentication.Negotiate;
        var sink = new LogSink();
        await using var share = await KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword, options, log: sink.Logger);
        await KerberosFixture.AssertReadsLikeDiskAsync(share, "hello.txt");
        Assert.That(sink.ToString(), Does.Contain("by Kerberos"));
        Assert.That(sink.ToString(), Does.Not.Contain("falling back"));
    }
}
