using System.Diagnostics;
using SmbDrive.Fuse.Tests.EndToEnd;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>Unmounting and stopping a mount of the real share while a program holds a file open: a clear
/// "busy" error or a clean failure of the open file, and never a mount left behind in /proc/mounts. Each test
/// mounts the shared server's share again, so the fixture's mount is not disturbed.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaUnmountTests
{
    private const string FileName = SambaTree.Pattern;

    [Test]
    public async Task Unmount_WhileAnotherProgramHasAFileOpen_IsRefusedAsBusyThenSucceedsOnceItIsClosed()
    {
        await using var mount = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.DataShare);
        // bash holds the file open on descriptor 3 until its standard input closes.
        var start = new ProcessStartInfo("/bin/bash", ["-c", "exec 3<\"$1\" && echo open && read -r _", "bash", mount.PathOf(FileName)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var holder = Process.Start(start)!;
        FuseException? busy;
        bool mountedWhileBusy;
        Shell.Result readWhileBusy;
        try
        {
            Assert.That(await holder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo("open"));
            busy = Assert.Throws<FuseException>(() => FuseHost.Unmount(mount.MountPoint));
            mountedWhileBusy = MountedDrive.IsInProcMounts(mount.MountPoint);
            readWhileBusy = Shell.Run("dd", $"if={mount.PathOf(FileName)}", "bs=4096", "skip=1000", "count=1", "status=none");
        }
        finally
        {
            holder.StandardInput.Close();
            await holder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        FuseHost.Unmount(mount.MountPoint);
        var result = mount.WaitForExit();

        Assert.Multiple(() =>
        {
            Assert.That(busy!.Message, Does.Contain("busy").And.Contain(mount.MountPoint));
            Assert.That(mountedWhileBusy, Is.True, "a refused unmount leaves the mount working");
            Assert.That(readWhileBusy.Output, Has.Length.EqualTo(4096), readWhileBusy.ToString());
            Assert.That(result, Is.EqualTo(new FuseMountResult(true, FuseStopReason.Unmounted, null)));
            Assert.That(MountedDrive.IsInProcMounts(mount.MountPoint), Is.False);
            Assert.That(mount.Drive.OpenHandleCount, Is.Zero, "every handle was released");
        });
    }

    [Test]
    public async Task Stop_WhileThisProcessHasAFileOpen_UnmountsAndTheOpenFileFailsCleanly()
    {
        await using var mount = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.DataShare);
        using var stream = new FileStream(mount.PathOf(FileName), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        stream.ReadExactly(new byte[4096]);
        var clock = Stopwatch.StartNew();

        var result = mount.Stop();

        clock.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new FuseMountResult(true, FuseStopReason.Cancelled, null)));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(MountedDrive.IsInProcMounts(mount.MountPoint), Is.False, "no stuck mount");
            Assert.That(() => RandomAccess.Read(stream.SafeFileHandle, new byte[4096], SambaTree.PatternSize - 4096), Throws.InstanceOf<IOException>(),
                "an uncached read fails at once instead of hanging");
            Assert.That(mount.Drive.OpenHandleCount, Is.Zero, "handles the kernel never released are closed at teardown");
        });
    }
}
