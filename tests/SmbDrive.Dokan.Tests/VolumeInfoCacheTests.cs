using System.Diagnostics;
using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests;

/// <summary>Volume queries ("This PC", file dialogs) never wait long for a server that does not answer: they get the
/// last-known values.</summary>
[TestFixture]
public sealed class VolumeInfoCacheTests
{
    private static VfsVolumeInfo Volume(long total) => new() { Label = "share", TotalBytes = total, FreeBytes = total / 2, AvailableBytes = total / 4 };

    [Test]
    public void Get_ServerAnswers_FreshValues()
    {
        long total = 1000;
        var cache = new VolumeInfoCache(_ => ValueTask.FromResult(VfsResult<VfsVolumeInfo>.Success(Volume(Interlocked.Add(ref total, 1000)))),
            TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(cache.Get(TimeSpan.FromSeconds(5)).Value!.TotalBytes, Is.EqualTo(2000));
            Assert.That(cache.Get(TimeSpan.FromSeconds(5)).Value!.TotalBytes, Is.EqualTo(3000));
        });
    }

    [Test]
    public void Get_ServerStopsAnswering_LastKnownValuesAtOnce_AndOneQueryAtATime()
    {
        var hang = new TaskCompletionSource();
        int queries = 0;
        bool first = true;
        var cache = new VolumeInfoCache(async ct =>
        {
            Interlocked.Increment(ref queries);
            if (!first)
            {
                await hang.Task.WaitAsync(ct);
            }
            first = false;
            return VfsResult<VfsVolumeInfo>.Success(Volume(4096));
        }, TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.That(cache.Get(TimeSpan.FromSeconds(5)).IsSuccess, Is.True);

        var clock = Stopwatch.StartNew();
        var answers = Enumerable.Range(0, 5).Select(_ => cache.Get(TimeSpan.FromMilliseconds(100))).ToList();
        clock.Stop();
        hang.SetResult();
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Value?.TotalBytes), Is.All.EqualTo(4096L));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "five queries of at most 100 ms each");
            Assert.That(queries, Is.EqualTo(2), "the hung query is shared, not repeated");
        });
    }

    [Test]
    public void Get_NothingKnownAndServerSilent_TimeoutQuickly()
    {
        var cache = new VolumeInfoCache(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return VfsResult<VfsVolumeInfo>.Success(Volume(1));
        }, TimeSpan.FromSeconds(30), CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var answer = cache.Get(TimeSpan.FromMilliseconds(200));
        Assert.Multiple(() =>
        {
            Assert.That(answer.Status, Is.EqualTo(VfsStatus.STATUS_IO_TIMEOUT));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        });
    }

    [Test]
    public void Get_ServerFails_LastKnownValues()
    {
        bool fail = false;
        var cache = new VolumeInfoCache(_ => ValueTask.FromResult(fail
            ? VfsResult<VfsVolumeInfo>.Failure(VfsStatus.STATUS_CONNECTION_DISCONNECTED)
            : VfsResult<VfsVolumeInfo>.Success(Volume(8192))), TimeSpan.FromSeconds(10), CancellationToken.None);
        cache.Get(TimeSpan.FromSeconds(5));
        fail = true;
        Assert.That(cache.Get(TimeSpan.FromSeconds(5)).Value?.TotalBytes, Is.EqualTo(8192));
    }

    [Test]
    public void DriveCallbacks_WhileTheDriveHangs_AnswerFromLastKnownValues()
    {
        using var mount = new FakeMount(new DokanDriveOptions { VolumeQueryWait = TimeSpan.FromMilliseconds(200) });
        var before = mount.Driver.GetDiskFreeSpace();
        var volumeBefore = mount.Driver.GetVolumeInformation();
        mount.Drive.Delay = TimeSpan.FromMinutes(5);

        var clock = Stopwatch.StartNew();
        var during = mount.Driver.GetDiskFreeSpace();
        var volumeDuring = mount.Driver.GetVolumeInformation();
        clock.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(during.Status, Is.Zero);
            Assert.That(during.TotalBytes, Is.EqualTo(before.TotalBytes));
            Assert.That(volumeDuring.Status, Is.Zero);
            Assert.That(volumeDuring.Features, Is.EqualTo(volumeBefore.Features));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        });
        mount.Drive.Delay = TimeSpan.Zero;
    }
}
