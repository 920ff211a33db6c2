using SmbDrive.Vfs.Caching;

namespace SmbDrive.Vfs.Tests.Caching;

public class BlockCacheTests
{
    private const int BlockSize = 4096;
    private static readonly FileVersion V1 = new(7, "", 100, 10 * BlockSize);
    private static readonly FileVersion V2 = new(7, "", 200, 10 * BlockSize);

    private static CachedBlock Fill(BlockCache cache, FileVersion version, long index, byte value, long sequence = 1)
    {
        var block = cache.Acquire(new BlockKey(version, index), 0, BlockSize, 0, BlockSize, out bool mustFetch);
        Assert.That(mustFetch, Is.True);
        block.Data.AsSpan(0, BlockSize).Fill(value);
        cache.Complete(block, BlockSize, sequence);
        cache.Release(block); // the fetcher's pin
        return block;
    }

    [Test]
    public void Acquire_ReadyBlock_IsHitWithSameBytes()
    {
        using var cache = new BlockCache(16 * BlockSize, BlockSize);
        var filled = Fill(cache, V1, 3, 0x5A);
        cache.Release(filled);

        var again = cache.Acquire(new BlockKey(V1, 3), 100, 200, 0, BlockSize, out bool mustFetch);
        Assert.That(mustFetch, Is.False);
        Assert.That(again, Is.SameAs(filled));
        Assert.That(again.Data.AsSpan(100, 100).IndexOfAnyExcept((byte)0x5A), Is.EqualTo(-1));
        cache.Release(again);
    }

    [Test]
    public void Acquire_PendingBlock_SecondReaderWaitsForTheSameFetch()
    {
        using var cache = new BlockCache(16 * BlockSize, BlockSize);
        var first = cache.Acquire(new BlockKey(V1, 0), 0, 10, 0, BlockSize, out bool firstFetches);
        var second = cache.Acquire(new BlockKey(V1, 0), 0, 10, 0, BlockSize, out bool secondFetches);
        Assert.That(firstFetches, Is.True);
        Assert.That(secondFetches, Is.False);
        Assert.That(second, Is.SameAs(first));
        Assert.That(second.Ready.IsCompleted, Is.False);
        cache.Complete(first, BlockSize, 1);
        Assert.That(second.Ready.IsCompletedSuccessfully, Is.True);
        cache.Release(first);
        cache.Release(first);
        cache.Release(second);
    }

    [Test]
    public void Acquire_PartialBlockNotCoveringNeed_IsReplaced()
    {
        using var cache = new BlockCache(16 * BlockSize, BlockSize);
        var partial = cache.Acquire(new BlockKey(V1, 0), 0, 100, 0, 1024, out _);
        cache.Complete(partial, 1024, 1);
        cache.Release(partial);
        cache.Release(partial);

        var wider = cache.Acquire(new BlockKey(V1, 0), 2000, 3000, 2000, 3000, out bool mustFetch);
        Assert.That(mustFetch, Is.True);
        Assert.That(wider, Is.Not.SameAs(partial));
        Assert.That(wider.Covers(2000, 3000), Is.True);
        Assert.That(wider.Covers(0, 1024), Is.False, "a distant piece is not worth fetching the gap for");
        cache.Complete(wider, 1000, 2);
        cache.Release(wider);
        cache.Release(wider);
        var adjacent = cache.Acquire(new BlockKey(V1, 0), 3000, 3100, 3000, 3100, out bool fetchesAgain);
        Assert.That(fetchesAgain, Is.True);
        Assert.That(adjacent.Covers(2000, 3100), Is.True, "a touching piece is kept by fetching both as one range");
        wider = adjacent;
        cache.Fail(wider, new InvalidOperationException("test"));
        cache.Release(wider);
        cache.Release(wider);
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void Complete_OverBudget_EvictsLeastRecentlyUsed()
    {
        using var cache = new BlockCache(4 * BlockSize, BlockSize);
        for (int i = 0; i < 4; i++) Fill(cache, V1, i, (byte)i);
        // Touch block 0 so that block 1 becomes the oldest.
        cache.Release(cache.Acquire(new BlockKey(V1, 0), 0, 1, 0, BlockSize, out _));

        Fill(cache, V1, 4, 4);

        Assert.That(cache.BytesInUse, Is.LessThanOrEqualTo(4L * BlockSize));
        Assert.That(cache.Contains(new BlockKey(V1, 0)), Is.True);
        Assert.That(cache.Contains(new BlockKey(V1, 1)), Is.False);
        Assert.That(cache.Contains(new BlockKey(V1, 4)), Is.True);
    }

    [Test]
    public void Evict_PinnedBlock_KeepsItsBytesUntilReleased()
    {
        using var cache = new BlockCache(2 * BlockSize, BlockSize);
        Fill(cache, V1, 0, 0xAA);
        var pinned = cache.Acquire(new BlockKey(V1, 0), 0, BlockSize, 0, BlockSize, out _);

        // Push it out while a reader still copies from it, and churn the pool meanwhile.
        for (int i = 1; i < 20; i++) Fill(cache, V1, i, 0x11);

        Assert.That(cache.Contains(new BlockKey(V1, 0)), Is.False);
        Assert.That(pinned.Data.AsSpan(0, BlockSize).IndexOfAnyExcept((byte)0xAA), Is.EqualTo(-1));
        cache.Release(pinned);
    }

    [Test]
    public void RemoveVersion_DropsOnlyThatVersion()
    {
        using var cache = new BlockCache(16 * BlockSize, BlockSize);
        Fill(cache, V1, 0, 1);
        Fill(cache, V1, 1, 1);
        Fill(cache, V2, 0, 2);

        cache.RemoveVersion(V1);

        Assert.That(cache.Contains(new BlockKey(V1, 0)), Is.False);
        Assert.That(cache.Contains(new BlockKey(V1, 1)), Is.False);
        Assert.That(cache.Contains(new BlockKey(V2, 0)), Is.True);
        Assert.That(cache.BytesInUse, Is.EqualTo(BlockSize));
    }

    [Test]
    public void IsVerified_OnlyForBlocksFetchedBeforeTheConfirmingQuery()
    {
        using var cache = new BlockCache(16 * BlockSize, BlockSize);
        var early = Fill(cache, V1, 0, 1, sequence: 5);
        var late = Fill(cache, V1, 1, 1, sequence: 9);
        Assert.That(cache.IsVerified(early), Is.False);

        cache.MarkVerified(V1, 7);

        Assert.That(cache.IsVerified(early), Is.True);
        Assert.That(cache.IsVerified(late), Is.False);
        cache.MarkVerified(V2, 100);
        Assert.That(cache.IsVerified(late), Is.False, "confirming another version verifies nothing here");
    }

    [Test]
    public void TryReserve_PresentKey_ReturnsNull()
    {
        using var cache = new BlockCache(16 * BlockSize, BlockSize);
        var reserved = cache.TryReserve(new BlockKey(V1, 0), BlockSize);
        Assert.That(reserved, Is.Not.Null);
        Assert.That(cache.TryReserve(new BlockKey(V1, 0), BlockSize), Is.Null);
        cache.Complete(reserved!, 10, 1);
        cache.Release(reserved!);
        Assert.That(reserved!.EndsEarly, Is.True);
    }

    [Test]
    public void Release_MoreOftenThanAcquired_Throws()
    {
        using var cache = new BlockCache(16 * BlockSize, BlockSize);
        var block = Fill(cache, V1, 0, 1);
        cache.Release(block);
        Assert.That(() => cache.Release(block), Throws.InvalidOperationException);
    }
}
