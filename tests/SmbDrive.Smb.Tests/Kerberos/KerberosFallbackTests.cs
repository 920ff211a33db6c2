using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Kerberos;

/// <summary>Negotiate falls back to NTLMv2 where Kerberos cannot work; Kerberos required never does.</summary>
[Category("Integration")]
[NonParallelizable]
public class KerberosFallbackTests
{
    private static SmbCredentials NtlmUser(SambaServer server) => SmbCredentials.User(server.User.Name, server.User.Password);

    [Test]
    public async Task Negotiate_ServerWithoutKerberos_LogsOnWithNtlm()
    {
        var options = new SmbClientOptions { ConnectionsPerShare = 1 };
        var sink = new LogSink();
        await using var share = await KerberosFixture.ConnectAsync(NtlmUser(KerberosFixture.NtlmOnly), options, log: sink.Logger,
            server: KerberosFixture.NtlmOnly);
        await KerberosFixture.AssertReadsLikeDiskAsync(share, "random.bin");
        Assert.That(sink.ToString(), Does.Contain("by Ntlm"));
    }

    [Test]
    public void KerberosRequired_ServerWithoutKerberos_ClearError()
    {
        var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword,
            KerberosFixture.KerberosOnly(), server: KerberosFixture.NtlmOnly));
        Assert.That(e!.Failure, Is.EqualTo(KerberosFailure.ServerWithoutKerberos));
        Assert.That(e.Message, Does.Contain("offers only NTLM").And.Contain("alice@SMBDRIVE.TEST")
            .And.Contain($"cifs/{KerberosFixture.NtlmOnly.Host}").And.Contain("realm SMBDRIVE.TEST"));
    }

    /// <summary>The server does Kerberos but the KDC does not know this user (an smbpasswd-only account):
    /// Negotiate says why Kerberos failed and logs on with NTLM.</summary>
    [Test]
    public async Task Negotiate_UserUnknownToTheKdc_FallsBackToNtlm()
    {
        var options = new SmbClientOptions { ConnectionsPerShare = 1 };
        var sink = new LogSink();
        await using var share = await KerberosFixture.ConnectAsync(NtlmUser(KerberosFixture.Kerberized), options, log: sink.Logger);
        await KerberosFixture.AssertReadsLikeDiskAsync(share, "hello.txt");
        Assert.That(sink.ToString(), Does.Contain("falling back to NTLM").And.Contain("the KDC does not know the user").And.Contain("by Ntlm"));
    }

    /// <summary>The SMB1 client logs on with NTLM only, so Kerberos required is an error there, never NTLM.</summary>
    [Test]
    public async Task KerberosRequired_Smb1OnlyServer_ClearErrorNotNtlm()
    {
        var options = new SambaServerOptions();
        options.Global["server min protocol"] = "NT1";
        options.Global["server max protocol"] = "NT1";
        options.Shares.Add(new SambaShare("data", KerberosFixture.DataDir));
        await using var server = await SambaServer.StartAsync(options);
        var client = KerberosFixture.KerberosOnly();
        client.AllowSmb1 = true;
        var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(
            SmbCredentials.User(server.User.Name, server.User.Password), client, server: server));
        Assert.That(e!.Failure, Is.EqualTo(KerberosFailure.ServerWithoutKerberos));
        Assert.That(e.Message, Does.Contain("SMB1"));
    }

    [Test]
    public void Ntlm_WithTicketCacheCredentials_IsAnError()
    {
        var options = new SmbClientOptions { Authentication = SmbAuthentication.Ntlm, ConnectionsPerShare = 1 };
        var e = Assert.ThrowsAsync<SmbException>(() => KerberosFixture.ConnectAsync(SmbCredentials.OwnKerberos(), options));
        Assert.That(e!.Message, Does.Contain("needs a password"));
    }
}
