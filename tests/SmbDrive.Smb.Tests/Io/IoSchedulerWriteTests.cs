using SmbDrive.Smb;
using SmbDrive.Smb.Io;

namespace SmbDrive.Smb.Tests.Io;

/// <summary>The write side of the one I/O engine: the same chunking, budget and failure rules as reads.</summary>
public class IoSchedulerWriteTests
{
    private const int Chunk = 64 * 1024;

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    [TestCase(1)]
    [TestCase(Chunk - 1)]
    [TestCase(Chunk)]
    [TestCase(Chunk + 1)]
    [TestCase(9 * Chunk + 123)]
    public async Task WriteAsync_AnySize_EveryByteLandsAtItsOffset(int length)
    {
        byte[] data = Pattern(length);
        var lane = new FakeWriteLane(Chunk, 4 * Chunk);

        await IoScheduler.WriteAsync(lane, 1000, data, 0, CancellationToken.None);

        Assert.That(lane.Data.Length, Is.EqualTo(1000 + length));
        Assert.That(lane.Data.AsSpan(1000).ToArray(), Is.EqualTo(data));
        Assert.That(lane.Writes.Select(w => w.Length), Has.All.LessThanOrEqualTo(Chunk));
    }

    [Test]
    public async Task WriteAsync_ServerAcceptsPart_TheRestIsSent()
    {
        byte[] data = Pattern(3 * Chunk + 5);
        var lane = new FakeWriteLane(Chunk, 4 * Chunk) { MaxAcceptedBytes = 1000 };

        await IoScheduler.WriteAsync(lane, 0, data, 0, CancellationToken.None);

        Assert.That(lane.Data, Is.EqualTo(data));
        Assert.That(lane.Writes, Has.Count.GreaterThan(3 * Chunk / 1000), "each partial acceptance was continued");
    }

    [Test]
    public async Task WriteAsync_LargeWrite_KeepsTheBudgetsWritesInFlight()
    {
        var lane = new FakeWriteLane(Chunk, 4 * Chunk) { BeforeAnswer = (_, ct) => Task.Delay(5, ct) };

        await IoScheduler.WriteAsync(lane, 0, Pattern(32 * Chunk), 0, CancellationToken.None);

        Assert.That(lane.MaxInFlight, Is.EqualTo(4), "four WRITEs of the 4-chunk budget in flight, never more");
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
    }

    [Test]
    public async Task WriteAsync_EachWrite_HintsWhatFollowsIt()
    {
        var lane = new FakeWriteLane(Chunk, 16 * Chunk);

        await IoScheduler.WriteAsync(lane, 0, Pattern(3 * Chunk), 1000, CancellationToken.None);

        Assert.That(lane.Writes.OrderBy(w => w.Offset).Select(w => w.RemainingHint), Is.EqualTo(new long[] { 2 * Chunk + 1000, Chunk + 1000, 1000 }));
    }

    [Test]
    public void WriteAsync_OneChunkFails_ThrowsThatFailureItselfAfterEveryWriteEnded()
    {
        var lane = new FakeWriteLane(Chunk, 4 * Chunk);
        var failure = new SmbStatusException(NtStatus.STATUS_DISK_FULL, @"\\h\s\f.bin");
        // The other WRITEs end only by being stopped.
        lane.BeforeAnswer = (offset, ct) => offset == 2 * Chunk ? Task.FromException(failure) : Task.Delay(Timeout.Infinite, ct);

        var thrown = Assert.ThrowsAsync<SmbStatusException>(async () => await IoScheduler.WriteAsync(lane, 0, Pattern(16 * Chunk), 0, CancellationToken.None));

        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(lane.InFlight, Is.Zero, "no WRITE may still read the caller's buffer");
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
        // Four went out; the failing WRITE's bytes, returned to the budget, may let one more start before the
        // stop reaches it. The other eleven never go out.
        Assert.That(lane.Writes, Has.Count.InRange(4, 5), "the WRITEs after the failure were stopped");
    }

    [Test]
    public void WriteAsync_Cancelled_EndsInCancellationNotAnError()
    {
        var lane = new FakeWriteLane(Chunk, 4 * Chunk);
        using var cancel = new CancellationTokenSource();
        lane.BeforeAnswer = async (offset, ct) =>
        {
            if (offset == 3 * Chunk) await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        };

        Assert.That(async () => await IoScheduler.WriteAsync(lane, 0, Pattern(64 * Chunk), 0, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(lane.InFlight, Is.Zero);
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
    }

    [Test]
    public void WriteAsync_LaneReportsNothingWritten_IsAnErrorNotALoop()
    {
        var lane = new FakeWriteLane(Chunk, 4 * Chunk) { MaxAcceptedBytes = 0 };

        Assert.That(async () => await IoScheduler.WriteAsync(lane, 0, Pattern(100), 0, CancellationToken.None),
            Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("0 bytes written of 100"));
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
    }

    [Test]
    public async Task ReadsAndWritesOnOneConnection_ShareItsBudget()
    {
        var lane = new FakeWriteLane(Chunk, 4 * Chunk);
        // Three chunks of reads hold the connection: only one more chunk fits until they finish.
        await lane.Budget.EnterAsync(3 * Chunk, CancellationToken.None);
        var gate = new TaskCompletionSource();
        lane.BeforeAnswer = (_, _) => gate.Task;

        var write = IoScheduler.WriteAsync(lane, 0, Pattern(4 * Chunk), 0, CancellationToken.None).AsTask();
        await WaitForAsync(() => lane.InFlight == 1);
        Assert.That(lane.Writes, Has.Count.EqualTo(1), "one WRITE fits beside the reads; the rest wait");

        lane.Budget.Exit(3 * Chunk);
        await WaitForAsync(() => lane.InFlight == 4);
        gate.SetResult();
        await write;
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(1, timeout.Token);
    }
}
