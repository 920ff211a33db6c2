namespace SmbDrive.Smb.Io;

/// <summary>One large read cut into consecutive chunks, several in flight at once, each landing in its own
/// slice of the caller's buffer. Shared by the SMB2/3 and SMB1 files, which differ only in how one chunk is
/// read and how many may be outstanding.</summary>
internal static class ChunkPipeline
{
    /// <summary>Reads chunks of <paramref name="chunk"/> bytes with at most <paramref name="maxInFlight"/>()
    /// outstanding, asked again before each chunk is issued so that a window that grows or shrinks meanwhile
    /// takes effect within the read. Each chunk is told how many bytes the caller will still want after it
    /// (the server's read-ahead hint). Returns the bytes up to the first short chunk (end of file). Every chunk has finished
    /// before this returns or throws: none may still be writing into the caller's buffer.</summary>
    public static async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, int chunk, Func<int> maxInFlight,
        Func<long, Memory<byte>, long, CancellationToken, ValueTask<int>> readChunk, CancellationToken cancellationToken)
    {
        int total = buffer.Length;
        var inFlight = new Queue<(ValueTask<int> Task, int Start, int Length)>(Math.Min(maxInFlight(), total / chunk + 1));
        int issued = 0, done = 0;
        Exception? failure = null;
        bool endOfFile = false;
        while (true)
        {
            while (failure is null && !endOfFile && issued < total && inFlight.Count < maxInFlight())
            {
                int length = Math.Min(chunk, total - issued);
                long remaining = total - issued - length + remainingHint;
                inFlight.Enqueue((readChunk(offset + issued, buffer.Slice(issued, length), remaining, cancellationToken), issued, length));
                issued += length;
            }
            if (inFlight.Count == 0) break;
            var (task, start, len) = inFlight.Dequeue();
            try
            {
                int n = await task.ConfigureAwait(false);
                if (failure is null && !endOfFile)
                {
                    done = start + n;
                    if (n < len) endOfFile = true; // later chunks lie past the end: their answers are ignored
                }
            }
            catch (Exception e)
            {
                // Keep draining: no request may still be writing into the caller's buffer when we return.
                failure ??= e;
            }
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return done;
    }
}
