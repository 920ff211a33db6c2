using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>A Samba server of its own with leases switched off (smb2 leases = no, a global setting): a lease request
/// becomes an oplock request, the oplock granted is reported on the lease scale, and its breaks reach the same
/// handler under the caller's key.</summary>
[Category("Integration")]
public class OplockFallbackTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private SambaServer _server = null!;
    private string _dir = null!;
    private WritableFolder _folder = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        _dir = Path.Combine(Path.GetTempPath(), $"smbdrive-oplocks-{Environment.ProcessId}");
        Directory.CreateDirectory(_dir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dir, (UnixFileMode)0x1FF);
        var options = new SambaServerOptions();
        options.Global["smb2 leases"] = "no";
        options.Global["kernel oplocks"] = "no";
        options.Shares.Add(new SambaShare("rw", _dir, ReadOnly: false, Extra: new Dictionary<string, string> { ["oplocks"] = "yes" }));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [SetUp]
    public void CreateFolder() => _folder = new WritableFolder(_dir, "oplock");

    private async Task<ISmbLeasingShare> ConnectAsync() =>
        (ISmbLeasingShare)await SmbClient.ConnectShareAsync(SmbAddress.Parse(_server.Address("rw")),
            SmbCredentials.User(_server.User.Name, _server.User.Password), new SmbClientOptions(), null, None);

    [Test, CancelAfter(60_000)]
    public async Task LeaseRequest_BatchOplockGranted_OtherPcOpens_BreakToLevelII_Acknowledged_ItsWriteBreaksToNone()
    {
        _folder.Put("f.txt", "before");
        var handler = new BreakRecorder { Hold = true };
        await using var pcA = await ConnectAsync();
        pcA.LeaseBreakHandler = handler;
        await using var pcB = await ConnectAsync();
        Assert.That(pcA.CachingKind, Is.EqualTo(SmbCachingKind.Oplock));
        var key = Guid.NewGuid();
        try
        {
            await using var a = (ISmbLeasedFile)await pcA.CreateAsync(_folder.Remote("f.txt"), LeaseTests.ReadWrite(key), None);
            Assert.That(a.Lease, Is.EqualTo(new SmbLeaseGrant(SmbCachingKind.Oplock, key, SmbLeaseState.All, 0)), "batch oplock");

            var bOpen = pcB.CreateAsync(_folder.Remote("f.txt"), LeaseTests.ReadWrite(null), None);
            var first = await handler.NextAsync(Bound);
            Assert.That(bOpen.IsCompleted, Is.False, "the server holds the other open until the break is acknowledged");
            Assert.That((first.Kind, first.Key, first.CurrentState, first.NewState, first.AcknowledgeRequired),
                Is.EqualTo((SmbCachingKind.Oplock, key, SmbLeaseState.All, SmbLeaseState.Read, true)));
            await first.AcknowledgeAsync(None);
            await using var b = await bOpen.WaitAsync(Bound);

            byte[] data = "written by B"u8.ToArray();
            await b.WriteAsync(0, data, 0, None);
            var second = await handler.NextAsync(Bound);
            Assert.That((second.Key, second.CurrentState, second.NewState, second.AcknowledgeRequired),
                Is.EqualTo((key, SmbLeaseState.Read, SmbLeaseState.None, false)), "level II is broken to none without an acknowledgement");
            await b.FlushAsync(None);
            Assert.That(File.ReadAllBytes(_folder.Disk("f.txt"))[..data.Length], Is.EqualTo(data));
            Assert.That(await LeaseTests.ReadAllAsync(a, 100), Is.EqualTo(File.ReadAllBytes(_folder.Disk("f.txt"))));
        }
        finally
        {
            handler.Release();
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task NoHandler_OplockBreakAcknowledgedAtOnce()
    {
        _folder.Put("f.txt", "content");
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var a = (ISmbLeasedFile)await pcA.CreateAsync(_folder.Remote("f.txt"), LeaseTests.ReadWrite(Guid.NewGuid()), None);
        Assert.That(a.Lease.State, Is.EqualTo(SmbLeaseState.All));
        await using var b = await pcB.CreateAsync(_folder.Remote("f.txt"), LeaseTests.ReadWrite(null), None).WaitAsync(Bound);
        Assert.That(await LeaseTests.ReadAllAsync(b, 100), Is.EqualTo(File.ReadAllBytes(_folder.Disk("f.txt"))));
    }

    [Test, CancelAfter(60_000)]
    public async Task ReadOnlyLeaseRequest_LevelIIOplock()
    {
        _folder.Put("f.txt", "content");
        await using var pc = await ConnectAsync();
        var key = Guid.NewGuid();
        await using var file = (ISmbLeasedFile)await pc.CreateAsync(_folder.Remote("f.txt"),
            LeaseTests.ReadWrite(null) with { Lease = new SmbLeaseRequest { Key = key, State = SmbLeaseState.Read } }, None);
        Assert.That(file.Lease, Is.EqualTo(new SmbLeaseGrant(SmbCachingKind.Oplock, key, SmbLeaseState.Read, 0)));
    }
}
