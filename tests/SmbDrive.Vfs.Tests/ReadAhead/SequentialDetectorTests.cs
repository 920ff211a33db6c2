using SmbDrive.Vfs.ReadAhead;

namespace SmbDrive.Vfs.Tests.ReadAhead;

public class SequentialDetectorTests
{
    private const long KiB = 1024, MiB = 1024 * 1024;

    [Test]
    public void OnRead_SequentialReads_DoubleWindowUpToMax()
    {
        var detector = new SequentialDetector(128 * KiB, 16 * MiB);
        var windows = new List<long>();
        for (long offset = 0; offset < 20 * 128 * KiB; offset += 128 * KiB) windows.Add(detector.OnRead(offset, 128 * KiB));

        Assert.That(windows.Take(8), Is.EqualTo(new[] { 128 * KiB, 256 * KiB, 512 * KiB, 1 * MiB, 2 * MiB, 4 * MiB, 8 * MiB, 16 * MiB }));
        Assert.That(windows.Skip(8), Is.All.EqualTo(16 * MiB));
    }

    [Test]
    public void OnRead_Seek_TurnsReadAheadOffUntilSequentialAgain()
    {
        var detector = new SequentialDetector(128 * KiB, 16 * MiB);
        for (long offset = 0; offset < 1 * MiB; offset += 128 * KiB) detector.OnRead(offset, 128 * KiB);
        Assert.That(detector.Window, Is.GreaterThan(0));

        Assert.That(detector.OnRead(900 * MiB, 4096), Is.Zero);
        Assert.That(detector.OnRead(300 * MiB, 4096), Is.Zero);
        Assert.That(detector.Window, Is.Zero);

        // Continuing from the last read is sequential again, starting over at the initial window.
        Assert.That(detector.OnRead(300 * MiB + 4096, 4096), Is.EqualTo(128 * KiB));
    }

    [Test]
    public void OnRead_SlightlyReorderedReads_StaySequential()
    {
        var detector = new SequentialDetector(128 * KiB, 16 * MiB);
        // FUSE sends several 128 KiB reads of one stream at once; they arrive out of order.
        long[] offsets = [128 * KiB, 0, 384 * KiB, 256 * KiB, 512 * KiB];
        foreach (long offset in offsets) Assert.That(detector.OnRead(offset, 128 * KiB), Is.GreaterThan(0), $"at {offset}");
    }

    [Test]
    public void OnRead_FirstReadFarIntoFile_IsRandom()
    {
        var detector = new SequentialDetector(128 * KiB, 16 * MiB);
        Assert.That(detector.OnRead(512 * MiB, 4096), Is.Zero);
    }

    [Test]
    public void OnRead_MaxZero_NeverReadsAhead()
    {
        var detector = new SequentialDetector(128 * KiB, 0);
        Assert.That(detector.OnRead(0, 4096), Is.Zero);
        Assert.That(detector.OnRead(4096, 4096), Is.Zero);
    }
}
