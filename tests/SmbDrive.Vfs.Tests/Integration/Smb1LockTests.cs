using SmbDrive.Smb;
using SmbDrive.TestSupport;

namespace SmbDrive.Vfs.Tests.Integration;

/// <summary>Byte-range locks through the drive over a server that speaks only SMB1: LockAsync and UnlockAsync reach
/// the server with LOCKING_ANDX, where they used to be refused with STATUS_NOT_SUPPORTED. Two drives (two SMB1
/// connections, as two clients) on one file of the writable share "rw" of an NT1-only Samba that this class starts;
/// the server's disk is checked wherever data is involved.</summary>
[Category("Integration")]
public class Smb1LockTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15); // a failure bound, never a synchronisation
    private SambaServer _server = null!;
    private string _shareDir = null!;
    private WritableFolder _folder = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        _shareDir = Path.Combine(Path.GetTempPath(), $"smbdrive-vfs-smb1locks-{Environment.ProcessId}");
        Directory.CreateDirectory(_shareDir);
        var options = new SambaServerOptions();
        options.Global["server min protocol"] = "NT1";
        options.Global["server max protocol"] = "NT1";
        options.Shares.Add(new SambaShare("rw", _shareDir, ReadOnly: false));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_shareDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [SetUp]
    public void CreateFolder() => _folder = new WritableFolder(_shareDir, "k");

    private Task<SmbDriveFileSystem> ConnectAsync() =>
        VfsSambaFixture.ConnectDriveAsync("rw", server: _server, clientOptions: new SmbClientOptions { ConnectTimeoutSeconds = 5, AllowSmb1 = true });

    private byte[] PutFile(string name, int size)
    {
        var content = TestData.RandomContent(size, 0, size);
        _folder.Put(name, content);
        return content;
    }

    private static async Task<VfsHandle> OpenWritableAsync(IDriveFileSystem drive, string path)
    {
        var result = await drive.CreateAsync(path, new VfsCreateRequest { Disposition = VfsCreateDisposition.Open }, None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"open {path} for writing");
        return result.Value!;
    }

    [Test, CancelAfter(60_000)]
    public void TheServerSpeaksOnlySmb1()
    {
        // What makes the other tests mean "over SMB1": without SMB1 allowed the drive cannot connect at all.
        var e = Assert.ThrowsAsync<SmbException>(() => VfsSambaFixture.ConnectDriveAsync("rw", server: _server));
        Assert.That(e!.Message, Does.Contain("speaks only SMB1"));
    }

    [Test, CancelAfter(60_000)]
    public async Task ExclusiveLock_RefusesTheOtherClientsLockAndWrite_UntilUnlocked_CloseReleases()
    {
        var content = PutFile("f.bin", 64 * 1024);
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        var ha = await OpenWritableAsync(a, _folder.Remote("f.bin"));
        var hb = await OpenWritableAsync(b, _folder.Remote("f.bin"));

        Assert.That(await a.LockAsync(ha, 100, 50, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS),
            "SMB1 locks are no longer refused with STATUS_NOT_SUPPORTED");
        Assert.That(await b.LockAsync(hb, 120, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        Assert.That(await b.LockAsync(hb, 149, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        Assert.That(await b.LockAsync(hb, 150, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS), "adjacent: granted");

        var write = await b.WriteAsync(hb, 110, new byte[] { 1, 2, 3, 4, 5 }, None);
        Assert.That(write.Status, Is.EqualTo(VfsStatus.STATUS_FILE_LOCK_CONFLICT));
        FileComparer.AssertRangeEquals(_folder.Disk("f.bin"), 0, content);

        Assert.That(await a.UnlockAsync(ha, 100, 50, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.UnlockAsync(ha, 100, 50, None), Is.EqualTo(VfsStatus.STATUS_RANGE_NOT_LOCKED));
        Assert.That(await b.UnlockAsync(hb, 150, 5, None), Is.EqualTo(VfsStatus.STATUS_RANGE_NOT_LOCKED), "locks are not split");

        write = await b.WriteAsync(hb, 110, new byte[] { 1, 2, 3, 4, 5 }, None);
        Assert.That(write.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        new byte[] { 1, 2, 3, 4, 5 }.CopyTo(content, 110);
        await b.FlushAsync(hb, None);
        FileComparer.AssertRangeEquals(_folder.Disk("f.bin"), 0, content);

        // Closing B's handle releases its lock of [150,160).
        Assert.That(await a.LockAsync(ha, 150, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        await b.CloseAsync(hb);
        Assert.That(await a.LockAsync(ha, 150, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        await a.CloseAsync(ha);
    }

    [Test, CancelAfter(60_000)]
    public async Task WaitingLock_IsGrantedWhenTheHolderUnlocks_CancelledOneLocksNothing()
    {
        PutFile("w.bin", 100);
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        var ha = await OpenWritableAsync(a, _folder.Remote("w.bin"));
        var hb = await OpenWritableAsync(b, _folder.Remote("w.bin"));
        Assert.That(await a.LockAsync(ha, 0, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));

        using (var cts = new CancellationTokenSource())
        {
            var cancelled = b.LockAsync(hb, 0, 10, VfsLockType.Exclusive, wait: true, cts.Token).AsTask();
            Assert.That(cancelled.IsCompleted, Is.False);
            await cts.CancelAsync();
            Assert.That(await cancelled.WaitAsync(Bound), Is.EqualTo(VfsStatus.STATUS_CANCELLED));
        }

        var waiting = b.LockAsync(hb, 5, 1, VfsLockType.Exclusive, wait: true, None).AsTask();
        Assert.That(await a.LockAsync(ha, 20, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS),
            "A's drive goes on while B waits");
        Assert.That(waiting.IsCompleted, Is.False, "A holds the range, so B's lock is neither granted nor refused");
        Assert.That(await a.UnlockAsync(ha, 0, 10, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await waiting.WaitAsync(Bound), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.LockAsync(ha, 5, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED), "B holds byte 5");
        // The cancelled lock left nothing: bytes 0-4 and 6-9 are free again.
        Assert.That(await a.LockAsync(ha, 0, 5, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.LockAsync(ha, 6, 4, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test, CancelAfter(60_000)]
    public async Task UnlockAll_ReleasesEveryLock_LockFarBeyondTheEnd()
    {
        var content = PutFile("u.bin", 4096);
        await using var a = await ConnectAsync();
        await using var b = await ConnectAsync();
        var ha = await OpenWritableAsync(a, _folder.Remote("u.bin"));
        var hb = await OpenWritableAsync(b, _folder.Remote("u.bin"));
        const ulong GiB = 1UL << 30;
        Assert.That(await a.LockAsync(ha, 0, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.LockAsync(ha, GiB, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.LockAsync(ha, GiB + 2, 510, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await b.LockAsync(hb, GiB + 2, 510, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await b.LockAsync(hb, GiB, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));

        await a.UnlockAllAsync(ha, None);

        Assert.That(await b.LockAsync(hb, 0, 200, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await b.LockAsync(hb, GiB, 2, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.UnlockAsync(ha, 0, 10, None), Is.EqualTo(VfsStatus.STATUS_RANGE_NOT_LOCKED));
        var buffer = new byte[10];
        var read = await a.ReadAsync(ha, 300, buffer, None);
        Assert.That(read.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(buffer, Is.EqualTo(content.AsSpan(300, 10).ToArray()));
        Assert.That(new FileInfo(_folder.Disk("u.bin")).Length, Is.EqualTo(4096), "a lock does not extend the file");
        FileComparer.AssertRangeEquals(_folder.Disk("u.bin"), 0, content);
    }
}
