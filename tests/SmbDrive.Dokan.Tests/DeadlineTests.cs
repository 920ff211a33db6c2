using System.Diagnostics;
using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests;

/// <summary>Slow and hung drive calls: the driver's request timer is reset while we wait, and a call that never ends
/// is cancelled and reported instead of blocking the dispatcher thread forever.</summary>
[TestFixture]
public sealed class DeadlineTests
{
    [Test]
    public void SlowCall_LongerThanResetInterval_ResetsTheRequestTimeoutAndSucceeds()
    {
        var options = new DokanDriveOptions { RequestTimeout = TimeSpan.FromMilliseconds(300), OperationTimeout = TimeSpan.FromSeconds(10) };
        using var mount = new FakeMount(options);
        mount.Drive.Delay = TimeSpan.FromMilliseconds(700);

        var result = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile);

        var resets = mount.Driver.Services.Resets.ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(resets, Is.Not.Empty, "DokanResetTimeout while the drive was busy");
            Assert.That(resets.Select(r => r.Milliseconds), Is.All.EqualTo(300u));
            Assert.That(resets.Select(r => r.Request).Distinct().Count(), Is.EqualTo(1), "every reset names the one request");
        });
    }

    [Test]
    public void FastCall_DoesNotResetTheTimeout()
    {
        using var mount = new FakeMount(new DokanDriveOptions { RequestTimeout = TimeSpan.FromSeconds(15) });
        mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile);
        Assert.That(mount.Driver.Services.Resets, Is.Empty);
    }

    [Test]
    public void HungRead_PastOperationTimeout_IsCancelledAndReportedAsIoTimeout()
    {
        var options = new DokanDriveOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(200),
            OperationTimeout = TimeSpan.FromMilliseconds(800),
            CancellationGrace = TimeSpan.FromMilliseconds(500),
        };
        using var mount = new FakeMount(options);
        var open = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        mount.Drive.HangReads = true;

        var clock = Stopwatch.StartNew();
        var read = mount.Driver.Read(open, 0, 4096);
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)read.Status, Is.EqualTo(VfsStatus.STATUS_IO_TIMEOUT));
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(750)));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(mount.Driver.Services.Resets, Is.Not.Empty);
        });
    }

    [Test]
    public void HungRead_SlowToStop_IsAbandonedAfterTheGrace_TheDriveNeverHoldsTheDriversBuffer()
    {
        var options = new DokanDriveOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(200),
            OperationTimeout = TimeSpan.FromMilliseconds(300),
            CancellationGrace = TimeSpan.FromMilliseconds(100),
        };
        using var mount = new FakeMount(options);
        var open = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        mount.Drive.HangReads = true;
        mount.Drive.CancellationLag = TimeSpan.FromSeconds(3);

        var clock = Stopwatch.StartNew();
        var read = mount.Driver.Read(open, 0, 4096);
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)read.Status, Is.EqualTo(VfsStatus.STATUS_IO_TIMEOUT));
            // The drive reads into a buffer of our own, so the callback may return while the drive still holds that.
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(mount.Drive.LastReadBuffer, Is.Not.Null);
            Assert.That(mount.Drive.LastReadBufferIsNative, Is.False, "the drive was handed managed memory, not the driver's buffer");
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Unmount_WhileReadsWaitForASilentServer_EveryCallbackReturnsWithinTheStopGrace(bool driveIgnoresCancellation)
    {
        // Production time limits: without the stop, these reads would wait a minute and more.
        var options = new DokanDriveOptions { StopGrace = TimeSpan.FromMilliseconds(500) };
        using var mount = new FakeMount(options);
        var opens = Enumerable.Range(0, 4).Select(_ => mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!).ToList();
        mount.Drive.HangReads = true;
        mount.Drive.CancellationLag = driveIgnoresCancellation ? TimeSpan.FromMinutes(10) : TimeSpan.Zero;

        var reads = opens.Select(open => Task.Factory.StartNew(() => mount.Driver.Read(open, 0, 4096), TaskCreationOptions.LongRunning)).ToArray();
        Assert.That(Task.WaitAny(reads, TimeSpan.FromMilliseconds(300)), Is.EqualTo(-1), "the reads wait for the server");
        var clock = Stopwatch.StartNew();
        mount.Driver.Unmounted();
        bool allReturned = Task.WaitAll(reads, TimeSpan.FromSeconds(5));
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(allReturned, Is.True, "every callback returned within 5 s of Unmounted");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
            Assert.That(reads.Select(r => (VfsStatus)(uint)r.Result.Status), Is.All.EqualTo(VfsStatus.STATUS_IO_TIMEOUT));
        });
    }

    [Test]
    public void CancelOutstanding_LaterCallsEndAtOnce()
    {
        using var mount = new FakeMount(new DokanDriveOptions { StopGrace = TimeSpan.FromMilliseconds(200) });
        var open = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        mount.Drive.HangReads = true;
        mount.Dokan.CancelOutstanding();

        var clock = Stopwatch.StartNew();
        var read = mount.Driver.Read(open, 0, 4096);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)read.Status, Is.EqualTo(VfsStatus.STATUS_IO_TIMEOUT));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public void CloseFile_WhileUnmountingWithASilentServer_ReturnsWithinTheStopGrace()
    {
        using var mount = new FakeMount(new DokanDriveOptions { StopGrace = TimeSpan.FromMilliseconds(300) });
        var open = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        var silent = new TaskCompletionSource();
        mount.Drive.CloseGate = silent.Task;
        mount.Driver.Cleanup(open);

        mount.Dokan.CancelOutstanding();
        var clock = Stopwatch.StartNew();
        mount.Driver.Close(open); // the driver closes what is still open as it unmounts
        clock.Stop();
        silent.SetResult();

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "a close must not hold the unmount for OperationTimeout (60 s)");
    }
}
