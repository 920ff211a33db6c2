using System.Diagnostics;
using SmbDrive.Smb.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>Byte-range locks against Samba's share "rw". Two independent connections, each with its own session and
/// its own open of one file, stand in for two PCs: what one locks, the other must see refused, granted or waited
/// for, exactly as the server decides.</summary>
[Category("Integration")]
public class LockTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15); // a failure bound, never a synchronisation
    private const ulong OneGiB = 1UL << 30;
    private string _dir = null!;
    private string _diskDir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = $"l{Guid.NewGuid():N}";
        _diskDir = Path.Combine(SambaFixture.WritableDir, _dir);
        Directory.CreateDirectory(_diskDir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_diskDir, (UnixFileMode)0x1FF);
    }

    private string Disk(string name) => Path.Combine(_diskDir, name);

    /// <summary>A file made by the test (as root) that the share's user may change.</summary>
    private void Put(string name, byte[] content)
    {
        File.WriteAllBytes(Disk(name), content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk(name), (UnixFileMode)0x1B6);
    }

    private static async Task<ISmbWritableShare> ConnectAsync(SmbClientOptions? options = null) =>
        (ISmbWritableShare)await SambaFixture.ConnectAsync("rw", options);

    /// <summary>Opens the file for reading and writing, sharing everything, as each PC would.</summary>
    private async Task<ISmbLockableFile> OpenAsync(ISmbWritableShare share, string name)
    {
        var file = await share.CreateAsync($"{_dir}/{name}", new SmbCreateParameters
        {
            Access = SmbAccess.GenericRead | SmbAccess.GenericWrite,
            Disposition = SmbCreateDisposition.Open,
            Options = SmbCreateOptions.NonDirectoryFile,
        }, None);
        return (ISmbLockableFile)file;
    }

    private static void AssertRefused(Func<Task> attempt, NtStatus status, string why)
    {
        var e = Assert.ThrowsAsync<SmbStatusException>(() => attempt(), why);
        Assert.That(e!.Status, Is.EqualTo(status), why);
        Assert.That(e.Message, Does.Contain(status.ToString()).And.Contain("127.0.0.1").And.Contain("f.bin"), why);
    }

    private static Task TryExclusive(ISmbLockableFile file, ulong offset, ulong length) =>
        file.LockAsync(offset, length, SmbLockType.Exclusive, wait: false, None);

    private static Task TryShared(ISmbLockableFile file, ulong offset, ulong length) =>
        file.LockAsync(offset, length, SmbLockType.Shared, wait: false, None);

    [Test, CancelAfter(60_000)]
    public async Task Exclusive_OtherPcConflictingRefused_DisjointGranted_WriteInRangeRefused()
    {
        var content = TestData.RandomContent(51, 0, 4096);
        Put("f.bin", content);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryExclusive(a, 100, 100);
        AssertRefused(() => TryExclusive(b, 150, 10), NtStatus.STATUS_LOCK_NOT_GRANTED, "exclusive inside A's exclusive range");
        AssertRefused(() => TryExclusive(b, 0, 101), NtStatus.STATUS_LOCK_NOT_GRANTED, "overlapping A's first byte");
        AssertRefused(() => TryShared(b, 199, 1), NtStatus.STATUS_LOCK_NOT_GRANTED, "shared against A's exclusive");
        Assert.That(NtStatus.STATUS_LOCK_NOT_GRANTED.IsLockConflict(), Is.True);
        await TryExclusive(b, 200, 100); // starts where A's range ends
        await TryExclusive(b, 0, 100);   // ends where A's range starts

        // The server enforces the lock on B's I/O too: B's WRITE into A's range is refused and changes nothing.
        var write = Assert.ThrowsAsync<SmbStatusException>(async () => await ((ISmbWritableFile)b).WriteAsync(120, new byte[] { 1, 2, 3 }, 0, None));
        Assert.That(write!.Status, Is.EqualTo(NtStatus.STATUS_FILE_LOCK_CONFLICT));
        Assert.That(write.Status.IsLockConflict(), Is.True);
        FileComparer.AssertRangeEquals(Disk("f.bin"), 0, content);
    }

    [Test, CancelAfter(60_000)]
    public async Task Shared_BothPcsGranted_ExclusiveAgainstSharedRefused()
    {
        Put("f.bin", new byte[1000]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryShared(a, 0, 500);
        await TryShared(b, 0, 500);
        await TryShared(b, 250, 500);
        AssertRefused(() => TryExclusive(b, 400, 10), NtStatus.STATUS_LOCK_NOT_GRANTED, "exclusive against A's shared");
        AssertRefused(() => TryExclusive(a, 600, 10), NtStatus.STATUS_LOCK_NOT_GRANTED, "exclusive against B's shared");
        await TryExclusive(a, 750, 10);
    }

    [Test, CancelAfter(60_000)]
    public async Task Unlock_ThenOtherPcGranted_ExactRangeOnly_CloseReleasesTheRest()
    {
        Put("f.bin", new byte[1000]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryExclusive(a, 0, 100);
        await TryExclusive(a, 200, 100);
        AssertRefused(() => TryExclusive(b, 0, 100), NtStatus.STATUS_LOCK_NOT_GRANTED, "A holds [0,100)");
        AssertRefused(() => a.UnlockAsync(0, 50, None), NtStatus.STATUS_RANGE_NOT_LOCKED, "no splitting: only the exact range unlocks");
        AssertRefused(() => a.UnlockAsync(0, 300, None), NtStatus.STATUS_RANGE_NOT_LOCKED, "no merging either");

        await a.UnlockAsync(0, 100, None);
        await TryExclusive(b, 0, 100);
        AssertRefused(() => TryExclusive(b, 200, 100), NtStatus.STATUS_LOCK_NOT_GRANTED, "A still holds [200,300)");
        AssertRefused(() => a.UnlockAsync(0, 100, None), NtStatus.STATUS_RANGE_NOT_LOCKED, "unlocked once already");

        await a.DisposeAsync(); // CLOSE drops every lock of the handle
        await TryExclusive(b, 200, 100);
    }

    [Test, CancelAfter(60_000)]
    public async Task Blocking_WaitsWhileHeld_GrantedWhenOtherPcUnlocks()
    {
        Put("f.bin", new byte[64]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryExclusive(a, 0, 10);
        var waiting = b.LockAsync(5, 10, SmbLockType.Exclusive, wait: true, None);
        // The server takes B's requests in order: once B's ECHO is answered, B's LOCK has been tried and parked; A's
        // round trip shows A's session alive and its lock still held.
        await pcB.EchoAsync(None);
        await pcA.EchoAsync(None);
        Assert.That(waiting.IsCompleted, Is.False, "B's lock waits while A holds an overlapping range");

        await a.UnlockAsync(0, 10, None);
        await waiting.WaitAsync(Bound);
        AssertRefused(() => TryExclusive(a, 0, 10), NtStatus.STATUS_LOCK_NOT_GRANTED, "B now holds [5,15)");
        await TryExclusive(a, 0, 5);
    }

    [TestCase("3.1.1", false)]
    [TestCase("3.1.1", true)]
    [TestCase("3.0", true)]
    [TestCase("2.1", false)]
    [TestCase("2.0.2", false)]
    [CancelAfter(60_000)]
    public async Task Blocking_Cancelled_OperationCanceledPromptly_ConnectionUsable_NothingLocked(string dialect, bool encrypt)
    {
        Put("f.bin", new byte[64]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync(new SmbClientOptions { MaxDialect = dialect, MinDialect = dialect, RequireEncryption = encrypt });
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryExclusive(a, 0, 10);
        using var cts = new CancellationTokenSource();
        var waiting = b.LockAsync(0, 10, SmbLockType.Exclusive, wait: true, cts.Token);
        await pcB.EchoAsync(None);
        Assert.That(waiting.IsCompleted, Is.False, "B waits");

        var clock = Stopwatch.StartNew();
        await cts.CancelAsync();
        var e = Assert.ThrowsAsync<OperationCanceledException>(async () => await waiting.WaitAsync(Bound));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the server confirms a CANCEL at once");
        Assert.That(e!.Message, Does.Contain("f.bin").And.Contain("cancelled"));

        // B's connection goes on: a request on it succeeds, and so does I/O outside A's range.
        await pcB.EchoAsync(None);
        var info = await b.QueryInfoAsync(None);
        Assert.That(info.Size, Is.EqualTo(64));
        // B holds nothing: once A lets go, A can lock the range again (B's waiting lock would refuse it).
        await a.UnlockAsync(0, 10, None);
        await TryExclusive(a, 0, 10);
        AssertRefused(() => b.UnlockAsync(0, 10, None), NtStatus.STATUS_RANGE_NOT_LOCKED, "B's cancelled lock was never granted");
    }

    [Test, CancelAfter(60_000)]
    public async Task Lock_FarBeyondEndOfSmallFile_SqliteBytesAndBeyond4GiB()
    {
        var content = TestData.RandomContent(52, 0, 1000);
        Put("f.bin", content);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        // SQLite's lock bytes: PENDING at 1 GiB, RESERVED after it, SHARED the 510 bytes after that.
        await TryExclusive(a, OneGiB, 1);
        await TryShared(a, OneGiB + 2, 510);
        await TryShared(b, OneGiB + 2, 510);
        AssertRefused(() => TryShared(b, OneGiB, 1), NtStatus.STATUS_LOCK_NOT_GRANTED, "PENDING byte held by A");
        await TryExclusive(b, OneGiB + 1, 1);
        // Past 4 GiB: the offset needs all 64 bits.
        ulong far = (5UL << 30) + 7;
        await TryExclusive(a, far, 3);
        AssertRefused(() => TryExclusive(b, far + 2, 1), NtStatus.STATUS_LOCK_NOT_GRANTED, "A holds the bytes past 5 GiB");
        await TryExclusive(b, far + 3, 1);
        await a.UnlockAsync(far, 3, None);
        await TryExclusive(b, far, 3);

        Assert.That(new FileInfo(Disk("f.bin")).Length, Is.EqualTo(1000), "a lock does not extend the file");
        FileComparer.AssertRangeEquals(Disk("f.bin"), 0, content);
    }

    [Test, CancelAfter(60_000)]
    public async Task Blocking_WaitsLongerThanRequestTimeout_ConnectionKept()
    {
        const int timeoutSeconds = 2;
        Put("f.bin", new byte[64]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync(new SmbClientOptions { RequestTimeoutSeconds = timeoutSeconds });
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryExclusive(a, 0, 10);
        var waiting = b.LockAsync(0, 10, SmbLockType.Exclusive, wait: true, None);
        await pcB.EchoAsync(None);
        // The property under test is the passing of time itself: the watchdog looks every second and would drop a
        // connection whose request is older than the timeout. Wait through twice the timeout plus two looks.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(2 * timeoutSeconds + 2))
        {
            await Task.WhenAny(waiting, Task.Delay(TimeSpan.FromMilliseconds(500)));
            Assert.That(waiting.IsCompleted, Is.False, $"B's lock still waits after {waited.Elapsed.TotalSeconds:F1} s (a fault here is the connection dropped)");
        }
        await pcB.EchoAsync(None);

        await a.UnlockAsync(0, 10, None);
        await waiting.WaitAsync(Bound);
        AssertRefused(() => TryExclusive(a, 0, 10), NtStatus.STATUS_LOCK_NOT_GRANTED, "B holds the range after its long wait");
    }

    [Test, CancelAfter(120_000)]
    public async Task StripedFile_HoldingLock_ReadsStayOnLockingOpen_BytesEqualDisk()
    {
        // A large file is open on both of the share's connections for striped reads; a lock binds the other open
        // too, so its READs would be refused while the first open holds the lock.
        var content = TestData.RandomContent(53, 0, 12 << 20);
        Put("f.bin", content);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var a = await OpenAsync(pcA, "f.bin");
        Assert.That(a, Is.TypeOf<MultiConnectionFile>(), "a file above the stripe threshold is opened on every connection");
        await ((MultiConnectionFile)a).WhenLanesOpenAsync();
        Assert.That(((MultiConnectionFile)a).LaneCount, Is.EqualTo(2));
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryExclusive(a, 0, (ulong)content.Length);
        AssertRefused(() => TryShared(b, 1 << 20, 1), NtStatus.STATUS_LOCK_NOT_GRANTED, "the first open's lock binds the other PC");
        var back = new byte[content.Length];
        int n = await a.ReadAsync(0, back, 0, None);
        Assert.That(n, Is.EqualTo(content.Length));
        FileComparer.AssertRangeEquals(Disk("f.bin"), 0, back);

        await a.UnlockAsync(0, (ulong)content.Length, None);
        await TryShared(b, 1 << 20, 1);
    }
}
