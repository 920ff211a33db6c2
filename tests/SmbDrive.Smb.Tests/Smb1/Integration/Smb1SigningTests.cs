using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>SMB1 MAC signing against Samba: used when the server requires or enables it, or the client insists;
/// every response verified; a changed byte ends the connection.</summary>
[Category("Integration")]
public class Smb1SigningTests
{
    private static async Task<SambaServer> StartAsync(string signing)
    {
        var options = Smb1Fixture.Nt1Options();
        options.Global["server signing"] = signing;
        options.Shares.Add(new SambaShare("data", Smb1Fixture.DataDir));
        options.Shares.Add(new SambaShare("big", Path.GetDirectoryName(Smb1Fixture.BigFilePath)!));
        return await SambaServer.StartAsync(options);
    }

    private static async Task<Smb1Tree> ConnectAsync(SambaServer server, int port, string share, SmbClientOptions options) =>
        (Smb1Tree)await Smb1Client.ConnectShareAsync(SmbAddress.Parse($"//127.0.0.1:{port}/{share}"),
            SmbCredentials.User(server.User.Name, server.User.Password), options, null, CancellationToken.None);

    private static async Task ReadAndCompareAsync(ISmbShare share, string name, string diskPath, long offset, int length)
    {
        await using var file = await share.OpenAsync(name, SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[length];
        Assert.That(await file.ReadAsync(offset, buffer, 0, CancellationToken.None), Is.EqualTo(length));
        FileComparer.AssertRangeEquals(diskPath, offset, buffer);
    }

    [Test, CancelAfter(60_000)]
    public async Task Read_ServerSigningMandatory_BytesEqualDiskAndEveryResponseVerified()
    {
        await using var server = await StartAsync("mandatory");
        await using var share = await ConnectAsync(server, server.Port, "big", new SmbClientOptions { RequireSigning = false });
        Assert.That(share.Connection.Negotiated!.SigningRequired, Is.True);
        Assert.That(share.Connection.IsSigning, Is.True);
        await ReadAndCompareAsync(share, Smb1Fixture.BigFile, Smb1Fixture.BigFilePath, 123_456_789, 24 << 20);
        var counters = share.Connection.Counters;
        Assert.That(counters.VerifiedSignatures, Is.EqualTo(counters.Requests - 3), "every response after NEGOTIATE and the two SESSION_SETUP_ANDX verified");
        Assert.That(share.ReadChunkSize, Is.EqualTo(64 * 1024), "Samba limits signed reads to 0x1FFFF-byte messages");
        Assert.That(counters.MaxReadsInFlight, Is.GreaterThanOrEqualTo(8));
        var entries = await share.ListAsync("", "*", CancellationToken.None);
        Assert.That(entries, Is.Not.Empty);
        await share.EchoAsync(CancellationToken.None);
        Assert.That(share.Connection.Counters.VerifiedSignatures, Is.EqualTo(share.Connection.Counters.Requests - 3));
    }

    [Test]
    public async Task Connect_ServerSigningEnabled_SignsWithoutClientRequirement()
    {
        await using var server = await StartAsync("auto");
        await using var share = await ConnectAsync(server, server.Port, "data", new SmbClientOptions { RequireSigning = false });
        Assert.That(share.Connection.Negotiated!.SigningEnabled, Is.True);
        Assert.That(share.Connection.Negotiated.SigningRequired, Is.False);
        Assert.That(share.Connection.IsSigning, Is.True);
        await ReadAndCompareAsync(share, "small.bin", Path.Combine(Smb1Fixture.DataDir, "small.bin"), 0, Smb1Fixture.SmallFileSize);
    }

    [Test]
    public async Task Connect_DefaultOptionsAgainstDefaultServer_ClientInsistsAndSigns()
    {
        await using var share = await Smb1Fixture.ConnectAsync(options: new SmbClientOptions());
        Assert.That(share.Connection.Negotiated!.SigningEnabled, Is.False, "Samba does not offer SMB1 signing by default");
        Assert.That(share.Connection.IsSigning, Is.True, "Smb:RequireSigning (the default) makes the session signed anyway");
        await ReadAndCompareAsync(share, "small.bin", Path.Combine(Smb1Fixture.DataDir, "small.bin"), 17, 2_000_000);
        Assert.That(share.Connection.Counters.VerifiedSignatures, Is.GreaterThan(30));
    }

    [Test]
    public async Task Connect_SigningNotWanted_Unsigned()
    {
        await using var share = await Smb1Fixture.ConnectAsync(options: new SmbClientOptions { RequireSigning = false });
        Assert.That(share.Connection.IsSigning, Is.False);
        Assert.That(share.Connection.Counters.VerifiedSignatures, Is.Zero);
    }

    /// <summary>The relay flips one data byte of a signed READ_ANDX response: the client must notice, close the
    /// connection and hand no data to the caller.</summary>
    [Test]
    public async Task Read_SignedResponseAltered_ProtocolErrorAndConnectionBroken()
    {
        await using var server = await StartAsync("mandatory");
        bool armed = false;
        await using var proxy = new Smb1RelayProxy(server.Port, m =>
        {
            if (!Volatile.Read(ref armed) || Smb1RelayProxy.Command(m) != 0x2E || m.Length < 200) return false;
            m[^1] ^= 0x01;
            return true;
        });
        await using var share = await ConnectAsync(server, proxy.Port, "data", new SmbClientOptions());
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        Volatile.Write(ref armed, true);
        var e = Assert.ThrowsAsync<SmbProtocolException>(async () => await file.ReadAsync(0, new byte[100_000], 0, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("STATUS_INVALID_SIGNATURE"));
        Assert.That(proxy.TamperedCount, Is.GreaterThan(0));
        Assert.That(share.IsBroken, Is.True);
    }
}
