using SmbDrive.Smb.Io;

namespace SmbDrive.Smb.Tests.Io;

/// <summary>The adaptive read window against a simulated link: a server that serves one READ at a time at a given
/// bandwidth, a given round trip away. Time is simulated (nanosecond ticks), so the results are exact.</summary>
public class ReadWindowTests
{
    private const long Second = 1_000_000_000;
    private const int MiB = 1024 * 1024;
    private const int Chunk = MiB;

    [Test]
    public void LongFatLink_WindowGrowsPastTheBandwidthDelayProduct_AndFillsTheLink()
    {
        // 100 MB/s with a 100 ms round trip: 10 MB must be in flight, far above the 4 MiB floor.
        var window = new ReadWindow(4 * MiB, 64 * MiB, Second);
        var link = new SimulatedLink(window, bytesPerSecond: 100_000_000, roundTrip: Second / 10);

        link.Read(200 * (long)MiB);
        double late = link.Read(200 * (long)MiB);

        Assert.That(window.TargetBytes, Is.GreaterThan(10_000_000).And.LessThanOrEqualTo(64 * MiB));
        Assert.That(late, Is.GreaterThan(0.9 * 100_000_000), "throughput once the window has grown");
        Assert.That(window.MinRoundTrip!.Value.TotalMilliseconds, Is.EqualTo(100 + 1000.0 * Chunk / 100_000_000).Within(0.01));
    }

    [Test]
    public void FixedFloorOnTheSameLink_WouldNotFillIt()
    {
        // The control for the test above: without growth the same link runs at well under half speed.
        var window = new ReadWindow(4 * MiB, 4 * MiB, Second);
        var link = new SimulatedLink(window, bytesPerSecond: 100_000_000, roundTrip: Second / 10);

        double throughput = link.Read(200 * (long)MiB);

        Assert.That(window.TargetBytes, Is.EqualTo(4 * MiB));
        Assert.That(throughput, Is.LessThan(0.5 * 100_000_000));
    }

    [Test]
    public void Lan_WindowStaysAtTheFloor()
    {
        // 1 GB/s with 0.1 ms: the product is 100 KB; the floor of four READs is already plenty.
        var window = new ReadWindow(4 * MiB, 64 * MiB, Second);
        var link = new SimulatedLink(window, bytesPerSecond: 1_000_000_000, roundTrip: Second / 10_000);

        double throughput = link.Read(500 * (long)MiB);

        Assert.That(window.TargetBytes, Is.EqualTo(4 * MiB));
        Assert.That(throughput, Is.GreaterThan(0.95 * 1_000_000_000));
    }

    [Test]
    public void VeryLongLink_WindowStopsAtTheMemoryBudget()
    {
        var window = new ReadWindow(4 * MiB, 32 * MiB, Second);
        var link = new SimulatedLink(window, bytesPerSecond: 1_000_000_000, roundTrip: Second);
        int largest = 0;
        link.Observe = () => largest = Math.Max(largest, window.TargetBytes);

        link.Read(2_000 * (long)MiB);

        Assert.That(window.TargetBytes, Is.EqualTo(32 * MiB));
        Assert.That(largest, Is.EqualTo(32 * MiB), "never above the budget");
        Assert.That(link.MostInFlightBytes, Is.LessThanOrEqualTo(32 * MiB));
    }

    [Test]
    public void RoundTripDrops_WindowComesBackToTheFloor()
    {
        var window = new ReadWindow(4 * MiB, 64 * MiB, Second);
        var far = new SimulatedLink(window, bytesPerSecond: 100_000_000, roundTrip: Second / 10);
        far.Read(300 * (long)MiB);
        Assert.That(window.TargetBytes, Is.GreaterThan(10_000_000), "grown on the long link");

        var near = new SimulatedLink(window, bytesPerSecond: 100_000_000, roundTrip: Second / 10_000, startAt: far.Now);
        near.Read(300 * (long)MiB);

        Assert.That(window.TargetBytes, Is.EqualTo(4 * MiB));
    }

    [Test]
    public void IdleTimeBetweenReads_DoesNotLowerTheMeasuredThroughput()
    {
        var window = new ReadWindow(4 * MiB, 64 * MiB, Second);
        var link = new SimulatedLink(window, bytesPerSecond: 100_000_000, roundTrip: Second / 1000);
        for (int burst = 0; burst < 20; burst++)
        {
            link.Read(16 * (long)MiB);
            link.Now += 5 * Second; // the application thinks for a while
        }

        Assert.That(window.BytesPerSecond, Is.EqualTo(100_000_000).Within(10).Percent);
    }

    [Test]
    public void FailedReads_EndTheirBusyTimeWithoutCountingAsData()
    {
        var window = new ReadWindow(4 * MiB, 64 * MiB, Second);
        window.Started(0);
        window.Completed(0, Second, 0);
        window.Started(100 * Second);
        window.Completed(100 * Second, 100 * Second + 1000, Chunk);

        Assert.That(window.MinRoundTrip, Is.EqualTo(TimeSpan.FromTicks(10)), "the failure's second-long wait is not a round trip");
        Assert.That(window.TargetBytes, Is.EqualTo(4 * MiB));
    }

    [Test]
    public void For_TakesTheBudgetFromTheOptions()
    {
        var window = ReadWindow.For(new SmbClientOptions { ReadWindowBytes = 2 * MiB, MaxReadChunk = MiB });

        Assert.That(window.BudgetBytes, Is.EqualTo(2 * MiB));
        Assert.That(window.FloorBytes, Is.EqualTo(2 * MiB), "the floor never exceeds the budget");
        Assert.That(ReadWindow.For(new SmbClientOptions()).FloorBytes, Is.EqualTo(4 * MiB));
    }

    /// <summary>A pipelined reader over a server that serves READs one after another at a fixed bandwidth, with
    /// half the round trip on each side: the discrete-event model of one SMB connection.</summary>
    private sealed class SimulatedLink(ReadWindow window, long bytesPerSecond, long roundTrip, long startAt = 0)
    {
        private readonly IoBudget _budget = new(window, _ => 100_000L * 65536);
        private long _serverFree = startAt;

        public long Now { get; set; } = startAt;
        public long MostInFlightBytes { get; private set; }
        public Action? Observe { get; set; }

        /// <summary>Reads <paramref name="total"/> bytes as the read scheduler does (as many READs as the
        /// connection's budget takes) and returns the throughput.</summary>
        public double Read(long total)
        {
            long begin = Now, issued = 0, done = 0;
            var inFlight = new Queue<(long Sent, long Arrives)>();
            while (done < total)
            {
                while (issued < total && (inFlight.Count == 0 || (inFlight.Count + 1L) * Chunk <= _budget.LimitBytes(Chunk)))
                {
                    long start = Math.Max(Now + roundTrip / 2, _serverFree);
                    _serverFree = start + Chunk * Second / bytesPerSecond;
                    window.Started(Now);
                    inFlight.Enqueue((Now, _serverFree + roundTrip / 2));
                    issued += Chunk;
                    MostInFlightBytes = Math.Max(MostInFlightBytes, inFlight.Count * (long)Chunk);
                }
                var (sent, arrives) = inFlight.Dequeue();
                Now = Math.Max(Now, arrives);
                window.Completed(sent, Now, Chunk);
                done += Chunk;
                Observe?.Invoke();
            }
            return (double)total * Second / (Now - begin);
        }
    }
}
