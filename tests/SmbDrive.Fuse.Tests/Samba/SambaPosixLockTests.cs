using System.Text;
using SmbDrive.Fuse.Tests.EndToEnd;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>fcntl (POSIX) record locks through two mounts of one share (two SMB sessions, as two PCs). Two mounts are
/// two kernel inodes, so a conflict between them can only come from the server: each test shows a lock reached it.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaPosixLockTests : TwoMounts
{
    private const string Content = "0123456789abcdefghijklmnopqrstuvwxyz";

    private string _name = null!;

    [SetUp]
    public void CreateFile()
    {
        _name = $"plock-{Guid.NewGuid():N}"[..18] + ".dat";
        File.WriteAllText(OnA, Content); // through the mount, so that the share's user owns it
    }

    private string OnA => A.PathOf(_name);
    private string OnB => B.PathOf(_name);
    private string OnDisk => Path.Combine(SambaFuseFixture.WritableDir, _name);

    private static LockClient Open(string path, string descriptor = "f")
    {
        var client = new LockClient();
        Assert.That(client.Run($"open {descriptor} {path}"), Is.EqualTo("ok"));
        return client;
    }

    [Test, CancelAfter(120_000)]
    public void WriteLockOnA_RefusesOverlapsOnB_GrantsDisjointRange()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        Assert.That(a.Run("lock f wr 10 10"), Is.EqualTo("ok"));
        Assert.That(b.Run("lock f wr 15 10"), Is.EqualTo("EAGAIN"));
        Assert.That(b.Run("lock f rd 0 11"), Is.EqualTo("EAGAIN"));
        Assert.That(b.Run("lock f wr 20 5"), Is.EqualTo("ok"), "adjacent, not overlapping");
        Assert.That(b.Run("lock f rd 0 10"), Is.EqualTo("ok"));
    }

    [Test, CancelAfter(120_000)]
    public void ReadLocks_AreShared_AndStopAWriteLock()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        Assert.That(a.Run("lock f rd 0 0"), Is.EqualTo("ok"), "to end of file");
        Assert.That(b.Run("lock f rd 5 5"), Is.EqualTo("ok"));
        Assert.That(b.Run("lock f wr 1000 5"), Is.EqualTo("EAGAIN"), "A's lock reaches beyond the end of the file");
        // Upgrading B's read lock is refused while A reads too, and B keeps its read lock.
        Assert.That(b.Run("lock f wr 5 5"), Is.EqualTo("EAGAIN"));
        Assert.That(a.Run("lock f un 0 0"), Is.EqualTo("ok"));
        using var c = Open(OnA);
        Assert.That(c.Run("lock f wr 5 5"), Is.EqualTo("EAGAIN"), "B still holds its read lock");
        Assert.That(b.Run("lock f wr 5 5"), Is.EqualTo("ok"), "now B is the only reader");
    }

    [Test, CancelAfter(120_000)]
    public void UnlockingTheMiddle_OfALockOnA_FreesOnlyTheMiddle()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        Assert.That(a.Run("lock f wr 0 30"), Is.EqualTo("ok"));
        Assert.That(a.Run("lock f un 10 10"), Is.EqualTo("ok"));
        Assert.That(b.Run("lock f wr 10 10"), Is.EqualTo("ok"));
        Assert.That(b.Run("lock f wr 9 1"), Is.EqualTo("EAGAIN"));
        Assert.That(b.Run("lock f wr 20 1"), Is.EqualTo("EAGAIN"));
    }

    [Test, CancelAfter(120_000)]
    public void ClosingAnyDescriptorOfTheHolder_ReleasesItsLocks()
    {
        using var a = Open(OnA);
        Assert.That(a.Run($"open g {OnA}"), Is.EqualTo("ok"), "a second descriptor of the same file");
        using var b = Open(OnB);
        Assert.That(a.Run("lock f wr 0 10"), Is.EqualTo("ok"));
        Assert.That(b.Run("lock f wr 0 10"), Is.EqualTo("EAGAIN"));
        // POSIX: closing *any* descriptor of the file releases all of the process's locks on it.
        Assert.That(a.Run("close g"), Is.EqualTo("ok"));
        Assert.That(b.Run("lock f wr 0 10"), Is.EqualTo("ok"));
    }

    [Test, CancelAfter(120_000)]
    public void GetLk_ReportsTheOtherClientsLock()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        Assert.That(a.Run("lock f rd 100 10"), Is.EqualTo("ok"));
        Assert.That(a.Run("lock f wr 200 10"), Is.EqualTo("ok"));
        Assert.That(b.Run("getlk f rd 100 10"), Is.EqualTo("unlocked"), "reading with a reader");
        Assert.That(b.Run("getlk f wr 100 10"), Does.StartWith("rdlck 100 10"));
        Assert.That(b.Run("getlk f rd 205 1"), Does.StartWith("wrlck 205 1"));
        Assert.That(b.Run("getlk f wr 300 10"), Is.EqualTo("unlocked"));
        // The probes took nothing: A can still change its locks, and B can lock the free range for real.
        Assert.That(b.Run("lock f wr 300 10"), Is.EqualTo("ok"));
        // Through the same mount, another process's lock is reported with its owner's pid.
        using var c = Open(OnA);
        Assert.That(c.Run("getlk f wr 200 1"), Is.EqualTo($"wrlck 200 10 {a.Pid}"));
    }

    [Test, CancelAfter(120_000)]
    public void WaitingLockOnB_ProceedsWhenAUnlocks()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        Assert.That(a.Run("lock f wr 0 10"), Is.EqualTo("ok"));
        var waiting = b.Start("lockw f wr 5 10");
        b.WaitUntilBlockedInFcntl();
        Assert.That(a.Run("getlk f rd 0 1"), Is.EqualTo("unlocked"), "A's own lock does not stand in its way");
        Assert.That(waiting.IsAnswered, Is.False, "B waits while A holds the range");
        Assert.That(a.Run("lock f un 0 10"), Is.EqualTo("ok"));
        Assert.That(waiting.Answer(), Is.EqualTo("ok"));
        Assert.That(a.Run("lock f rd 12 1"), Is.EqualTo("EAGAIN"), "B holds it now");
    }

    [Test, CancelAfter(120_000)]
    public void WaitingLock_InterruptedBySignal_EIntr_LeavesNothingLocked()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        Assert.That(a.Run("lock f wr 0 10"), Is.EqualTo("ok"));
        var waiting = b.Start("lockw f wr 0 10");
        b.WaitUntilBlockedInFcntl();
        Assert.That(waiting.IsAnswered, Is.False);
        b.Interrupt();
        Assert.That(waiting.Answer(), Is.EqualTo("EINTR"));
        Assert.That(a.Run("lock f un 0 10"), Is.EqualTo("ok"));
        // Nothing of B's cancelled wait is left on the server.
        using var c = Open(OnA);
        Assert.That(c.Run("lock f wr 0 10"), Is.EqualTo("ok"));
    }

    [Test, CancelAfter(120_000)]
    public void LocksFarBeyondTheEndOfFile_AsSqliteTakesThem()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        const long pendingByte = 0x40000000; // SQLite's lock bytes start at 1 GiB
        Assert.That(a.Run($"lock f wr {pendingByte} 1"), Is.EqualTo("ok"));
        Assert.That(a.Run($"lock f rd {pendingByte + 2} 510"), Is.EqualTo("ok"));
        Assert.That(b.Run($"lock f rd {pendingByte} 1"), Is.EqualTo("EAGAIN"));
        Assert.That(b.Run($"lock f rd {pendingByte + 2} 510"), Is.EqualTo("ok"));
        Assert.That(b.Run($"lock f wr {pendingByte + 2} 510"), Is.EqualTo("EAGAIN"));
        // flock and fcntl locks stay independent, as on Linux: a whole-file fcntl lock does not meet an flock.
        Assert.That(b.Run("lock f un 0 0"), Is.EqualTo("ok"));
        Assert.That(a.Run("lock f wr 0 0"), Is.EqualTo("ok"));
        Assert.That(Shell.Run("flock", "-n", "-x", OnB, "-c", "true").ExitCode, Is.Zero);
    }

    [Test, CancelAfter(120_000)]
    public void TakingALock_ShowsWhatTheLastWriterWrote_ThoughTheFileWasCached()
    {
        using var b = Open(OnB);
        Assert.That(b.Run("pread f 0 10"), Is.EqualTo("0123456789"), "B has the file's first page cached now");
        // Another PC rewrites the bytes in place (same size, so no size change gives it away) and lets go.
        using (var a = Open(OnA))
        {
            Assert.That(a.Run("lock f wr 0 10"), Is.EqualTo("ok"));
            Assert.That(a.Run("pwrite f 0 ABCDEFGHIJ"), Is.EqualTo("ok"));
        }
        Assert.That(File.ReadAllText(OnDisk, Encoding.Latin1), Is.EqualTo("ABCDEFGHIJ" + Content[10..]));
        // B takes the lock: what it then reads is the server's, not its cached page.
        Assert.That(b.Run("lock f rd 0 10"), Is.EqualTo("ok"));
        Assert.That(b.Run("pread f 0 10"), Is.EqualTo("ABCDEFGHIJ"));
    }

    [Test, CancelAfter(120_000)]
    public void ExclusiveLock_IsMandatoryForOtherClients_AsSmbLocksAre()
    {
        using var a = Open(OnA);
        using var b = Open(OnB);
        Assert.That(a.Run("lock f wr 0 10"), Is.EqualTo("ok"));
        // Unlike a local POSIX lock, the server's lock refuses other opens' writes of the range.
        Assert.That(b.Run("pwrite f 0 XX"), Is.EqualTo("EAGAIN"));
        Assert.That(b.Run("pwrite f 20 XX"), Is.EqualTo("ok"));
        Assert.That(File.ReadAllText(OnDisk, Encoding.Latin1), Is.EqualTo(Content[..20] + "XX" + Content[22..]));
    }
}
