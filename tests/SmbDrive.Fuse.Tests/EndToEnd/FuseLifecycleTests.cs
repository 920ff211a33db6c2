using System.Diagnostics;
using SmbDrive.Fuse.Tests.Fakes;

namespace SmbDrive.Fuse.Tests.EndToEnd;

/// <summary>Mounting, unmounting and stopping, including with files still open: every path must end with
/// FuseHost.Run returning and no mount left in /proc/mounts.</summary>
[TestFixture]
[Category("Fuse")]
[NonParallelizable]
public sealed class FuseLifecycleTests
{
    private const int FileLength = 16 << 20;
    private string _backing = "";

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        TestEnvironment.RequireFuse();
        _backing = Directory.CreateTempSubdirectory("fuse-life-").FullName;
        // Sparse 16 MiB: large enough that a read far from the start cannot come from the page cache.
        using var file = File.Create(Path.Combine(_backing, "file.bin"));
        file.SetLength(FileLength);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        if (_backing.Length > 0)
            Directory.Delete(_backing, recursive: true);
    }

    [Test]
    public void Unmount_WhileAFileIsOpen_ReportsBusyAndSucceedsOnceItIsClosed()
    {
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));
        var stream = File.OpenRead(mount.PathOf("file.bin"));
        FuseException? busy;
        bool stillMounted;
        int readWhileBusy;
        try
        {
            busy = Assert.Throws<FuseException>(() => FuseHost.Unmount(mount.MountPoint));
            stillMounted = MountedDrive.IsInProcMounts(mount.MountPoint);
            readWhileBusy = stream.Read(new byte[4096]);
        }
        finally
        {
            stream.Dispose();
        }

        FuseHost.Unmount(mount.MountPoint);
        var result = mount.WaitForExit();

        Assert.Multiple(() =>
        {
            Assert.That(busy!.Message, Does.Contain("busy").And.Contain(mount.MountPoint));
            Assert.That(stillMounted, Is.True);
            Assert.That(readWhileBusy, Is.EqualTo(4096));
            Assert.That(result, Is.EqualTo(new FuseMountResult(true, FuseStopReason.Unmounted, null)));
            Assert.That(MountedDrive.IsInProcMounts(mount.MountPoint), Is.False);
            Assert.That(mount.Drive.OpenHandleCount, Is.Zero);
        });
    }

    [Test]
    public void Cancel_WhileAFileIsOpen_StopsPromptlyAndTheOpenFileFailsCleanly()
    {
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));
        using var stream = new FileStream(mount.PathOf("file.bin"), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        stream.ReadExactly(new byte[10]);
        var timer = Stopwatch.StartNew();

        var result = mount.Stop();

        timer.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new FuseMountResult(true, FuseStopReason.Cancelled, null)));
            Assert.That(timer.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
            Assert.That(MountedDrive.IsInProcMounts(mount.MountPoint), Is.False);
            Assert.That(() => RandomAccess.Read(stream.SafeFileHandle, new byte[4096], FileLength - 4096), Throws.InstanceOf<IOException>(),
                "an uncached read fails at once: the connection is gone");
            Assert.That(mount.Drive.OpenHandleCount, Is.Zero, "handles the kernel never released are closed at teardown");
        });
    }

    [Test]
    public void UnmountLazy_WhileAFileIsOpen_DetachesNowAndRunReturnsAfterTheClose()
    {
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));
        var stream = new FileStream(mount.PathOf("file.bin"), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        bool finishedWhileOpen;
        int readAfterDetach;
        try
        {
            FuseHost.Unmount(mount.MountPoint, lazy: true);
            readAfterDetach = stream.Read(new byte[100]);
            finishedWhileOpen = mount.HasFinished;
        }
        finally
        {
            stream.Dispose();
        }

        var result = mount.WaitForExit();

        Assert.Multiple(() =>
        {
            Assert.That(readAfterDetach, Is.EqualTo(100), "an open file keeps working after a lazy unmount");
            Assert.That(finishedWhileOpen, Is.False);
            Assert.That(result.StopReason, Is.EqualTo(FuseStopReason.Unmounted));
            Assert.That(MountedDrive.IsInProcMounts(mount.MountPoint), Is.False);
        });
    }

    [Test]
    public void Sigint_WithSignalHandling_StopsLikeCtrlC()
    {
        // A process started in the background by a shell without job control inherits SIGINT as ignored, and then no
        // SIGINT can reach it (.NET keeps an inherited SIG_IGN): the test needs a deliverable SIGINT.
        if (SignalIsIgnored(2))
            Assert.Ignore("SIGINT is ignored in this test process (inherited from a background launcher), so it cannot be delivered.");
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing), new FuseMountOptions { HandleSignals = true });

        var kill = Shell.Run("kill", "-INT", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var result = mount.WaitForExit();

        Assert.Multiple(() =>
        {
            Assert.That(kill.ExitCode, Is.Zero, kill.ToString());
            Assert.That(result, Is.EqualTo(new FuseMountResult(true, FuseStopReason.Signal, null)));
            Assert.That(MountedDrive.IsInProcMounts(mount.MountPoint), Is.False);
        });
    }

    [Test]
    public void Run_OnAMountPointInUse_RefusesBeforeMounting()
    {
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));
        var log = new CapturingLogger();

        var second = FuseHost.Run(new DirectoryBackedDrive(_backing), mount.MountPoint, new FuseMountOptions { HandleSignals = false }, log.Logger);

        Assert.Multiple(() =>
        {
            Assert.That(second.Succeeded, Is.False);
            Assert.That(second.StopReason, Is.EqualTo(FuseStopReason.NotMounted));
            Assert.That(second.ErrorMessage, Does.Contain("already a mount point").And.Contain("fuse.smbdrive"));
            Assert.That(second.ExitCode, Is.EqualTo(1));
        });
    }

    [Test]
    public void Run_OnANonEmptyDirectory_RefusesBeforeMounting()
    {
        var log = new CapturingLogger();

        var result = FuseHost.Run(new DirectoryBackedDrive(_backing), _backing, new FuseMountOptions { HandleSignals = false }, log.Logger);

        Assert.Multiple(() =>
        {
            Assert.That(result.StopReason, Is.EqualTo(FuseStopReason.NotMounted));
            Assert.That(result.ErrorMessage, Does.Contain("not empty"));
            Assert.That(MountedDrive.IsInProcMounts(_backing), Is.False);
        });
    }

    [Test]
    public void Unmount_PathThatIsNotMounted_SaysSo()
    {
        var error = Assert.Throws<FuseException>(() => FuseHost.Unmount(_backing));

        Assert.That(error!.Message, Does.Contain("is not mounted"));
    }

    [Test]
    public void Unmount_NonFuseMount_IsRefused()
    {
        var error = Assert.Throws<FuseException>(() => FuseHost.Unmount("/proc"));

        Assert.That(error!.Message, Does.Contain("not a FUSE mount"));
    }

    [Test]
    public void MountAndStop_RepeatedTenTimes_LeavesNothingBehind()
    {
        for (int i = 0; i < 10; i++)
        {
            using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));
            Assert.That(Shell.Run("cat", mount.PathOf("file.bin")).Output, Has.Length.EqualTo(FileLength));
            Assert.That(i % 2 == 0 ? mount.Stop().StopReason : UnmountAndWait(mount), Is.EqualTo(i % 2 == 0 ? FuseStopReason.Cancelled : FuseStopReason.Unmounted));
            Assert.That(MountedDrive.IsInProcMounts(mount.MountPoint), Is.False, $"cycle {i}");
        }
    }

    private static FuseStopReason UnmountAndWait(MountedDrive mount)
    {
        FuseHost.Unmount(mount.MountPoint);
        return mount.WaitForExit().StopReason;
    }

    /// <summary>Whether the process ignores <paramref name="signal"/> (the SigIgn mask of /proc/self/status).</summary>
    private static bool SignalIsIgnored(int signal)
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        ulong mask = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & (1UL << (signal - 1))) != 0;
    }
}
