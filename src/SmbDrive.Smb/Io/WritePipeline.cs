namespace SmbDrive.Smb.Io;

/// <summary>Splits one large write into chunks and keeps a window of them in flight, for SMB2/3 WRITE and SMB1
/// WRITE_ANDX alike (the protocol's own limit, credits or MaxMpxCount, still applies underneath). Each chunk is
/// told how many bytes follow it (RemainingBytes / Remaining). The first failure stops further chunks; every
/// started chunk is awaited before returning, so none still reads the caller's buffer.</summary>
internal static class WritePipeline
{
    /// <summary>Writes one chunk completely (continuing after short counts) or throws.</summary>
    public delegate Task ChunkWriter(long offset, ReadOnlyMemory<byte> data, long remaining, CancellationToken cancellationToken);

    public static async Task WriteAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, int chunk, int window,
        ChunkWriter writeChunk, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        if (data.Length <= chunk)
        {
            await writeChunk(offset, data, Math.Max(0, remainingHint), cancellationToken).ConfigureAwait(false);
            return;
        }
        using var slots = new SemaphoreSlim(Math.Max(1, window));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writes = new List<Task>();
        try
        {
            for (int start = 0; start < data.Length; start += chunk)
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                int length = Math.Min(chunk, data.Length - start);
                long remaining = data.Length - start - length + Math.Max(0, remainingHint);
                writes.Add(WriteReleasingAsync(slots, stop, writeChunk, offset + start, data.Slice(start, length), remaining));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A chunk failed and stopped the loop; its exception is rethrown below.
        }
        await Task.WhenAll(writes).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task WriteReleasingAsync(SemaphoreSlim slots, CancellationTokenSource stop, ChunkWriter writeChunk, long offset,
        ReadOnlyMemory<byte> data, long remaining)
    {
        try
        {
            await writeChunk(offset, data, remaining, stop.Token).ConfigureAwait(false);
        }
        catch
        {
            // No further chunks: the write has failed whatever the others do.
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            slots.Release();
        }
    }
}
