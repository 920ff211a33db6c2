using SmbDrive.Smb;
using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Handles;

namespace SmbDrive.Vfs;

// Reads. With the block cache on, a read is served from blocks of the handle's current file version:
// blocks already cached are copied, missing ones are fetched (one server read per block, all in flight at
// once, so the client pipelines them), and a sequential reader gets the blocks of its read-ahead window
// fetched in the background. A read that combines bytes of more than one fetch first makes sure the server
// still reports the same version, so it never mixes bytes of two versions of a changing file.
public sealed partial class SmbDriveFileSystem
{
    /// <summary>A random read fetches the bytes it needs rounded out to this, not a whole block.</summary>
    internal const int RandomFetchAlignment = 16 * 1024;

    /// <summary>Attempts of one read when the file keeps changing under it.</summary>
    private const int MaxVersionAttempts = 4;

    public async ValueTask<VfsResult<int>> ReadAsync(VfsHandle handle, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var cache = CacheOutcome.None;
        VfsResult<int> result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure))
                result = failure;
            else if (handle.IsDirectory)
                result = VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
            else if (offset < 0)
                result = VfsStatus.STATUS_INVALID_PARAMETER;
            else if (buffer.IsEmpty)
                result = VfsResult<int>.Success(0);
            else if (_blocks is null || BypassesBlockCache(file))
                (result, cache) = (VfsResult<int>.Success(await ReadDirectAsync(file, offset, buffer, cancellationToken).ConfigureAwait(false)), CacheOutcome.Miss);
            else
            {
                try
                {
                    (result, cache) = await ReadCachedAsync(_blocks, file, offset, buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (SmbStatusException e) when (e.Status.IsLockConflict())
                {
                    // Blocks are fetched rounded out beyond the range asked for, and the rounding may reach into
                    // another open's locked range: only a conflict of the caller's exact range is the caller's.
                    (result, cache) = (VfsResult<int>.Success(await ReadDirectAsync(file, offset, buffer, cancellationToken).ConfigureAwait(false)), CacheOutcome.Miss);
                }
            }
        }
        catch (Exception ex) when (MapFailure(ex, "Read", handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation("Read", handle?.Path ?? "", offset, buffer.Length, result.Status, started, cache);
        return result;
    }

    private Task<int> ReadDirectAsync(OpenFile file, long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        RunOnFileAsync(file, async (serverFile, ct) =>
        {
            int read = await serverFile.ReadAsync(offset, buffer, 0, ct).ConfigureAwait(false);
            Counters.ServerRead(read);
            return read;
        }, cancellationToken);

    private async Task<(VfsResult<int>, CacheOutcome)> ReadCachedAsync(BlockCache blocks, OpenFile file, long offset,
        Memory<byte> buffer, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            if (IsVersionStale(file)) await RefreshVersionAsync(file, cancellationToken).ConfigureAwait(false);
            FileVersion version;
            lock (file.Sync) version = file.Version;
            if (offset >= version.Size) return (VfsResult<int>.Success(0), CacheOutcome.Hit);
            int length = (int)Math.Min(buffer.Length, version.Size - offset);
            long window = attempt == 1 ? file.ReadAhead.OnRead(offset, length) : file.ReadAhead.Window;
            try
            {
                return await ReadBlocksAsync(blocks, file, version, offset, buffer[..length], window, cancellationToken).ConfigureAwait(false);
            }
            catch (FileVersionChangedException ex)
            {
                if (attempt >= MaxVersionAttempts)
                    throw new VfsStatusException(VfsStatus.STATUS_FILE_INVALID, $"{file.Path} kept changing on the server while being read", ex);
            }
        }
    }

    private async Task<(VfsResult<int>, CacheOutcome)> ReadBlocksAsync(BlockCache blocks, OpenFile file, FileVersion version,
        long offset, Memory<byte> destination, long window, CancellationToken cancellationToken)
    {
        int blockSize = blocks.BlockSize;
        long end = offset + destination.Length; // offset < Size and Length <= Size - offset: no overflow.
        long firstIndex = offset / blockSize;
        int count = (int)((end - 1) / blockSize - firstIndex + 1);
        bool wholeBlocks = window > 0;
        var held = new CachedBlock?[count];
        int hits = 0, misses = 0;
        try
        {
            // Acquire every block first so that all missing ones are fetched at the same time.
            for (int i = 0; i < count; i++)
                held[i] = AcquireBlock(blocks, file, version, firstIndex + i, offset, end, wholeBlocks, window, ref hits, ref misses);
            if (window > 0) StartReadAhead(blocks, file, version, end, window);

            for (int i = 0; i < count; i++)
            {
                var (needStart, needEnd) = NeededRange(firstIndex + i, offset, end, blockSize, version.Size);
                while (true)
                {
                    var block = held[i]!;
                    await block.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
                    if (block.Covers(needStart, needEnd) || block.EndsEarlyFor(needStart)) break;
                    // We waited on someone else's narrower fetch; fetch what this read needs.
                    held[i] = null;
                    blocks.Release(block);
                    held[i] = AcquireBlock(blocks, file, version, firstIndex + i, offset, end, wholeBlocks, window, ref hits, ref misses);
                }
            }

            if (count > 1) await EnsureOneVersionAsync(blocks, file, version, held, cancellationToken).ConfigureAwait(false);

            int copied = 0;
            var span = destination.Span;
            for (int i = 0; i < count; i++)
            {
                var block = held[i]!;
                var (needStart, needEnd) = NeededRange(firstIndex + i, offset, end, blockSize, version.Size);
                int available = Math.Min(needEnd, block.ValidEnd) - needStart;
                if (available <= 0) break;
                block.Data.AsSpan(needStart - block.ValidStart, available).CopyTo(span[copied..]);
                copied += available;
                if (available < needEnd - needStart) break; // The file ended early: a short read.
            }
            var outcome = misses == 0 ? CacheOutcome.Hit : hits == 0 ? CacheOutcome.Miss : CacheOutcome.Partial;
            return (VfsResult<int>.Success(copied), outcome);
        }
        finally
        {
            foreach (var block in held)
                if (block is not null) blocks.Release(block);
        }
    }

    /// <summary>Bytes of several fetches are combined only when a version query sent after the last of
    /// them confirms the version they were fetched as; otherwise the read starts over.</summary>
    private async Task EnsureOneVersionAsync(BlockCache blocks, OpenFile file, FileVersion version, CachedBlock?[] held,
        CancellationToken cancellationToken)
    {
        long latestFetch = 0;
        bool allVerified = true;
        foreach (var block in held)
        {
            if (blocks.IsVerified(block!)) continue;
            allVerified = false;
            latestFetch = Math.Max(latestFetch, block!.FetchSequence);
        }
        if (allVerified) return;
        var current = await ProbeAsync(file, latestFetch, cancellationToken).ConfigureAwait(false);
        if (current != version) throw new FileVersionChangedException(file.Path);
    }

    private CachedBlock AcquireBlock(BlockCache blocks, OpenFile file, FileVersion version, long index, long offset, long end,
        bool wholeBlock, long window, ref int hits, ref int misses)
    {
        int blockSize = blocks.BlockSize;
        long blockStart = index * blockSize;
        int blockLength = (int)Math.Min(blockSize, version.Size - blockStart);
        var (needStart, needEnd) = NeededRange(index, offset, end, blockSize, version.Size);
        int fetchStart = 0, fetchEnd = blockLength;
        if (!wholeBlock)
        {
            fetchStart = needStart / RandomFetchAlignment * RandomFetchAlignment;
            fetchEnd = (int)Math.Min(blockLength, ((long)needEnd + RandomFetchAlignment - 1) / RandomFetchAlignment * RandomFetchAlignment);
        }
        var block = blocks.Acquire(new BlockKey(version, index), needStart, needEnd, fetchStart, fetchEnd, out bool mustFetch);
        if (!mustFetch)
        {
            hits++;
            Counters.BlockHit();
            return block;
        }
        misses++;
        Counters.BlockMiss();
        // What the reader will want after this block: the rest of this read plus the read-ahead window,
        // which a sequential reader is about to consume, but never past the end of the file.
        long fetchedUpTo = blockStart + fetchEnd;
        long remaining = Math.Min(version.Size - fetchedUpTo, Math.Max(0, end - fetchedUpTo) + window);
        _ = FetchBlockAsync(blocks, file, block, remaining);
        return block;
    }

    private void StartReadAhead(BlockCache blocks, OpenFile file, FileVersion version, long end, long window)
    {
        int blockSize = blocks.BlockSize;
        long aheadEnd = Math.Min(version.Size, end + window); // window is at most 1 GiB: no overflow.
        if (aheadEnd <= end) return;
        long first = (end + blockSize - 1) / blockSize;
        long last = (aheadEnd - 1) / blockSize;
        for (long index = first; index <= last; index++)
        {
            long blockStart = index * blockSize;
            int blockLength = (int)Math.Min(blockSize, version.Size - blockStart);
            var block = blocks.TryReserve(new BlockKey(version, index), blockLength);
            if (block is null) continue;
            Counters.ReadAheadBlock();
            _ = FetchBlockAsync(blocks, file, block, Math.Min(version.Size - (blockStart + blockLength), window));
        }
    }

    /// <summary>Fills a reserved block from the server. Never throws: a failure goes to the block, and so
    /// to whoever waits for it. Releases the fetcher's pin.</summary>
    private async Task FetchBlockAsync(BlockCache blocks, OpenFile file, CachedBlock block, long remainingHint)
    {
        try
        {
            long fileOffset = block.Key.Index * blocks.BlockSize + block.ValidStart;
            int length = block.PlannedEnd - block.ValidStart;
            int read = await RunOnFileAsync(file, async (serverFile, ct) =>
            {
                int n = await serverFile.ReadAsync(fileOffset, block.Data.AsMemory(0, length), remainingHint, ct).ConfigureAwait(false);
                Counters.ServerRead(n);
                return n;
            }, _shutdown.Token).ConfigureAwait(false);
            long fetched = Interlocked.Increment(ref _eventSequence);

            FileVersion current;
            lock (file.Sync) current = file.Version;
            if (current == block.Key.Version && read < length)
            {
                // Shorter than its version says: the file changed. Believe neither until the server says which.
                current = await ProbeAsync(file, fetched, _shutdown.Token).ConfigureAwait(false);
            }
            if (current != block.Key.Version)
                blocks.Fail(block, new FileVersionChangedException(file.Path));
            else
                blocks.Complete(block, read, fetched);
        }
        catch (Exception ex)
        {
            // Whatever went wrong belongs to the readers waiting for this block.
            blocks.Fail(block, ex);
        }
        finally
        {
            blocks.Release(block);
        }
    }

    private static (int Start, int End) NeededRange(long index, long offset, long end, int blockSize, long size)
    {
        long blockStart = index * blockSize;
        long blockEnd = Math.Min(blockStart + blockSize, size);
        return ((int)(Math.Max(offset, blockStart) - blockStart), (int)(Math.Min(end, blockEnd) - blockStart));
    }
}
