using SmbDrive.Smb;
using SmbDrive.Smb.Io;

namespace SmbDrive.Smb.Tests.Io;

public class IoSchedulerTests
{
    private const int Chunk = 64 * 1024;

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private static async Task<byte[]> CopyAllAsync(IReadLanes file, long expected, CancellationToken cancellationToken = default)
    {
        var output = new MemoryStream();
        long copied = await IoScheduler.CopyToAsync(file, 0, expected, async (piece, ct) => await output.WriteAsync(piece, ct), cancellationToken);
        Assert.That(copied, Is.EqualTo(output.Length));
        return output.ToArray();
    }

    [TestCase(1)]
    [TestCase(Chunk - 1)]
    [TestCase(Chunk)]
    [TestCase(Chunk + 1)]
    [TestCase(5 * Chunk + 123)]
    public async Task ReadAsync_AnySize_FillsTheBufferWithTheFilesBytes(int length)
    {
        byte[] data = Pattern(length);
        var lane = new FakeReadLane(data, Chunk, 4 * Chunk);
        var buffer = new byte[length];

        int n = await IoScheduler.ReadAsync(lane, 0, buffer, 0, CancellationToken.None);

        Assert.That(n, Is.EqualTo(length));
        Assert.That(buffer, Is.EqualTo(data));
    }

    /// <summary>The one end-of-file rule: a lane whose answers are short gives the same result as one that
    /// answers in full, for reads before, at, across and beyond the end.</summary>
    [TestCase(0, 100)]
    [TestCase(10 * Chunk - 100, 100)]
    [TestCase(10 * Chunk - 100, 300)]
    [TestCase(10 * Chunk - 100, 3 * Chunk)]
    [TestCase(10 * Chunk, 10)]
    [TestCase(10 * Chunk + 5, 2 * Chunk)]
    [TestCase(3 * Chunk + 7, 4 * Chunk)]
    public async Task ReadAsync_ShortAnswers_SameEndOfFileAsFullAnswers(long offset, int length)
    {
        byte[] data = Pattern(10 * Chunk);
        var full = new FakeReadLane(data, Chunk, 4 * Chunk);
        var shortAnswers = new FakeReadLane(data, Chunk, 4 * Chunk) { MaxAnswerBytes = 1000 };
        var a = new byte[length];
        var b = new byte[length];

        int fromFull = await IoScheduler.ReadAsync(full, offset, a, 0, CancellationToken.None);
        int fromShort = await IoScheduler.ReadAsync(shortAnswers, offset, b, 0, CancellationToken.None);

        int expected = (int)Math.Clamp(data.Length - offset, 0, length);
        Assert.That(fromFull, Is.EqualTo(expected));
        Assert.That(fromShort, Is.EqualTo(expected));
        Assert.That(b.AsSpan(0, expected).ToArray(), Is.EqualTo(data.AsSpan((int)Math.Min(offset, data.Length), expected).ToArray()));
        Assert.That(a.AsSpan(0, expected).ToArray(), Is.EqualTo(b.AsSpan(0, expected).ToArray()));
    }

    [Test]
    public async Task ReadAsync_LargeRead_KeepsTheBudgetsReadsInFlight()
    {
        var lane = new FakeReadLane(Pattern(32 * Chunk), Chunk, 4 * Chunk);
        lane.BeforeAnswer = (_, ct) => Task.Delay(5, ct);

        await IoScheduler.ReadAsync(lane, 0, new byte[32 * Chunk], 0, CancellationToken.None);

        Assert.That(lane.MaxInFlight, Is.EqualTo(4), "four READs of the 4-chunk budget in flight, never more");
        Assert.That(lane.Reads.Select(r => r.Length), Has.All.EqualTo(Chunk));
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
    }

    [Test]
    public async Task ReadAsync_EachRead_HintsWhatFollowsIt()
    {
        var lane = new FakeReadLane(Pattern(10 * Chunk), Chunk, 16 * Chunk);

        await IoScheduler.ReadAsync(lane, 0, new byte[3 * Chunk], 1000, CancellationToken.None);

        Assert.That(lane.Reads.OrderBy(r => r.Offset).Select(r => r.RemainingHint), Is.EqualTo(new long[] { 2 * Chunk + 1000, Chunk + 1000, 1000 }));
    }

    [Test]
    public async Task ReadAsync_OneChunkFails_ThrowsThatFailureItselfAfterEveryReadEnded()
    {
        var lane = new FakeReadLane(Pattern(16 * Chunk), Chunk, 4 * Chunk);
        var failure = new SmbStatusException(NtStatus.STATUS_NETWORK_NAME_DELETED, @"\\h\s\f.bin");
        lane.BeforeAnswer = (offset, ct) => offset == 2 * Chunk ? Task.FromException(failure) : Task.Delay(20, ct);

        var thrown = Assert.ThrowsAsync<SmbStatusException>(async () => await IoScheduler.ReadAsync(lane, 0, new byte[16 * Chunk], 0, CancellationToken.None));

        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(thrown!.StackTrace, Does.Contain(nameof(FakeReadLane)), "the original stack is kept");
        Assert.That(lane.InFlight, Is.Zero, "no READ may still write into the caller's buffer");
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
    }

    [Test]
    public async Task ReadAsync_Cancelled_EndsInCancellationNotAnError()
    {
        var lane = new FakeReadLane(Pattern(64 * Chunk), Chunk, 4 * Chunk);
        using var cancel = new CancellationTokenSource();
        lane.BeforeAnswer = async (offset, ct) =>
        {
            if (offset == 3 * Chunk) await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
        };

        Assert.That(async () => await IoScheduler.ReadAsync(lane, 0, new byte[64 * Chunk], 0, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(lane.InFlight, Is.Zero);
        Assert.That(lane.Budget.InFlightBytes, Is.Zero);
    }

    [Test]
    public async Task ReadAsync_TwoLanes_SpreadsTheChunksOverBoth()
    {
        byte[] data = Pattern(32 * Chunk);
        var first = new FakeReadLane(data, Chunk, 4 * Chunk) { BeforeAnswer = (_, ct) => Task.Delay(2, ct) };
        var second = new FakeReadLane(data, Chunk, 4 * Chunk) { BeforeAnswer = (_, ct) => Task.Delay(2, ct) };
        first.Lanes = [first, second];
        var buffer = new byte[32 * Chunk];

        int n = await IoScheduler.ReadAsync(first, 0, buffer, 0, CancellationToken.None);

        Assert.That(n, Is.EqualTo(data.Length));
        Assert.That(buffer, Is.EqualTo(data));
        Assert.That(first.Reads, Has.Count.InRange(8, 24));
        Assert.That(first.Reads.Count + second.Reads.Count, Is.EqualTo(32));
    }

    [Test]
    public async Task ReadAsync_SingleChunkReads_AlternateBetweenLanes()
    {
        byte[] data = Pattern(8 * Chunk);
        var first = new FakeReadLane(data, Chunk, 4 * Chunk) { BeforeAnswer = (_, ct) => Task.Delay(20, ct) };
        var second = new FakeReadLane(data, Chunk, 4 * Chunk) { BeforeAnswer = (_, ct) => Task.Delay(20, ct) };
        first.Lanes = [first, second];

        // Eight concurrent one-chunk reads, as the mount's block fetches are.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => IoScheduler.ReadAsync(first, i * Chunk, new byte[Chunk], 0, CancellationToken.None).AsTask()));

        Assert.That(first.Reads, Has.Count.EqualTo(4));
        Assert.That(second.Reads, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task ReadAsync_ExtraLaneFails_ItsChunkIsReadOnAnother()
    {
        byte[] data = Pattern(16 * Chunk);
        var first = new FakeReadLane(data, Chunk, 4 * Chunk);
        var second = new FakeReadLane(data, Chunk, 4 * Chunk);
        second.BeforeAnswer = (_, _) =>
        {
            second.IsUsable = false;
            first.Lanes = [first];
            throw new SmbConnectionException("h:445: connection lost");
        };
        first.Lanes = [first, second];
        var buffer = new byte[16 * Chunk];

        int n = await IoScheduler.ReadAsync(first, 0, buffer, 0, CancellationToken.None);

        Assert.That(n, Is.EqualTo(data.Length));
        Assert.That(buffer, Is.EqualTo(data));
        Assert.That(second.Reads, Is.Not.Empty, "the second lane was tried");
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(Chunk)]
    [TestCase(Chunk + 1)]
    [TestCase(40 * Chunk + 5)]
    public async Task CopyToAsync_AnySize_HandsOverEveryByteInOrder(int length)
    {
        byte[] data = Pattern(length);
        var lane = new FakeReadLane(data, Chunk, 4 * Chunk) { MaxAnswerBytes = 10_000 };

        Assert.That(await CopyAllAsync(lane, length), Is.EqualTo(data));
    }

    [Test]
    public async Task CopyToAsync_FileGrewOrShrank_CopiesWhatIsThere()
    {
        byte[] data = Pattern(10 * Chunk + 3);
        Assert.That(await CopyAllAsync(new FakeReadLane(data, Chunk, 4 * Chunk), expected: 2 * Chunk), Is.EqualTo(data), "grown");
        Assert.That(await CopyAllAsync(new FakeReadLane(data, Chunk, 4 * Chunk), expected: 20 * Chunk), Is.EqualTo(data), "shrunk");
    }

    [Test]
    public async Task CopyToAsync_SmallFile_OneRoundTripFindsTheEnd()
    {
        var lane = new FakeReadLane(Pattern(1000), Chunk, 4 * Chunk);
        // Each answer waits until both READs are out: a copy that sent them one after the other times out here.
        var bothOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lane.BeforeAnswer = (_, ct) =>
        {
            if (lane.InFlight >= 2) bothOut.TrySetResult();
            return bothOut.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        };
        await CopyAllAsync(lane, 1000);

        // The READ past the expected end goes out with the first one, not after it.
        Assert.That(lane.Reads.Select(r => r.Offset), Is.EquivalentTo(new long[] { 0, 1000 }));
        Assert.That(lane.MaxInFlight, Is.EqualTo(2));
    }

    [Test]
    public async Task CopyToAsync_LargeFile_MemoryAndReadsStayBounded()
    {
        var lane = new FakeReadLane(Pattern(200 * Chunk), Chunk, 4 * Chunk) { BeforeAnswer = (_, ct) => Task.Delay(1, ct) };
        var buffers = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);

        await IoScheduler.CopyToAsync(lane, 0, 200 * Chunk, (piece, _) =>
        {
            if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(piece, out var segment)) buffers.Add(segment.Array!);
            return ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.That(lane.MaxInFlight, Is.LessThanOrEqualTo(4));
        Assert.That(buffers.Count, Is.LessThanOrEqualTo(6), "buffers: the budget's four READs plus two");
    }

    [Test]
    public async Task CopyToAsync_WhileTheSinkWorks_TheNextReadsAreRunning()
    {
        var lane = new FakeReadLane(Pattern(8 * Chunk), Chunk, 4 * Chunk);
        var overlapped = 0;
        await IoScheduler.CopyToAsync(lane, 0, 8 * Chunk, (piece, _) =>
        {
            var reads = lane.Reads; // one snapshot: the READs are still being issued
            if (reads.Count > 1 + (int)(reads.Min(r => r.Offset) / Chunk)) overlapped++;
            return ValueTask.CompletedTask;
        }, CancellationToken.None);
        Assert.That(overlapped, Is.GreaterThan(0));
        Assert.That(lane.Reads.Count, Is.GreaterThanOrEqualTo(3), "READs beyond the first were issued before its bytes were handed over");
    }

    [Test]
    public void CopyToAsync_SinkFails_WaitsForReadsInFlightThenThrowsTheSinksError()
    {
        var lane = new FakeReadLane(Pattern(16 * Chunk), Chunk, 4 * Chunk);
        lane.BeforeAnswer = (offset, ct) => offset == 0 ? Task.CompletedTask : Task.Delay(100, CancellationToken.None);

        var thrown = Assert.ThrowsAsync<IOException>(() =>
            IoScheduler.CopyToAsync(lane, 0, 16 * Chunk, (_, _) => throw new IOException("disk full"), CancellationToken.None));

        Assert.That(thrown!.Message, Is.EqualTo("disk full"));
        Assert.That(lane.InFlight, Is.Zero, "the copy returned while a READ still wrote into its buffer");
    }

    [Test]
    public void CopyToAsync_ReadFails_ThrowsTheShareError()
    {
        var lane = new FakeReadLane(Pattern(16 * Chunk), Chunk, 4 * Chunk);
        var failure = new SmbStatusException(NtStatus.STATUS_NETWORK_NAME_DELETED, @"\\h\s\f.bin");
        lane.BeforeAnswer = (offset, _) => offset == 5 * Chunk ? Task.FromException(failure) : Task.CompletedTask;

        var thrown = Assert.ThrowsAsync<SmbStatusException>(() => CopyAllAsync(lane, 16 * Chunk));

        Assert.That(thrown, Is.SameAs(failure));
        Assert.That(lane.InFlight, Is.Zero);
    }
}
