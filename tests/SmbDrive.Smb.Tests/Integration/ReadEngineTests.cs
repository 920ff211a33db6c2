using Microsoft.Win32.SafeHandles;
using SmbDrive.Smb.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>The read engine under attack and under cancellation, on a large file whose reads are spread over the
/// share's two connections: a tampered signed READ fails the read without handing over its bytes, and a cancelled
/// read ends in a cancellation and leaves the share readable. Every byte handed over is compared with the disk.</summary>
[Category("Integration")]
public class ReadEngineTests
{
    public enum ReadKind { ReadAsync, CopyToAsync }

    private const int Chunk = 1 << 20;

    private static string BigDisk => TestData.CachedRandomFile(SambaFixture.BigFileSize, 1);

    private static Task<ISmbShare> ConnectThroughAsync(LoopbackRelay proxy, SmbClientOptions options, CancellationToken cancellationToken) =>
        SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, "big", ""), SambaFixture.User, options, null, cancellationToken);

    [TestCase(ReadKind.ReadAsync, "3.1.1")]
    [TestCase(ReadKind.CopyToAsync, "3.1.1")]
    [TestCase(ReadKind.ReadAsync, "2.1")]
    [TestCase(ReadKind.CopyToAsync, "2.1")]
    [CancelAfter(120_000)]
    public async Task SignedMultiChunkRead_OneDataByteFlippedInAReadResponse_FailsWithoutHandingOverTheBytes(ReadKind kind, string dialect,
        CancellationToken cancellationToken)
    {
        // The third READ answer with data is tampered with, so that good answers precede it.
        int readAnswers = 0, flips = 0;
        await using var proxy = new TamperingProxy(SambaFixture.Server.Port, (_, m) =>
        {
            if (HoldingProxy.IsReadData(m) && Interlocked.Increment(ref readAnswers) == 3)
            {
                m[^500] ^= 0x01;
                Interlocked.Increment(ref flips);
            }
            return true;
        });
        var options = new SmbClientOptions { MinDialect = dialect, MaxDialect = dialect, RequestTimeoutSeconds = 10 };
        Assert.That(options.RequireSigning, Is.True, "the default settings sign");
        await using var share = await ConnectThroughAsync(proxy, options, cancellationToken);
        var group = (SmbShareGroup)share;
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, cancellationToken);
        var spread = (MultiConnectionFile)file;
        await spread.WhenLanesOpenAsync();
        Assert.That(spread.LaneCount, Is.EqualTo(2), "the file is open on both connections");

        long offset = 8L << 20;
        using var disk = File.OpenHandle(BigDisk);
        Exception? error = null;
        int? reported = null;
        long delivered = 0;
        string? wrongBytes = null;
        try
        {
            if (kind == ReadKind.ReadAsync)
            {
                reported = await file.ReadAsync(offset, new byte[16 * Chunk], 0, cancellationToken);
            }
            else
            {
                await file.CopyToAsync(offset, (bytes, _) =>
                {
                    wrongBytes ??= FirstDifference(disk, offset + delivered, bytes.Span);
                    delivered += bytes.Length;
                    return ValueTask.CompletedTask;
                }, cancellationToken);
            }
        }
        catch (Exception e)
        {
            error = e;
        }

        Assert.That(flips, Is.EqualTo(1), "the proxy flipped one data byte of a READ response (else the test proves nothing)");
        Assert.That(error, Is.TypeOf<SmbProtocolException>(), $"the read fails with the signature failure; got {error}");
        Assert.That(error!.Message, Does.Contain("STATUS_INVALID_SIGNATURE"));
        Assert.That(reported, Is.Null, "ReadAsync reported no bytes as read");
        Assert.That(wrongBytes, Is.Null, "every byte CopyToAsync handed over equals the disk");
        Assert.That(delivered, Is.LessThan(SambaFixture.BigFileSize - offset), "the copy stopped at the failure");
        Assert.That(group.Primary.IsBroken || group.Extra.Any(t => t.IsBroken), Is.True, "the connection that carried the forged answer is closed");
    }

    [TestCase(ReadKind.ReadAsync)]
    [TestCase(ReadKind.CopyToAsync)]
    [CancelAfter(120_000)]
    public async Task ReadSpreadOverTwoConnections_CancelledMidway_OperationCanceledAndTheShareStillReads(ReadKind kind, CancellationToken cancellationToken)
    {
        await using var proxy = new HoldingProxy(SambaFixture.Server.Port, connectionsBeforeHold: 2);
        await using var share = await ConnectThroughAsync(proxy, new SmbClientOptions { ConnectionsPerShare = 2, RequestTimeoutSeconds = 60 }, cancellationToken);
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, cancellationToken);
        Assert.That(file, Is.TypeOf<MultiConnectionFile>());

        long offset = 32L << 20;
        var buffer = new byte[64 * Chunk];
        using var disk = File.OpenHandle(BigDisk);
        long delivered = 0;
        string? wrongBytes = null;
        using var cancel = new CancellationTokenSource();
        Task read = kind == ReadKind.ReadAsync
            ? file.ReadAsync(offset, buffer, 0, cancel.Token).AsTask()
            : file.CopyToAsync(offset, (bytes, _) =>
            {
                wrongBytes ??= FirstDifference(disk, offset + delivered, bytes.Span);
                delivered += bytes.Length;
                return ValueTask.CompletedTask;
            }, cancel.Token);

        try
        {
            var first = await Task.WhenAny(proxy.Holding, read).WaitAsync(cancellationToken);
            Assert.That(first, Is.SameAs(proxy.Holding),
                $"both connections delivered READ data before the read ended (it did end: {read.Status}, {read.Exception?.InnerException?.Message})");

            // Mid-way: both connections carried data, and an answer the client waits for is held. Cancel now; the read
            // must end as a cancellation without waiting for the server's held answers.
            await proxy.FirstHeld.WaitAsync(cancellationToken);
            await cancel.CancelAsync();
            Exception? error = null;
            try
            {
                await read.WaitAsync(TimeSpan.FromSeconds(20), CancellationToken.None);
            }
            catch (Exception e)
            {
                error = e;
            }
            Assert.That(error, Is.InstanceOf<OperationCanceledException>(), $"a cancelled read ends in a cancellation; got {error}");
            Assert.That(wrongBytes, Is.Null, "the bytes handed over before the cancellation equal the disk");
            Assert.That(delivered, Is.LessThan(SambaFixture.BigFileSize - offset));

            // The held answers now arrive for READs nobody waits for any more: they must not land in the caller's
            // memory after the call returned, and the share must go on reading.
            byte[] afterCancel = kind == ReadKind.ReadAsync ? (byte[])buffer.Clone() : [];
            proxy.Release();

            var again = new byte[8 * Chunk];
            long againAt = 500L << 20;
            Assert.That(await file.ReadAsync(againAt, again, 0, cancellationToken), Is.EqualTo(again.Length));
            FileComparer.AssertRangeEquals(BigDisk, againAt, again);
            await using (var reopened = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, cancellationToken))
            {
                Assert.That(await reopened.ReadAsync(offset, again, 0, cancellationToken), Is.EqualTo(again.Length));
                FileComparer.AssertRangeEquals(BigDisk, offset, again);
            }
            Assert.That(share.IsBroken, Is.False);
            if (kind == ReadKind.ReadAsync)
                Assert.That(buffer.AsSpan().SequenceEqual(afterCancel), Is.True, "no READ wrote into the buffer after the cancelled call returned");
        }
        finally
        {
            proxy.Release(); // a failed check must not leave the share's close waiting for held answers
        }
    }

    /// <summary>Where <paramref name="actual"/> first differs from the disk file at <paramref name="offset"/>, or null.</summary>
    private static string? FirstDifference(SafeFileHandle disk, long offset, ReadOnlySpan<byte> actual)
    {
        var expected = new byte[actual.Length];
        int have = 0;
        while (have < expected.Length)
        {
            int n = RandomAccess.Read(disk, expected.AsSpan(have), offset + have);
            if (n == 0) return $"{actual.Length} bytes handed over at {offset}, past the end of the disk file";
            have += n;
        }
        int same = expected.AsSpan().CommonPrefixLength(actual);
        return same == actual.Length ? null : $"byte {offset + same} differs from the disk";
    }
}
