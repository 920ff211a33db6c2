using System.Diagnostics;
using SmbDrive.Fuse.Tests.EndToEnd;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>flock(2) through two mounts of one share (two SMB sessions, as two PCs): a lock taken through one
/// mount is seen through the other, so it went to the server (two mounts are two kernel inodes: the kernel alone
/// would never let them conflict). The locks stay advisory: reads and writes of the file are not blocked.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaFlockTests : TwoMounts
{
    private const string Holder =
        "import fcntl,sys\n" +
        "f=open(sys.argv[1],'r+b'); fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True)\n" +
        "sys.stdin.readline(); fcntl.flock(f, fcntl.LOCK_UN); print('unlocked', flush=True)\n" +
        "sys.stdin.readline()\n";

    private string _name = null!;

    [SetUp]
    public void CreateFile()
    {
        _name = $"lock-{Guid.NewGuid():N}"[..17] + ".db";
        File.WriteAllText(A.PathOf(_name), "some records\n");
    }

    private string OnA => A.PathOf(_name);
    private string OnB => B.PathOf(_name);

    private static Process Python(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private static void Expect(Process process, string line)
    {
        var read = process.StandardOutput.ReadLineAsync();
        Assert.That(read.Wait(TimeSpan.FromSeconds(60)), Is.True, $"waiting for '{line}'; stderr: {(process.HasExited ? process.StandardError.ReadToEnd() : "")}");
        Assert.That(read.Result, Is.EqualTo(line));
    }

    private static Shell.Result TryLock(string path, string mode) => Shell.Run("flock", "-n", mode, path, "-c", "true");

    [Test, CancelAfter(120_000)]
    public void ExclusiveOnA_RefusesBothKindsOnB_UntilReleased_DataStaysReadable()
    {
        using var holder = Python(Holder, OnA);
        try
        {
            Expect(holder, "locked");
            Assert.That(TryLock(OnB, "-x").ExitCode, Is.EqualTo(1), "flock -n -x through the other mount: would block");
            Assert.That(TryLock(OnB, "-s").ExitCode, Is.EqualTo(1), "flock -n -s through the other mount: would block");
            // Advisory: the file's bytes are not locked. (cat and sh, not .NET's File: .NET emulates FileShare with
            // flock on Unix, so its own opens would now meet A's lock, as they should.)
            Assert.That(Shell.Run("cat", OnB).Text, Is.EqualTo("some records\n"));
            Assert.That(Shell.Run("sh", "-c", $"echo 'appended by B' >> '{OnB}'").ExitCode, Is.Zero);
            Assert.That(File.ReadAllText(Path.Combine(SambaFuseFixture.WritableDir, _name)), Is.EqualTo("some records\nappended by B\n"));

            holder.StandardInput.WriteLine();
            Expect(holder, "unlocked");
            Assert.That(TryLock(OnB, "-x").ExitCode, Is.Zero, "granted once A let go");
        }
        finally
        {
            holder.StandardInput.WriteLine();
            holder.WaitForExit(30_000);
        }
    }

    [Test, CancelAfter(120_000)]
    public void SharedOnBothMounts_Granted_ExclusiveRefused()
    {
        using var holder = Python(Holder.Replace("LOCK_EX", "LOCK_SH"), OnA);
        try
        {
            Expect(holder, "locked");
            Assert.That(TryLock(OnB, "-s").ExitCode, Is.Zero, "shared + shared");
            Assert.That(TryLock(OnB, "-x").ExitCode, Is.EqualTo(1), "exclusive against a shared lock");
        }
        finally
        {
            holder.StandardInput.WriteLine();
            holder.StandardInput.WriteLine();
            holder.WaitForExit(30_000);
        }
    }

    [Test, CancelAfter(120_000)]
    public void BlockingLockOnB_WaitsForA_ThenIsGranted()
    {
        using var holder = Python(Holder, OnA);
        try
        {
            Expect(holder, "locked");
            using var waiter = Python("import fcntl,sys\nf=open(sys.argv[1],'r+b'); fcntl.flock(f, fcntl.LOCK_EX); print('granted', flush=True)\n", OnB);
            // While A holds the lock, B's flock must not return (a late grant would also fail the next line).
            Assert.That(waiter.WaitForExit(1000), Is.False, "B waits while A holds the lock");
            holder.StandardInput.WriteLine();
            Expect(holder, "unlocked");
            Expect(waiter, "granted");
            Assert.That(waiter.WaitForExit(30_000), Is.True);
            Assert.That(waiter.ExitCode, Is.Zero);
        }
        finally
        {
            holder.StandardInput.WriteLine();
            holder.WaitForExit(30_000);
        }
    }

    [Test, CancelAfter(120_000)]
    public void BlockingLockOnB_InterruptedBySignal_EINTR_AndLeavesNothingLocked()
    {
        using var holder = Python(Holder, OnA);
        try
        {
            Expect(holder, "locked");
            // SIGALRM after 1 s interrupts the waiting flock: Python's handler raises, so flock's EINTR surfaces.
            using var waiter = Python(
                "import fcntl,signal,sys\n" +
                "def alarm(*_): raise TimeoutError()\n" +
                "signal.signal(signal.SIGALRM, alarm); signal.alarm(1)\n" +
                "f=open(sys.argv[1],'r+b')\n" +
                "try:\n  fcntl.flock(f, fcntl.LOCK_EX); print('granted', flush=True)\n" +
                "except TimeoutError:\n  print('interrupted', flush=True)\n", OnB);
            Expect(waiter, "interrupted");
            Assert.That(waiter.WaitForExit(30_000), Is.True);

            holder.StandardInput.WriteLine();
            Expect(holder, "unlocked");
            // The cancelled wait left no lock behind on the server: a third open gets the lock at once.
            Assert.That(TryLock(OnA, "-x").ExitCode, Is.Zero);
        }
        finally
        {
            holder.StandardInput.WriteLine();
            holder.WaitForExit(30_000);
        }
    }
}
