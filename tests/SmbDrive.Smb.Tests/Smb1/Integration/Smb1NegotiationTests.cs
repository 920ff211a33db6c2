using SmbDrive.Smb.Smb1;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>The choice between SMB1 and SMB2, and the clear error when SMB1 is needed but not allowed.</summary>
[Category("Integration")]
public class Smb1NegotiationTests
{
    private static async Task<SambaServer> StartSmb2ServerAsync()
    {
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("data", Smb1Fixture.DataDir));
        return await SambaServer.StartAsync(options);
    }

    [Test]
    public async Task Probe_Nt1OnlyServer_ReportsSmb1()
    {
        var server = Smb1Fixture.Server;
        Assert.That(await Smb1Negotiation.ProbeAsync(server.Host, server.Port, new SmbClientOptions(), null, CancellationToken.None),
            Is.EqualTo(Smb1ProbeResult.Smb1));
        Assert.That(await Smb1Negotiation.SpeaksOnlySmb1Async(server.Host, server.Port, new SmbClientOptions(), null, CancellationToken.None), Is.True);
    }

    [Test]
    public async Task Probe_Smb2Server_ReportsSmb2AndSmb1ClientRefused()
    {
        await using var server = await StartSmb2ServerAsync();
        Assert.That(await Smb1Negotiation.ProbeAsync(server.Host, server.Port, new SmbClientOptions(), null, CancellationToken.None),
            Is.EqualTo(Smb1ProbeResult.Smb2));
        Assert.That(await Smb1Negotiation.SpeaksOnlySmb1Async(server.Host, server.Port, new SmbClientOptions(), null, CancellationToken.None), Is.False);
        var e = Assert.ThrowsAsync<SmbException>(() => Smb1Client.ConnectShareAsync(SmbAddress.Parse(server.Address("data")),
            SmbCredentials.User(server.User.Name, server.User.Password), new SmbClientOptions(), null, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("does not speak SMB1"));
    }

    /// <summary>What the SMB2 client meets on an NT1-only Samba (the connection closes under its NEGOTIATE), and how
    /// the helpers turn that into the clear error.</summary>
    [Test]
    public async Task Smb2Negotiate_Nt1OnlyServer_ConnectionClosedThenSmb1OnlyError()
    {
        var address = Smb1Fixture.Address();
        await using var connection = await SmbDrive.Smb.Connection.SmbConnection.ConnectAsync(address.Host, address.Port,
            new SmbClientOptions(), Serilog.Core.Logger.None, CancellationToken.None);
        var failure = Assert.ThrowsAsync<SmbConnectionException>(() => connection.NegotiateAsync(CancellationToken.None));
        Assert.That(failure!.Message, Does.Contain("closed the connection"));
        Assert.That(await Smb1Negotiation.SpeaksOnlySmb1Async(address.Host, address.Port, new SmbClientOptions(), null, CancellationToken.None), Is.True);
        var error = Smb1Negotiation.Smb1OnlyError(address, failure);
        Assert.That(error.Message, Is.EqualTo($"{address.Where("")}: the server speaks only SMB1 (NT LM 0.12); set Smb:AllowSmb1=true (--smb1) to use it"));
        Assert.That(error.InnerException, Is.SameAs(failure));
    }

    [Test]
    public void Probe_NothingListening_ConnectionError()
    {
        using var reservation = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        reservation.Start();
        int port = ((System.Net.IPEndPoint)reservation.LocalEndpoint).Port;
        reservation.Stop();
        Assert.ThrowsAsync<SmbConnectionException>(() => Smb1Negotiation.ProbeAsync("127.0.0.1", port, new SmbClientOptions(), null, CancellationToken.None));
    }
}
