using System.Diagnostics;
using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;
using SmbDrive.Smb.Tests.Integration;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>Byte-range locks over SMB1 (LOCKING_ANDX) against the NT1-only Samba's share "rw". Two SMB1 connections,
/// each with its own session and its own open of one file, stand in for two PCs: what one locks, the other must see
/// refused, granted or waited for, exactly as the server decides. Samba answers a conflicting lock that may not wait
/// with LOCK_NOT_GRANTED the first time and FILE_LOCK_CONFLICT when the same handle tries the same offset again, or
/// tries at an offset of 0xEF000000 or more (source3/smbd/blocking.c, after Windows); both are lock conflicts.</summary>
[Category("Integration")]
public class Smb1LockTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15); // a failure bound, never a synchronisation
    private const ulong OneGiB = 1UL << 30;
    private WritableFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new WritableFolder(Smb1Fixture.WritableDir, "l");

    private static Task<Smb1Tree> ConnectAsync(SmbClientOptions? options = null, Smb1Tuning? tuning = null) =>
        Smb1Fixture.ConnectAsync("rw", options, tuning);

    /// <summary>Opens the file for reading and writing, sharing everything, as each PC would.</summary>
    private async Task<ISmbLockableFile> OpenAsync(Smb1Tree share, string name)
    {
        var file = await share.CreateAsync(_folder.Remote(name), WriteTests.ReadWrite(SmbCreateDisposition.Open), None);
        Assert.That(file, Is.InstanceOf<ISmbLockableFile>(), "an SMB1 file can lock");
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
    public async Task Exclusive_OtherPcConflictingRefused_DisjointGranted_ReadAndWriteInRangeRefused()
    {
        var content = TestData.RandomContent(61, 0, 4096);
        _folder.Put("f.bin", content);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");

        await TryExclusive(a, 100, 100);
        AssertRefused(() => TryExclusive(b, 150, 10), NtStatus.STATUS_LOCK_NOT_GRANTED, "exclusive inside A's exclusive range");
        AssertRefused(() => TryExclusive(b, 150, 10), NtStatus.STATUS_FILE_LOCK_CONFLICT, "the same attempt again: Samba's second answer");
        Assert.That(NtStatus.STATUS_FILE_LOCK_CONFLICT.IsLockConflict(), Is.True, "both answers are lock conflicts to the caller");
        AssertRefused(() => TryExclusive(b, 0, 101), NtStatus.STATUS_LOCK_NOT_GRANTED, "overlapping A's first byte");
        AssertRefused(() => TryShared(b, 199, 1), NtStatus.STATUS_LOCK_NOT_GRANTED, "shared against A's exclusive");
        await TryExclusive(b, 200, 100); // starts where A's range ends
        await TryExclusive(b, 0, 100);   // ends where A's range starts

        // The server enforces the lock on B's I/O too: B's WRITE and READ in A's range are refused; nothing changes.
        var write = Assert.ThrowsAsync<SmbStatusException>(async () => await ((ISmbWritableFile)b).WriteAsync(120, new byte[] { 1, 2, 3 }, 0, None));
        Assert.That(write!.Status.IsLockConflict(), Is.True, write.Status.ToString());
        var read = Assert.ThrowsAsync<SmbStatusException>(async () => await b.ReadAsync(150, new byte[10], 0, None));
        Assert.That(read!.Status.IsLockConflict(), Is.True, read.Status.ToString());
        // A's own handle writes under its lock.
        await ((ISmbWritableFile)a).WriteAsync(150, new byte[] { 9, 9 }, 0, None);
        content[150] = content[151] = 9;
        FileComparer.AssertRangeEquals(_folder.Disk("f.bin"), 0, content);
        Assert.That(new FileInfo(_folder.Disk("f.bin")).Length, Is.EqualTo(content.Length));
    }

    [Test, CancelAfter(60_000)]
    public async Task Shared_BothPcsGranted_ExclusiveAgainstSharedRefused()
    {
        _folder.Put("f.bin", new byte[1000]);
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
        // Reading under shared locks is everyone's right.
        int n = await b.ReadAsync(0, new byte[100], 0, None);
        Assert.That(n, Is.EqualTo(100));
    }

    [Test, CancelAfter(60_000)]
    public async Task Unlock_ThenOtherPcGranted_ExactRangeOnly_CloseReleasesTheRest()
    {
        _folder.Put("f.bin", new byte[1000]);
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

        await a.DisposeAsync(); // CLOSE drops every lock of the FID
        await TryExclusive(b, 200, 100);
    }

    [Test, CancelAfter(60_000)]
    public async Task Blocking_WaitsWhileHeld_GrantedWhenOtherPcUnlocks()
    {
        _folder.Put("f.bin", new byte[64]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync();
        await using var pcC = await ConnectAsync();
        await using var a = await OpenAsync(pcA, "f.bin");
        await using var b = await OpenAsync(pcB, "f.bin");
        await using var c = await OpenAsync(pcC, "f.bin");

        await TryExclusive(a, 0, 10);
        var waiting = b.LockAsync(5, 10, SmbLockType.Exclusive, wait: true, None);
        // Samba takes B's requests in order: once B's ECHO is answered, B's LOCKING_ANDX has been tried and parked.
        // A third PC's refused lock shows A's lock still held at that moment.
        await pcB.EchoAsync(None);
        AssertRefused(() => TryExclusive(c, 0, 1), NtStatus.STATUS_LOCK_NOT_GRANTED, "A still holds [0,10)");
        Assert.That(waiting.IsCompleted, Is.False, "B's lock waits while A holds an overlapping range");

        await a.UnlockAsync(0, 10, None);
        await waiting.WaitAsync(Bound); // throws if the server refused B's lock instead of parking it
        AssertRefused(() => TryExclusive(a, 0, 10), NtStatus.STATUS_LOCK_NOT_GRANTED, "B now holds [5,15)");
        await TryExclusive(a, 0, 5);
    }

    private static IEnumerable<TestCaseData> CancelCases()
    {
        yield return new TestCaseData(false, true).SetName("Blocking_Cancelled_Unsigned");
        yield return new TestCaseData(true, true).SetName("Blocking_Cancelled_Signed_SequenceStaysInStep");
        yield return new TestCaseData(false, false).SetName("Blocking_Cancelled_DosErrorCodes");
    }

    [TestCaseSource(nameof(CancelCases)), CancelAfter(60_000)]
    public async Task Blocking_Cancelled_OperationCanceledPromptly_ConnectionUsable_NothingLocked(bool sign, bool ntStatus)
    {
        _folder.Put("f.bin", new byte[64]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync(new SmbClientOptions { RequireSigning = sign }, new Smb1Tuning { UseNtStatus = ntStatus });
        Assert.That(pcB.Connection.IsSigning, Is.EqualTo(sign));
        Assert.That(pcB.Connection.UsesNtStatus, Is.EqualTo(ntStatus));
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
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the server ends a cancelled lock at once");
        Assert.That(e!.Message, Does.Contain("f.bin").And.Contain("cancelled"));
        Assert.That(pcB.Connection.Counters.Cancels, Is.EqualTo(1), "one NT_CANCEL went out");

        // B's connection goes on (signed: the NT_CANCEL took one sequence number, and the next responses verify).
        long verified = pcB.Connection.Counters.VerifiedSignatures;
        await pcB.EchoAsync(None);
        var info = await b.QueryInfoAsync(None);
        Assert.That(info.Size, Is.EqualTo(64));
        Assert.That(pcB.Connection.Counters.VerifiedSignatures - verified, Is.EqualTo(sign ? 2 : 0));
        Assert.That(pcB.Connection.IsBroken, Is.False);
        // B holds nothing: once A lets go, A can lock the range again (B's waiting lock would refuse it).
        await a.UnlockAsync(0, 10, None);
        await TryExclusive(a, 0, 10);
        AssertRefused(() => b.UnlockAsync(0, 10, None), NtStatus.STATUS_RANGE_NOT_LOCKED, "B's cancelled lock was never granted");
    }

    [Test, CancelAfter(60_000)]
    public async Task Blocking_WaitsLongerThanRequestTimeout_ConnectionKept()
    {
        const int timeoutSeconds = 2;
        _folder.Put("f.bin", new byte[64]);
        await using var pcA = await ConnectAsync();
        await using var pcB = await ConnectAsync(new SmbClientOptions { RequireSigning = false, RequestTimeoutSeconds = timeoutSeconds });
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

    [Test, CancelAfter(60_000)]
    public async Task Lock_FarBeyondEndOfSmallFile_OneGiBAndTwoToTheSixtySecond()
    {
        var content = TestData.RandomContent(62, 0, 1000);
        _folder.Put("f.bin", content);
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

        // 2^62 needs the high half of LOCKING_ANDX_RANGE64. Samba answers a conflict at 0xEF000000 or beyond with
        // FILE_LOCK_CONFLICT after a short wait (its lock spin time), like Windows.
        const ulong far = 1UL << 62;
        await TryExclusive(a, far, 3);
        AssertRefused(() => TryExclusive(b, far + 2, 1), NtStatus.STATUS_FILE_LOCK_CONFLICT, "A holds the bytes at 2^62");
        await TryExclusive(b, far + 3, 1);
        await TryExclusive(b, far - 1, 1);
        await a.UnlockAsync(far, 3, None);
        await TryExclusive(b, far, 3);
        await b.UnlockAsync(far, 3, None);

        Assert.That(new FileInfo(_folder.Disk("f.bin")).Length, Is.EqualTo(1000), "a lock does not extend the file");
        FileComparer.AssertRangeEquals(_folder.Disk("f.bin"), 0, content);
    }
}
