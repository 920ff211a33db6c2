using System.Diagnostics;
using SmbDrive.Smb.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>Leases against Samba's share "rw" (smb2 leases = yes, kernel oplocks = no). Two independent
/// connections stand in for two PCs: what one opens, the other's lease must be broken for, and the server must let
/// the open through once the break is acknowledged.</summary>
[Category("Integration")]
public class LeaseTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // well inside Samba's 35 s break timeout; a failure bound
    private WritableFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new WritableFolder(SambaFixture.WritableDir, "lease");

    internal static SmbCreateParameters ReadWrite(Guid? leaseKey) => new()
    {
        Access = SmbAccess.GenericRead | SmbAccess.GenericWrite,
        Disposition = SmbCreateDisposition.Open,
        Options = SmbCreateOptions.NonDirectoryFile,
        Lease = leaseKey is { } key ? new SmbLeaseRequest { Key = key } : null,
    };

    private static async Task<ISmbLeasingShare> ConnectAsync(SmbClientOptions? options = null) =>
        (ISmbLeasingShare)await SambaFixture.ConnectAsync("rw", options);

    internal static async Task<byte[]> ReadAllAsync(ISmbFile file, int length)
    {
        var buffer = new byte[length + 1];
        int n = await file.ReadAsync(0, buffer, 0, None);
        return buffer[..n];
    }

    [TestCase("3.1.1", SmbCachingKind.LeaseV2, (ushort)1)]
    [TestCase("3.0", SmbCachingKind.LeaseV2, (ushort)1)]
    [TestCase("2.1", SmbCachingKind.LeaseV1, (ushort)0)]
    [CancelAfter(60_000)]
    public async Task Open_WithLease_GrantedReadHandleWrite(string dialect, SmbCachingKind kind, ushort epoch)
    {
        _folder.Put("f.txt", "leased content");
        await using var share = await ConnectAsync(new SmbClientOptions { MaxDialect = dialect });
        Assert.That(share.CachingKind, Is.EqualTo(kind));
        var key = Guid.NewGuid();
        await using var file = (ISmbLeasedFile)await share.CreateAsync(_folder.Remote("f.txt"), ReadWrite(key), None);
        Assert.That(file.Lease, Is.EqualTo(new SmbLeaseGrant(kind, key, SmbLeaseState.All, epoch)));
        Assert.That(await ReadAllAsync(file, 100), Is.EqualTo(File.ReadAllBytes(_folder.Disk("f.txt"))));
    }

    [Test, CancelAfter(60_000)]
    public async Task Open_WithoutLeaseRequest_NoLease()
    {
        _folder.Put("f.txt", "x");
        await using var share = await ConnectAsync();
        await using var file = (ISmbLeasedFile)await share.CreateAsync(_folder.Remote("f.txt"), ReadWrite(null), None);
        Assert.That(file.Lease, Is.EqualTo(SmbLeaseGrant.None));
    }

    [Test, CancelAfter(60_000)]
    public async Task OtherPcOpens_BreakToReadHandle_HandlerAcknowledges_ThenOtherOpenCompletes_ItsWriteEndsReadCaching()
    {
        _folder.Put("f.txt", "before");
        var handler = new BreakRecorder { Hold = true };
        await using var pcA = await ConnectAsync();
        pcA.LeaseBreakHandler = handler;
        await using var pcB = await ConnectAsync();
        var key = Guid.NewGuid();
        try
        {
            await using var a = (ISmbLeasedFile)await pcA.CreateAsync(_folder.Remote("f.txt"), ReadWrite(key), None);
            Assert.That(a.Lease.State, Is.EqualTo(SmbLeaseState.All));

            var bOpen = pcB.CreateAsync(_folder.Remote("f.txt"), ReadWrite(null), None);
            var first = await handler.NextAsync(Bound);
            Assert.That(bOpen.IsCompleted, Is.False, "the server holds the other open until the break is acknowledged");
            Assert.That((first.Kind, first.Key, first.CurrentState, first.NewState, first.Epoch, first.AcknowledgeRequired),
                Is.EqualTo((SmbCachingKind.LeaseV2, key, SmbLeaseState.All, SmbLeaseState.ReadHandle, (ushort)2, true)));
            await first.AcknowledgeAsync(None);
            Assert.That(first.IsAcknowledged, Is.True);
            await using var b = await bOpen.WaitAsync(Bound);

            // The other PC's write ends read caching as well.
            byte[] data = "written by B"u8.ToArray();
            await b.WriteAsync(0, data, 0, None);
            var second = await handler.NextAsync(Bound);
            Assert.That((second.Key, second.CurrentState, second.NewState, second.Epoch),
                Is.EqualTo((key, SmbLeaseState.ReadHandle, SmbLeaseState.None, (ushort)3)));
            await second.AcknowledgeAsync(None).WaitAsync(Bound);
            await b.FlushAsync(None);
            Assert.That(File.ReadAllBytes(_folder.Disk("f.txt"))[..data.Length], Is.EqualTo(data));
            Assert.That(await ReadAllAsync(a, 100), Is.EqualTo(File.ReadAllBytes(_folder.Disk("f.txt"))), "A reads what B wrote");
        }
        finally
        {
            handler.Release();
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(60_000)]
    public async Task NoHandler_BreakAcknowledgedAtOnce_OtherOpenCompletesQuickly(bool encrypted)
    {
        _folder.Put("f.txt", "content");
        await using var pcA = await ConnectAsync(new SmbClientOptions { RequireEncryption = encrypted });
        await using var pcB = await ConnectAsync();
        Assert.That(pcA.LeaseBreakHandler, Is.Null);
        await using var a = (ISmbLeasedFile)await pcA.CreateAsync(_folder.Remote("f.txt"), ReadWrite(Guid.NewGuid()), None);
        Assert.That(a.Lease.State, Is.EqualTo(SmbLeaseState.All));

        var clock = Stopwatch.StartNew();
        await using var b = await pcB.CreateAsync(_folder.Remote("f.txt"), ReadWrite(null), None).WaitAsync(Bound);
        Assert.That(clock.Elapsed, Is.LessThan(Bound));
        Assert.That(await ReadAllAsync(b, 100), Is.EqualTo(File.ReadAllBytes(_folder.Disk("f.txt"))));
        Assert.That(pcA.IsBroken, Is.False);
    }

    [Test, CancelAfter(60_000)]
    public async Task SameKey_SecondOpenOfSameFile_NoBreak_OtherKey_Break()
    {
        _folder.Put("f.txt", "content");
        // A handler that never acknowledges until released: any break would hold the second open past the bound.
        var handler = new BreakRecorder { Hold = true };
        await using var pc = await ConnectAsync();
        pc.LeaseBreakHandler = handler;
        var key = Guid.NewGuid();
        try
        {
            await using var first = (ISmbLeasedFile)await pc.CreateAsync(_folder.Remote("f.txt"), ReadWrite(key), None);
            await using var second = (ISmbLeasedFile)await pc.CreateAsync(_folder.Remote("f.txt"), ReadWrite(key), None).WaitAsync(Bound);
            Assert.That(handler.Count, Is.Zero, "one lease for both opens: nothing to break");
            Assert.That((second.Lease.Key, second.Lease.State), Is.EqualTo((key, SmbLeaseState.All)));

            // The same client with another key is another lease: its open breaks the first.
            var third = pc.CreateAsync(_folder.Remote("f.txt"), ReadWrite(Guid.NewGuid()), None);
            var brk = await handler.NextAsync(Bound);
            Assert.That((brk.Key, brk.NewState), Is.EqualTo((key, SmbLeaseState.ReadHandle)));
            Assert.That(third.IsCompleted, Is.False);
            handler.Release(); // the client acknowledges for the handler that returned without doing so
            await using var opened = await third.WaitAsync(Bound);
            Assert.That(brk.IsAcknowledged, Is.True);
        }
        finally
        {
            handler.Release();
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task SameKey_OtherFile_InvalidParameter()
    {
        _folder.Put("f.txt", "1");
        _folder.Put("g.txt", "2");
        await using var pc = await ConnectAsync();
        var key = Guid.NewGuid();
        await using var f = await pc.CreateAsync(_folder.Remote("f.txt"), ReadWrite(key), None);
        var e = Assert.ThrowsAsync<SmbStatusException>(() => pc.CreateAsync(_folder.Remote("g.txt"), ReadWrite(key), None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_INVALID_PARAMETER));
        Assert.That(e.Message, Does.Contain("g.txt"));
    }

    [Test, CancelAfter(60_000)]
    public async Task Smb202_NoLeases_BatchOplockInstead()
    {
        _folder.Put("f.txt", "content");
        await using var share = await ConnectAsync(new SmbClientOptions { MaxDialect = "2.0.2" });
        Assert.That(share.CachingKind, Is.EqualTo(SmbCachingKind.Oplock));
        var key = Guid.NewGuid();
        await using var file = (ISmbLeasedFile)await share.CreateAsync(_folder.Remote("f.txt"), ReadWrite(key), None);
        Assert.That(file.Lease, Is.EqualTo(new SmbLeaseGrant(SmbCachingKind.Oplock, key, SmbLeaseState.All, 0)));
    }

    [TestCase(SmbLeaseState.All, 1)]
    [TestCase(SmbLeaseState.Read, 2)]
    [CancelAfter(60_000)]
    public async Task StripedFile_WriteCachingLease_ReadOverOneConnection_ReadLease_OverBoth_NeitherBreaks(SmbLeaseState wanted, int lanes)
    {
        // Each connection has its own ClientGuid: an open on the second would be another client's to the server.
        var content = TestData.RandomContent(61, 0, 1 << 20);
        File.WriteAllBytes(_folder.Disk("big.bin"), content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_folder.Disk("big.bin"), (UnixFileMode)0x1B6);
        var handler = new BreakRecorder { Hold = true };
        await using var share = await ConnectAsync(new SmbClientOptions { ConnectionsPerShare = 2, StripeThresholdBytes = 4096 });
        share.LeaseBreakHandler = handler;
        try
        {
            await using var file = await share.CreateAsync(_folder.Remote("big.bin"),
                ReadWrite(null) with { Lease = new SmbLeaseRequest { Key = Guid.NewGuid(), State = wanted } }, None);
            var striped = (MultiConnectionFile)file;
            Assert.That(striped.Lease.State, Is.EqualTo(wanted));
            var read = await ReadAllAsync(file, content.Length);
            Assert.That(read.Length, Is.EqualTo(content.Length));
            FileComparer.AssertRangeEquals(_folder.Disk("big.bin"), 0, read);
            await striped.WhenLanesOpenAsync().WaitAsync(Bound);
            Assert.That(striped.LaneCount, Is.EqualTo(lanes));
            Assert.That(handler.Count, Is.Zero, "no open of ours broke our own lease");
        }
        finally
        {
            handler.Release();
        }
    }
}
