using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>The read hot path allocates nothing per request: pooled awaitables, pooled buffers, no request
/// objects. Measured over the whole process (the receive loop runs on other threads) after a warm-up.</summary>
[Category("Integration")]
public class AllocationTests
{
    [TestCase(false, 4096)]
    [TestCase(true, 4096)]
    [TestCase(false, 1 << 20)]
    public async Task Read_Steady_AllocatesAlmostNothingPerRead(bool signed, int size)
    {
#if DEBUG
        Assert.Ignore("allocations are measured in Release builds (tests/run-all.sh and CI): a Debug build makes every async state machine a class");
#endif
        await using var share = await SambaFixture.ConnectAsync("big", new SmbClientOptions { RequireSigning = signed });
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[size];
        var random = new Random(1);
        long blocks = SambaFixture.BigFileSize / size;
        for (int i = 0; i < 500; i++)
            await file.ReadAsync(random.NextInt64(blocks) * size, buffer, 0, CancellationToken.None);

        const int reads = 4000;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < reads; i++)
            await file.ReadAsync(random.NextInt64(blocks) * size, buffer, 0, CancellationToken.None);
        long perRead = (GC.GetTotalAllocatedBytes(precise: true) - before) / reads;

        TestContext.Out.WriteLine($"{(signed ? "signed" : "plain")} {size}-byte reads: {perRead} bytes allocated per read");
        // Plain reads land in the caller's memory straight from the socket: nothing at all per read. Signed reads pass
        // through one pooled buffer for verification; the pool's per-thread buckets refill now and then.
        Assert.That(perRead, Is.LessThan(signed ? 128 : 16), "bytes allocated per read");
        long offset = random.NextInt64(blocks) * size;
        await file.ReadAsync(offset, buffer, 0, CancellationToken.None);
        FileComparer.AssertRangeEquals(TestData.CachedRandomFile(SambaFixture.BigFileSize, 1), offset, buffer);
    }
}
