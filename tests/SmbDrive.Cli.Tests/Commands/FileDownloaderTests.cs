using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.Commands;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Commands;

public class FileDownloaderTests
{
    private const int Chunk = 64 * 1024;

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private static async Task<FakeFile> OpenAsync(byte[] data)
    {
        var share = new FakeShare().AddFile("f.bin", data);
        return (FakeFile)await share.OpenAsync("f.bin", SmbOpenKind.File, CancellationToken.None);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(Chunk - 1)]
    [TestCase(Chunk)]
    [TestCase(Chunk + 1)]
    [TestCase(5 * Chunk + 123)]
    public async Task CopyAsync_AnySize_CopiesEveryByteInOrder(int length)
    {
        byte[] data = Pattern(length);
        var file = await OpenAsync(data);
        var destination = new MemoryStream();

        long copied = await FileDownloader.CopyAsync(file, destination, null, CancellationToken.None, Chunk);

        Assert.That(copied, Is.EqualTo(length));
        Assert.That(destination.ToArray(), Is.EqualTo(data));
    }

    [Test]
    public async Task CopyAsync_LargeFile_KeepsDepthReadsOutstandingInDepthBuffers()
    {
        var file = await OpenAsync(Pattern(20 * Chunk + 5));
        // Reads finish one by one, so the ring refills behind each: the depth is reached, never exceeded.
        file.OnReadStarted = _ => Task.Delay(5);

        await FileDownloader.CopyAsync(file, new MemoryStream(), null, CancellationToken.None, Chunk, depth: 3);

        Assert.That(file.Buffers, Has.Count.EqualTo(3), "memory stays at depth × chunk");
        Assert.That(file.Reads.Select(r => r.Length), Has.All.EqualTo(Chunk));
        Assert.That(file.MaxReadsInFlight, Is.EqualTo(3));
    }

    [Test]
    public async Task CopyAsync_DepthOne_ReadsOneChunkAtATime()
    {
        byte[] data = Pattern(7 * Chunk + 3);
        var file = await OpenAsync(data);
        var destination = new MemoryStream();

        await FileDownloader.CopyAsync(file, destination, null, CancellationToken.None, Chunk, depth: 1);

        Assert.That(destination.ToArray(), Is.EqualTo(data));
        Assert.That(file.Buffers, Has.Count.EqualTo(1));
        Assert.That(file.MaxReadsInFlight, Is.EqualTo(1));
    }

    [Test]
    public async Task CopyAsync_EachRead_HintsTheBytesExpectedAfterIt()
    {
        const int length = 3 * Chunk + 10;
        var file = await OpenAsync(Pattern(length));

        await FileDownloader.CopyAsync(file, new MemoryStream(), null, CancellationToken.None, Chunk);

        Assert.That(file.Reads, Is.EqualTo(new[]
        {
            (0L, Chunk, (long)length - Chunk),
            ((long)Chunk, Chunk, (long)length - 2 * Chunk),
            (2L * Chunk, Chunk, 10L),
            (3L * Chunk, Chunk, 0L),
        }));
    }

    [Test]
    public async Task CopyAsync_SmallFile_ReadsOnceWithABufferLargerThanTheFile()
    {
        var file = await OpenAsync(Pattern(1000));

        await FileDownloader.CopyAsync(file, new MemoryStream(), null, CancellationToken.None, Chunk);

        Assert.That(file.Reads, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task CopyAsync_WhileWritingAChunk_TheNextReadIsAlreadyRunning()
    {
        var file = await OpenAsync(Pattern(4 * Chunk));
        var started = new HashSet<long>();
        file.OnReadStarted = offset =>
        {
            lock (started) started.Add(offset);
            return Task.CompletedTask;
        };
        // Each write of the chunk at offset X waits for the read of X + Chunk to have started: without the
        // overlap the copy could never finish and the test times out.
        var destination = new GatedStream(async (position, _) =>
        {
            long nextRead = position + Chunk;
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                lock (started) if (started.Contains(nextRead)) return;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"read at {nextRead} never started during the write at {position}");
                await Task.Delay(1);
            }
        });

        await FileDownloader.CopyAsync(file, destination, null, CancellationToken.None, Chunk);

        Assert.That(destination.Length, Is.EqualTo(4 * Chunk));
    }

    [Test]
    public async Task CopyAsync_ReadFails_ThrowsTheShareError()
    {
        var file = await OpenAsync(Pattern(4 * Chunk));
        var failure = new SmbStatusException(NtStatus.STATUS_NETWORK_NAME_DELETED, @"\\h\s\f.bin");
        file.FailAt = (2 * Chunk, failure);

        var thrown = Assert.ThrowsAsync<SmbStatusException>(
            () => FileDownloader.CopyAsync(file, new MemoryStream(), null, CancellationToken.None, Chunk));

        Assert.That(thrown, Is.SameAs(failure));
    }

    [Test]
    public async Task CopyAsync_WriteFails_WaitsForTheReadInFlightThenThrowsTheWriteError()
    {
        var file = await OpenAsync(Pattern(4 * Chunk));
        file.OnReadStarted = offset => offset == 0 ? Task.CompletedTask : Task.Delay(200);
        var destination = new GatedStream((_, _) => throw new IOException("disk full"));

        var thrown = Assert.ThrowsAsync<IOException>(
            () => FileDownloader.CopyAsync(file, destination, null, CancellationToken.None, Chunk));

        Assert.That(thrown!.Message, Is.EqualTo("disk full"));
        Assert.That(file.Reads, Has.Count.EqualTo(FileDownloader.DefaultDepth), "the reads of the ring had started");
        Assert.That(file.ReadsInFlight, Is.Zero, "the copy returned while a read still wrote into its buffer");
    }

    [Test]
    public async Task CopyAsync_Progress_ReportsTheRunningTotal()
    {
        var file = await OpenAsync(Pattern(2 * Chunk + 1));
        var reported = new List<long>();

        await FileDownloader.CopyAsync(file, new MemoryStream(), reported.Add, CancellationToken.None, Chunk);

        Assert.That(reported, Is.EqualTo(new long[] { Chunk, 2 * Chunk, 2 * Chunk + 1 }));
    }

    /// <summary>A MemoryStream whose writes first run a hook with the write's position.</summary>
    private sealed class GatedStream(Func<long, CancellationToken, Task> beforeWrite) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await beforeWrite(Position, cancellationToken);
            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
