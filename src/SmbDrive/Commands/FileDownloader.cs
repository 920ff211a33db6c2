using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary>Copies an open share file to a stream through a ring of buffers: several reads are outstanding
/// while the oldest one's bytes are written, so the client's pipelines on every connection never run dry at
/// the boundary between two reads, and memory stays at <c>depth × chunk</c> whatever the file size. Each read
/// passes the bytes still expected after it as the remaining-bytes hint (the server's read-ahead).</summary>
internal static class FileDownloader
{
    /// <summary>4 MiB: large enough to be spread over the share's connections and to keep several
    /// MaxReadChunk-sized READs in flight per call.</summary>
    public const int DefaultChunkBytes = 4 * 1024 * 1024;

    /// <summary>Reads outstanding at once: 16 MiB of buffers with the default chunk.</summary>
    public const int DefaultDepth = 4;

    private const int MinChunkBytes = 64 * 1024;

    /// <summary>Copies until the share returns a short read (end of file). <paramref name="progress"/> gets the
    /// running total after each chunk is written. Returns the bytes copied.</summary>
    public static async Task<long> CopyAsync(ISmbFile file, Stream destination, Action<long>? progress,
        CancellationToken cancellationToken, int chunkBytes = DefaultChunkBytes, int depth = DefaultDepth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        long expected = Math.Max(0, file.Info.Size);
        // One byte more than a small file's size makes its single read a short one: no extra round trip for EOF.
        int size = (int)Math.Clamp(expected + 1, Math.Min(MinChunkBytes, chunkBytes), chunkBytes);
        using var readCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reads = new Queue<(Task<int> Read, byte[] Buffer, long Offset)>(depth);
        long nextOffset = 0, written = 0;

        void Issue(byte[] buffer)
        {
            reads.Enqueue((file.ReadAsync(nextOffset, buffer, Math.Max(0, expected - nextOffset - size), readCancellation.Token).AsTask(),
                buffer, nextOffset));
            nextOffset += size;
        }

        try
        {
            // Reads past the expected size are issued only when the file turns out to have grown.
            Issue(GC.AllocateUninitializedArray<byte>(size));
            while (reads.Count < depth && nextOffset <= expected) Issue(GC.AllocateUninitializedArray<byte>(size));
            while (reads.TryDequeue(out var head))
            {
                int count = await head.Read;
                if (count > 0) await destination.WriteAsync(head.Buffer.AsMemory(0, count), cancellationToken);
                written = head.Offset + count;
                if (count > 0) progress?.Invoke(written);
                if (count < size) break; // end of file: later reads (if any) lie beyond it
                if (nextOffset <= expected || reads.Count == 0) Issue(head.Buffer);
            }
        }
        finally
        {
            // Reads still in flight write into our buffers and hold the file: stop them and wait for them.
            if (reads.Count > 0)
            {
                await readCancellation.CancelAsync();
                foreach (var (read, _, _) in reads)
                    try { await read; } catch (Exception) { /* the copy's own outcome is the one to report */ }
            }
        }
        await destination.FlushAsync(cancellationToken);
        return written;
    }
}
