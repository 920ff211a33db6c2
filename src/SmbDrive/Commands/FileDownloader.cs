using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary>Copies an open share file to a stream with two buffers: the next chunk is read from the share while
/// the previous one is written, so neither side waits for the other and memory stays at two chunks whatever the
/// file size. Each read passes the bytes still expected after it as the remaining-bytes hint, so that the
/// client keeps its own pipeline of READ requests full.</summary>
internal static class FileDownloader
{
    /// <summary>8 MiB: several MaxReadChunk-sized READs in flight per call.</summary>
    public const int DefaultChunkBytes = 8 * 1024 * 1024;

    private const int MinChunkBytes = 64 * 1024;

    /// <summary>Copies until the share returns a short read (end of file). <paramref name="progress"/> gets the
    /// running total after each chunk is written. Returns the bytes copied.</summary>
    public static async Task<long> CopyAsync(ISmbFile file, Stream destination, Action<long>? progress,
        CancellationToken cancellationToken, int chunkBytes = DefaultChunkBytes)
    {
        long expected = Math.Max(0, file.Info.Size);
        // One byte more than a small file's size makes its single read a short one: no extra round trip for EOF.
        int size = (int)Math.Clamp(expected + 1, Math.Min(MinChunkBytes, chunkBytes), chunkBytes);
        byte[] current = GC.AllocateUninitializedArray<byte>(size);
        byte[] next = GC.AllocateUninitializedArray<byte>(size);

        using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long offset = 0;
        int count = await file.ReadAsync(0, current, Remaining(expected, 0, size), cancellationToken);
        while (count > 0)
        {
            long written = offset + count;
            bool endOfFile = count < current.Length;
            Task<int> reading = endOfFile
                ? Task.FromResult(0)
                : file.ReadAsync(written, next, Remaining(expected, written, size), readCancellation.Token).AsTask();
            try
            {
                await destination.WriteAsync(current.AsMemory(0, count), cancellationToken);
            }
            catch
            {
                // The read in flight writes into 'next' and holds the file: stop it and wait for it to finish.
                await readCancellation.CancelAsync();
                try { await reading; } catch (Exception) { /* the write failure is the one to report */ }
                throw;
            }
            offset = written;
            progress?.Invoke(offset);
            count = await reading;
            (current, next) = (next, current);
        }
        await destination.FlushAsync(cancellationToken);
        return offset;
    }

    private static long Remaining(long expected, long offset, int chunk) => Math.Max(0, expected - offset - chunk);
}
