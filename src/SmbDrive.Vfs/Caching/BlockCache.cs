using System.Buffers;

namespace SmbDrive.Vfs.Caching;

/// <summary>File data blocks kept in memory under a byte budget, least recently used evicted first. Arrays
/// come from a pool and go back to it once a block is both out of the cache and unpinned. Pending blocks
/// (fetch still running) are in the index, so concurrent readers of the same block wait for one fetch
/// instead of starting their own, but they are not in the LRU list: they cannot be evicted half-written.
/// One lock guards everything; nothing is awaited or called out while holding it.</summary>
internal sealed class BlockCache : IDisposable
{
    private readonly object _lock = new();
    private readonly Dictionary<BlockKey, CachedBlock> _blocks = new();
    private readonly Dictionary<FileVersion, VersionBlocks> _versions = new();
    private readonly LinkedList<CachedBlock> _lru = new(); // First = least recently used.
    private readonly ArrayPool<byte> _pool;
    private readonly long _budget;
    private long _bytes;
    private bool _disposed;

    public BlockCache(long budgetBytes, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, blockSize);
        BlockSize = blockSize;
        _budget = budgetBytes;
        // The shared pool hands out arrays it allocates without zeroing them, which matters while the cache
        // fills (every block is a new large array); once it is full, evicted arrays feed the next fetches.
        _pool = ArrayPool<byte>.Shared;
    }

    public int BlockSize { get; }

    /// <summary>Bytes of the arrays held by blocks in the cache (pending ones included).</summary>
    public long BytesInUse
    {
        get { lock (_lock) return _bytes; }
    }

    public int Count
    {
        get { lock (_lock) return _blocks.Count; }
    }

    /// <summary>Finds the block for <paramref name="key"/> that will hold [needStart, needEnd), or reserves a
    /// new pending one over [fetchStart, fetchEnd) when there is none. The result is pinned for the caller
    /// (release it with <see cref="Release"/>). When <paramref name="mustFetch"/> is true the caller owns the
    /// fetch and the block carries a second pin for it: complete it with <see cref="Complete"/> or
    /// <see cref="Fail"/>, then release that pin too.</summary>
    public CachedBlock Acquire(BlockKey key, int needStart, int needEnd, int fetchStart, int fetchEnd, out bool mustFetch)
    {
        if (fetchStart > needStart || fetchEnd < needEnd || fetchStart < 0 || fetchEnd > BlockSize || fetchStart >= fetchEnd)
            throw new ArgumentOutOfRangeException(nameof(fetchStart), "the fetch range must contain the needed range and lie in the block");
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_blocks.TryGetValue(key, out var existing))
            {
                // A pending block is waited for even when it turns out too narrow: the caller checks
                // coverage afterwards and comes back, and by then this block is ready and replaceable.
                // A block that met end of file early tells the caller where the file ends now.
                if (!existing.IsReady || existing.Covers(needStart, needEnd) || existing.EndsEarlyFor(needStart))
                {
                    existing.Pins++;
                    Touch(existing);
                    mustFetch = false;
                    return existing;
                }
                // A piece that touches the new one is kept by fetching both as one range; a distant piece is
                // dropped rather than fetching everything in between.
                if (fetchStart <= existing.ValidEnd && existing.ValidStart <= fetchEnd)
                {
                    fetchStart = Math.Min(fetchStart, existing.ValidStart);
                    fetchEnd = Math.Max(fetchEnd, existing.ValidEnd);
                }
                RemoveLocked(existing);
            }
            var block = new CachedBlock(key, _pool.Rent(fetchEnd - fetchStart), fetchStart, fetchEnd) { Pins = 2 };
            AddLocked(block);
            mustFetch = true;
            return block;
        }
    }

    /// <summary>Reserves a pending block for read-ahead when the key is not cached at all; null otherwise.
    /// The block carries one pin, the fetcher's.</summary>
    public CachedBlock? TryReserve(BlockKey key, int fetchEnd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fetchEnd);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fetchEnd, BlockSize);
        lock (_lock)
        {
            if (_disposed || _blocks.ContainsKey(key)) return null;
            var block = new CachedBlock(key, _pool.Rent(fetchEnd), 0, fetchEnd) { Pins = 1 };
            AddLocked(block);
            return block;
        }
    }

    /// <summary>True when the key has a block, ready or pending (for read-ahead planning).</summary>
    public bool Contains(BlockKey key)
    {
        lock (_lock) return _blocks.ContainsKey(key);
    }

    public void Complete(CachedBlock block, int validLength, long fetchSequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(validLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(validLength, block.PlannedEnd - block.ValidStart);
        lock (_lock)
        {
            block.Complete(validLength, fetchSequence);
            if (!block.Removed) block.LruNode = _lru.AddLast(block);
            EvictOverBudgetLocked();
        }
    }

    public void Fail(CachedBlock block, Exception exception)
    {
        lock (_lock)
        {
            if (!block.Removed) RemoveLocked(block);
        }
        block.Fail(exception);
    }

    public void Release(CachedBlock block)
    {
        lock (_lock)
        {
            if (block.Pins <= 0) throw new InvalidOperationException($"{block} released more often than acquired");
            block.Pins--;
            ReturnIfUnusedLocked(block);
        }
    }

    /// <summary>Drops every block of a version that is known to be outdated.</summary>
    public void RemoveVersion(FileVersion version)
    {
        lock (_lock)
        {
            if (!_versions.TryGetValue(version, out var set)) return;
            foreach (var block in set.Blocks.ToArray()) RemoveLocked(block);
        }
    }

    /// <summary>Records that the server confirmed <paramref name="version"/> as current by a query that was
    /// sent at event sequence <paramref name="confirmedAtSequence"/>: every block of it fetched before
    /// that holds bytes of this version.</summary>
    public void MarkVerified(FileVersion version, long confirmedAtSequence)
    {
        lock (_lock)
        {
            if (_versions.TryGetValue(version, out var set) && set.VerifiedBefore < confirmedAtSequence)
                set.VerifiedBefore = confirmedAtSequence;
        }
    }

    /// <summary>A block is verified when a version query sent after its fetch finished confirmed its
    /// version. Only then may its bytes be combined with bytes from another fetch in one read: until then
    /// the file may have changed between the two fetches without anyone having noticed.</summary>
    public bool IsVerified(CachedBlock block)
    {
        lock (_lock)
        {
            return block.IsReady && _versions.TryGetValue(block.Key.Version, out var set)
                && block.FetchSequence < set.VerifiedBefore;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var block in _blocks.Values.ToArray()) RemoveLocked(block);
        }
    }

    private void AddLocked(CachedBlock block)
    {
        _blocks.Add(block.Key, block);
        if (!_versions.TryGetValue(block.Key.Version, out var set))
        {
            set = new VersionBlocks();
            _versions.Add(block.Key.Version, set);
        }
        set.Blocks.Add(block);
        _bytes += block.Data.Length;
        EvictOverBudgetLocked();
    }

    private void RemoveLocked(CachedBlock block)
    {
        if (block.Removed) return;
        block.Removed = true;
        _blocks.Remove(block.Key);
        if (block.LruNode is not null)
        {
            _lru.Remove(block.LruNode);
            block.LruNode = null;
        }
        if (_versions.TryGetValue(block.Key.Version, out var set))
        {
            set.Blocks.Remove(block);
            if (set.Blocks.Count == 0) _versions.Remove(block.Key.Version);
        }
        _bytes -= block.Data.Length;
        ReturnIfUnusedLocked(block);
    }

    private void ReturnIfUnusedLocked(CachedBlock block)
    {
        if (block.Removed && block.Pins == 0) _pool.Return(block.Data);
    }

    private void Touch(CachedBlock block)
    {
        if (block.LruNode is null) return;
        _lru.Remove(block.LruNode);
        _lru.AddLast(block.LruNode);
    }

    private void EvictOverBudgetLocked()
    {
        // Pinned blocks may go too: they leave the index now and give their array back when unpinned.
        while (_bytes > _budget && _lru.First is { } oldest) RemoveLocked(oldest.Value);
    }

    private sealed class VersionBlocks
    {
        public HashSet<CachedBlock> Blocks { get; } = [];
        public long VerifiedBefore { get; set; }
    }
}
