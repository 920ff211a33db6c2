using SmbDrive.TestSupport;

namespace SmbDrive.Vfs.Tests.Integration;

/// <summary>Byte-range locks taken through the drive reach the server: two drives (two connections, as two
/// clients) on one file of the writable share "rw", with the server's disk checked wherever data is involved.</summary>
[Category("Integration")]
public class LockIntegrationTests
{
    private const ushort Read = 8;
    private static readonly CancellationToken None = CancellationToken.None;
    private string _dir = null!;
    private string _diskDir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = $"k{Guid.NewGuid():N}"[..12];
        _diskDir = Path.Combine(VfsSambaFixture.WritableDir, _dir);
        Directory.CreateDirectory(_diskDir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_diskDir, (UnixFileMode)0x1FF);
    }

    private string Remote(string name) => $"{_dir}/{name}";
    private string Disk(string name) => Path.Combine(_diskDir, name);

    private byte[] PutFile(string name, int size)
    {
        var content = new byte[size];
        new Random(size).NextBytes(content);
        File.WriteAllBytes(Disk(name), content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk(name), (UnixFileMode)0x1B6);
        return content;
    }

    private static async Task<VfsHandle> OpenWritableAsync(IDriveFileSystem drive, string path)
    {
        var result = await drive.CreateAsync(path, new VfsCreateRequest { Disposition = VfsCreateDisposition.Open }, None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"open {path} for writing");
        return result.Value!;
    }

    private static async Task<VfsHandle> OpenForReadingAsync(IDriveFileSystem drive, string path)
    {
        var result = await drive.OpenAsync(path, VfsOpenIntent.ReadData, None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"open {path} for reading");
        return result.Value!;
    }

    [Test, CancelAfter(60_000)]
    public async Task ExclusiveLock_RefusesTheOtherClientsLockAndWrite_UntilUnlocked()
    {
        var content = PutFile("f.bin", 64 * 1024);
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw");
        await using var b = await VfsSambaFixture.ConnectDriveAsync("rw");
        var ha = await OpenWritableAsync(a, Remote("f.bin"));
        var hb = await OpenWritableAsync(b, Remote("f.bin"));

        Assert.That(await a.LockAsync(ha, 100, 50, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.Multiple(async () =>
        {
            Assert.That(await b.LockAsync(hb, 120, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
            Assert.That(await b.LockAsync(hb, 149, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        });
        // Adjacent and disjoint: granted.
        Assert.That(await b.LockAsync(hb, 150, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));

        var write = await b.WriteAsync(hb, 110, new byte[] { 1, 2, 3, 4, 5 }, None);
        Assert.That(write.Status, Is.EqualTo(VfsStatus.STATUS_FILE_LOCK_CONFLICT));
        FileComparer.AssertRangeEquals(Disk("f.bin"), 0, content);
        Assert.That(b.Counters.Snapshot().RetriedRequests, Is.Zero, "a lock conflict is not a lost connection");

        // A's own handle writes under its lock.
        var own = await a.WriteAsync(ha, 100, new byte[] { 9, 9 }, None);
        Assert.That(own.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        content[100] = content[101] = 9;

        Assert.That(await a.UnlockAsync(ha, 100, 50, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.UnlockAsync(ha, 100, 50, None), Is.EqualTo(VfsStatus.STATUS_RANGE_NOT_LOCKED));
        Assert.That(await b.UnlockAsync(hb, 150, 5, None), Is.EqualTo(VfsStatus.STATUS_RANGE_NOT_LOCKED), "locks are not split");

        write = await b.WriteAsync(hb, 110, new byte[] { 1, 2, 3, 4, 5 }, None);
        Assert.That(write.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        new byte[] { 1, 2, 3, 4, 5 }.CopyTo(content, 110);
        FileComparer.AssertRangeEquals(Disk("f.bin"), 0, content);
        Assert.That(new FileInfo(Disk("f.bin")).Length, Is.EqualTo(content.Length));
        await a.CloseAsync(ha);
        await b.CloseAsync(hb);
    }

    [Test, CancelAfter(60_000)]
    public async Task LockOnAReadHandle_BlocksTheOtherClientsReadsInRange_NotOutside()
    {
        // A read-only drive locks too (locking does not write); its handle's server open is lazy until then.
        var content = PutFile("r.bin", 256 * 1024);
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw", new VfsOptions { ReadOnly = true });
        await using var c = await VfsSambaFixture.ConnectDriveAsync("rw");
        var ha = await OpenForReadingAsync(a, Remote("r.bin"));
        var hc = await OpenForReadingAsync(c, Remote("r.bin"));

        Assert.That(await a.LockAsync(ha, 40_000, 1000, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));

        var buffer = new byte[1000];
        var inRange = await c.ReadAsync(hc, 40_500, buffer, None);
        Assert.That(inRange.Status, Is.EqualTo(VfsStatus.STATUS_FILE_LOCK_CONFLICT));

        // Outside the range, though the block cache would fetch around it and into the locked bytes.
        var outside = await c.ReadAsync(hc, 38_900, buffer, None);
        Assert.That(outside.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(outside.Value, Is.EqualTo(buffer.Length));
        Assert.That(buffer, Is.EqualTo(content.AsSpan(38_900, buffer.Length).ToArray()));

        // The locking handle reads its own range, from the server.
        var own = await a.ReadAsync(ha, 40_000, buffer, None);
        Assert.That(own.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(buffer, Is.EqualTo(content.AsSpan(40_000, buffer.Length).ToArray()));
        FileComparer.AssertRangeEquals(Disk("r.bin"), 40_000, buffer);
    }

    [Test, CancelAfter(60_000)]
    public async Task ClosingTheHandle_ReleasesItsLocks()
    {
        PutFile("c.bin", 4096);
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw");
        await using var b = await VfsSambaFixture.ConnectDriveAsync("rw");
        var ha = await OpenWritableAsync(a, Remote("c.bin"));
        var hb = await OpenWritableAsync(b, Remote("c.bin"));

        Assert.That(await a.LockAsync(ha, 0, 4096, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await b.LockAsync(hb, 0, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        await a.CloseAsync(ha);
        Assert.That(await b.LockAsync(hb, 0, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test, CancelAfter(60_000)]
    public async Task UnlockAll_ReleasesEveryLock_AndTheHandleStaysUsable()
    {
        var content = PutFile("u.bin", 4096);
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw");
        await using var b = await VfsSambaFixture.ConnectDriveAsync("rw");
        var ha = await OpenWritableAsync(a, Remote("u.bin"));
        var hb = await OpenWritableAsync(b, Remote("u.bin"));
        Assert.That(await a.LockAsync(ha, 0, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.LockAsync(ha, 100, 10, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.LockAsync(ha, 100, 10, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));

        await a.UnlockAllAsync(ha, None);

        Assert.That(await b.LockAsync(hb, 0, 200, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.UnlockAsync(ha, 0, 10, None), Is.EqualTo(VfsStatus.STATUS_RANGE_NOT_LOCKED));
        var buffer = new byte[10];
        var read = await a.ReadAsync(ha, 300, buffer, None);
        Assert.That(read.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(buffer, Is.EqualTo(content.AsSpan(300, 10).ToArray()));
    }

    [Test, CancelAfter(60_000)]
    public async Task LockAtOneGiB_OnASmallFile_ConflictsThere_AndLeavesTheFileAlone()
    {
        var content = PutFile("far.bin", 1000);
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw");
        await using var b = await VfsSambaFixture.ConnectDriveAsync("rw");
        var ha = await OpenWritableAsync(a, Remote("far.bin"));
        var hb = await OpenWritableAsync(b, Remote("far.bin"));
        const ulong GiB = 1UL << 30;

        Assert.That(await a.LockAsync(ha, GiB, 4096, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await b.LockAsync(hb, GiB + 4095, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
        Assert.That(await b.LockAsync(hb, GiB + 4096, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await b.LockAsync(hb, 0, 1000, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(new FileInfo(Disk("far.bin")).Length, Is.EqualTo(1000));
        FileComparer.AssertRangeEquals(Disk("far.bin"), 0, content);
    }

    [Test, CancelAfter(60_000)]
    public async Task WaitingLock_IsGrantedWhenTheHolderUnlocks()
    {
        PutFile("w.bin", 100);
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw");
        await using var b = await VfsSambaFixture.ConnectDriveAsync("rw");
        var ha = await OpenWritableAsync(a, Remote("w.bin"));
        var hb = await OpenWritableAsync(b, Remote("w.bin"));
        Assert.That(await a.LockAsync(ha, 0, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));

        var waiting = b.LockAsync(hb, 5, 1, VfsLockType.Exclusive, wait: true, None).AsTask();
        // A holds the range, so the lock cannot have been granted yet (nor refused: it waits).
        Assert.That(waiting.IsCompleted, Is.False);
        Assert.That(await a.UnlockAsync(ha, 0, 10, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await waiting, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await a.LockAsync(ha, 5, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
    }

    [Test, CancelAfter(60_000)]
    public async Task SharingDeniedToOthers_StaysDenied_AfterTheHandleIsReopenedOnAReconnect()
    {
        var content = PutFile("deny.bin", 4096);
        var armed = false;
        TamperingProxy relay = null!;
        relay = new TamperingProxy(VfsSambaFixture.Server.Port, (_, message) =>
        {
            if (!Volatile.Read(ref armed) || !TamperingProxy.IsSmb2(message) || TamperingProxy.Command(message) != Read) return true;
            Volatile.Write(ref armed, false);
            relay.Tampered = true;
            return false;
        });
        await using var _ = relay;
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw", port: relay.Port);
        await using var b = await VfsSambaFixture.ConnectDriveAsync("rw");
        var created = await a.CreateAsync(Remote("deny.bin"),
            new VfsCreateRequest { Disposition = VfsCreateDisposition.Open, Share = FileShare.Read }, None);
        Assert.That(created.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        var ha = created.Value!;
        var writeOpen = new VfsCreateRequest { Disposition = VfsCreateDisposition.Open };
        Assert.That((await b.CreateAsync(Remote("deny.bin"), writeOpen, None)).Status, Is.EqualTo(VfsStatus.STATUS_SHARING_VIOLATION));

        Volatile.Write(ref armed, true);
        var buffer = new byte[100];
        var read = await a.ReadAsync(ha, 0, buffer, None);
        Assert.That(relay.Tampered, Is.True, "the connection was lost during the read");
        Assert.That(read.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), "a handle without locks is re-opened");
        Assert.That(buffer, Is.EqualTo(content.AsSpan(0, 100).ToArray()));

        Assert.That((await b.CreateAsync(Remote("deny.bin"), writeOpen, None)).Status, Is.EqualTo(VfsStatus.STATUS_SHARING_VIOLATION));
        await a.CloseAsync(ha);
        var allowed = await b.CreateAsync(Remote("deny.bin"), writeOpen, None);
        Assert.That(allowed.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        await b.CloseAsync(allowed.Value!);
        FileComparer.AssertRangeEquals(Disk("deny.bin"), 0, content);
    }

    [Test, CancelAfter(60_000)]
    public async Task HandleThatHeldLocks_FailsAfterAReconnect_InsteadOfPretending()
    {
        var content = PutFile("re.bin", 4096);
        var armed = false;
        TamperingProxy relay = null!;
        relay = new TamperingProxy(VfsSambaFixture.Server.Port, (_, message) =>
        {
            if (!Volatile.Read(ref armed) || !TamperingProxy.IsSmb2(message) || TamperingProxy.Command(message) != Read) return true;
            Volatile.Write(ref armed, false);
            relay.Tampered = true;
            return false;
        });
        await using var _ = relay;
        await using var a = await VfsSambaFixture.ConnectDriveAsync("rw", port: relay.Port);
        await using var b = await VfsSambaFixture.ConnectDriveAsync("rw");
        var locked = await OpenWritableAsync(a, Remote("re.bin"));
        var plain = await OpenWritableAsync(a, Remote("re.bin"));
        Assert.That(await a.LockAsync(locked, 0, 100, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));

        Volatile.Write(ref armed, true);
        var buffer = new byte[50];
        var read = await a.ReadAsync(locked, 0, buffer, None);

        Assert.That(relay.Tampered, Is.True, "the connection was lost during the read");
        Assert.That(read.Status, Is.EqualTo(VfsStatus.STATUS_FILE_INVALID));
        Assert.That((await a.WriteAsync(locked, 0, new byte[] { 1 }, None)).Status, Is.EqualTo(VfsStatus.STATUS_FILE_INVALID));
        Assert.That(await a.LockAsync(locked, 0, 100, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_FILE_INVALID));
        // The server did release them: another client gets the range.
        var hb = await OpenWritableAsync(b, Remote("re.bin"));
        Assert.That(await b.LockAsync(hb, 0, 100, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        // A handle of the same drive that held no locks carries on.
        var other = await a.ReadAsync(plain, 200, buffer, None);
        Assert.That(other.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(buffer, Is.EqualTo(content.AsSpan(200, 50).ToArray()));
        FileComparer.AssertRangeEquals(Disk("re.bin"), 0, content);
    }
}
