namespace SmbDrive.Vfs.Caching;

/// <summary>A block in the <see cref="BlockCache"/>: pending while its fetch runs, then ready with the
/// bytes [ValidStart, ValidEnd) of the block (a random read may fetch only part of a block). Readers pin a
/// block while they copy from it, so that eviction can never hand its array back to the pool under them.
/// All mutable fields are guarded by the cache's lock, except the data bytes, which are written only by
/// the one fetch before <see cref="Ready"/> completes and only read afterwards.</summary>
internal sealed class CachedBlock
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CachedBlock(BlockKey key, byte[] data, int validStart, int plannedEnd)
    {
        Key = key;
        Data = data;
        ValidStart = validStart;
        ValidEnd = plannedEnd;
        PlannedEnd = plannedEnd;
    }

    public BlockKey Key { get; }

    /// <summary>Pooled array; byte i holds block byte ValidStart + i.</summary>
    public byte[] Data { get; }

    public int ValidStart { get; }

    /// <summary>End of the valid bytes; while pending, the end the fetch asked for.</summary>
    public int ValidEnd { get; private set; }

    /// <summary>End the fetch asked for; a ready block with ValidEnd below it met end of file early.</summary>
    public int PlannedEnd { get; }

    public Task Ready => _ready.Task;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Event-sequence number at which the fetch finished; see <see cref="BlockCache.IsVerified"/>.</summary>
    public long FetchSequence { get; private set; }

    /// <summary>True when the fetch got fewer bytes than it asked for (the file ended sooner).</summary>
    public bool EndsEarly => IsReady && ValidEnd < PlannedEnd;

    internal int Pins { get; set; }
    internal bool Removed { get; set; }
    internal LinkedListNode<CachedBlock>? LruNode { get; set; }

    /// <summary>True when the file turned out to end inside this block before the bytes a read starting at
    /// <paramref name="start"/> wants: the block is then the last word on where the file ends.</summary>
    public bool EndsEarlyFor(int start) => EndsEarly && start >= ValidStart;

    /// <summary>True when the block holds (or, pending, will hold) every byte of [start, end).</summary>
    public bool Covers(int start, int end) => start >= ValidStart && end <= ValidEnd;

    internal void Complete(int validLength, long fetchSequence)
    {
        ValidEnd = ValidStart + validLength;
        FetchSequence = fetchSequence;
        _ready.TrySetResult();
    }

    internal void Fail(Exception exception)
    {
        _ready.TrySetException(exception);
        // Read-ahead blocks may fail with nobody waiting; reading Exception marks the failure observed.
        _ = _ready.Task.Exception;
    }

    public override string ToString() => $"block {Key.Index} [{ValidStart}, {ValidEnd}) of {Key.Version}";
}
