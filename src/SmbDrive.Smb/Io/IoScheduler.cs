using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace SmbDrive.Smb.Io;

/// <summary>The one I/O engine: every reader and writer of a share file — the mount's block fetches, read-ahead
/// and writes, and <c>smbdrive get</c>/<c>cat</c>/<c>put</c> — comes through here. It cuts a read into READs of
/// the lane's chunk size, sends each on the file's least loaded connection once that connection's
/// <see cref="IoBudget"/> has room, lets each land straight in its slice of the caller's memory, and decides where
/// the file ends. Writes are cut and admitted the same way (IoScheduler.Write.cs).</summary>
/// <remarks>
/// The end-of-file rule, the same for SMB2/3 and SMB1: a READ answered with fewer bytes than asked is not the
/// end (an SMB2 server may answer short, and Samba caps an SMB1 READ_ANDX at its buffer), so the rest is asked
/// for; only an answer of no bytes (STATUS_END_OF_FILE or a zero count) is the end. A read returns the bytes up
/// to that point. Callers that know the size ask up to it, and then no extra round trip is needed.
/// <para>Errors keep their identity: a failure is rethrown as it was thrown (with its stack), and a read that
/// was only cancelled ends in <see cref="OperationCanceledException"/>. Every READ has finished before a call
/// returns or throws: none may still be writing into the caller's memory.</para>
/// </remarks>
internal static partial class IoScheduler
{
    /// <summary>Most memory a streamed copy keeps in READ buffers.</summary>
    internal const int MaxStreamBytes = 32 * 1024 * 1024;

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; fewer only at the end of the
    /// file. <paramref name="remainingHint"/> is what the caller will read after this call.</summary>
    public static ValueTask<int> ReadAsync(IReadLanes file, long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (buffer.IsEmpty) return ValueTask.FromResult(0);
        var lanes = file.Lanes;
        if (buffer.Length <= lanes[0].ChunkBytes) return ReadChunkAsync(file, offset, buffer, Math.Max(0, remainingHint), cancellationToken);
        return new ValueTask<int>(ReadChunksAsync(file, offset, buffer, Math.Max(0, remainingHint), cancellationToken));
    }

    /// <summary>Reads from <paramref name="offset"/> to the end of the file and hands the bytes to
    /// <paramref name="sink"/> in order, keeping READs in flight while the sink works. <paramref name="expectedLength"/>
    /// is how much the caller expects (the file's size): READs are cut at it, and one READ past it finds the end
    /// (or that the file grew) without costing a round trip of its own. Memory stays within
    /// <see cref="MaxStreamBytes"/>. Returns the bytes handed over.</summary>
    public static async Task<long> CopyToAsync(IReadLanes file, long offset, long expectedLength,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        int chunk = file.Lanes[0].ChunkBytes;
        long expectedEnd = offset + Math.Max(0, expectedLength);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<(Task<int> Read, byte[] Buffer, long Offset, int Length)>();
        var spare = new Stack<byte[]>();
        long next = offset, delivered = 0;
        bool grown = false;
        try
        {
            while (true)
            {
                // Enough buffers to cover what the connections take in flight now, plus the one the sink holds.
                while ((next <= expectedEnd || grown) && inFlight.Count < StreamDepth(file, chunk))
                {
                    int length = next < expectedEnd ? (int)Math.Min(chunk, expectedEnd - next) : chunk;
                    var buffer = spare.Count > 0 ? spare.Pop() : GC.AllocateUninitializedArray<byte>(chunk);
                    long after = Math.Max(0, expectedEnd - next - length);
                    inFlight.Enqueue((ReadChunkAsync(file, next, buffer.AsMemory(0, length), after, stop.Token).AsTask(), buffer, next, length));
                    next += length;
                }
                if (!inFlight.TryPeek(out var head)) return delivered;
                int n = await head.Read.ConfigureAwait(false);
                inFlight.Dequeue();
                if (n > 0) await sink(head.Buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                delivered += n;
                if (n < head.Length) return delivered; // the end of the file: READs after it are stopped below
                if (head.Offset >= expectedEnd) grown = true; // a READ at or past the expected end came back full
                spare.Push(head.Buffer);
            }
        }
        finally
        {
            // READs still in flight write into our buffers: stop them and wait for every one.
            if (inFlight.Count > 0)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                foreach (var (read, _, _, _) in inFlight)
                    try { await read.ConfigureAwait(false); } catch (Exception) { /* the copy's own outcome is the one reported */ }
            }
        }
    }

    private static int StreamDepth(IReadLanes file, int chunk)
    {
        long window = 0;
        foreach (var lane in file.Lanes) window += lane.Budget.LimitBytes(chunk);
        return (int)Math.Clamp(window / chunk + 2, 4, Math.Max(4, MaxStreamBytes / chunk));
    }

    /// <summary>A read of several chunks: all are issued at once and wait for room on their connections.</summary>
    private static async Task<int> ReadChunksAsync(IReadLanes file, long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        int chunk = file.Lanes[0].ChunkBytes;
        int count = (int)(((long)buffer.Length + chunk - 1) / chunk);
        var reads = new Task<int>[count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (int i = 0; i < count; i++)
        {
            int start = i * chunk;
            int length = Math.Min(chunk, buffer.Length - start);
            reads[i] = ReadChunkAsync(file, offset + start, buffer.Slice(start, length), buffer.Length - start - length + remainingHint, stop.Token).AsTask();
            StopOthersOnFailure(reads[i], stop);
        }
        await WhenAllOrFirstFailureAsync(reads, cancellationToken).ConfigureAwait(false);
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            int n = reads[i].Result;
            total += n;
            if (n < Math.Min(chunk, buffer.Length - i * chunk)) break; // the end of the file is inside this chunk
        }
        return total;
    }

    /// <summary>The first real failure of a chunk stops the others at once, so that it is reported without waiting for them.</summary>
    private static void StopOthersOnFailure(Task chunk, CancellationTokenSource stop) =>
        _ = chunk.ContinueWith(static (_, s) => ((CancellationTokenSource)s!).Cancel(), stop,
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>Waits for every chunk; rethrows what actually went wrong, as it was thrown (the other chunks'
    /// cancellations are its echo), or the caller's cancellation.</summary>
    private static async Task WhenAllOrFirstFailureAsync(Task[] chunks, CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(chunks).ConfigureAwait(false);
        }
        catch (Exception)
        {
            foreach (var chunk in chunks)
                if (chunk.IsFaulted) ExceptionDispatchInfo.Throw(chunk.Exception!.InnerException!);
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }

    /// <summary>One chunk: sent on the least loaded lane once its connection has room. A lane whose connection
    /// fails hands the chunk to another lane of the file; the last lane's failure is the read's.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadChunkAsync(IReadLanes file, long offset, Memory<byte> destination, long remainingHint, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lanes = file.Lanes;
            var lane = LeastLoaded(lanes, destination.Length);
            await lane.Budget.EnterAsync(destination.Length, cancellationToken).ConfigureAwait(false);
            try
            {
                return await FillAsync(lane, offset, destination, remainingHint, cancellationToken).ConfigureAwait(false);
            }
            catch (SmbConnectionException) when (!lane.IsUsable && lanes.Length > 1 && !cancellationToken.IsCancellationRequested)
            {
                // Its connection is gone; the file's lanes no longer include it. Try again on the others.
            }
            finally
            {
                lane.Budget.Exit(destination.Length);
            }
        }
    }

    /// <summary>The end-of-file rule (see the class remarks): fills <paramref name="destination"/> unless an
    /// answer of no bytes says the file ends first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> FillAsync(IReadLane lane, long offset, Memory<byte> destination, long remainingHint, CancellationToken cancellationToken)
    {
        int got = 0;
        while (got < destination.Length)
        {
            int n = await lane.ReadOnceAsync(offset + got, destination[got..], remainingHint, cancellationToken).ConfigureAwait(false);
            if (n <= 0) break;
            got += n;
        }
        return got;
    }

    private static IReadLane LeastLoaded(IReadLane[] lanes, int bytes)
    {
        var best = lanes[0];
        if (lanes.Length == 1) return best;
        double bestLoad = best.Budget.LoadWith(bytes);
        for (int i = 1; i < lanes.Length; i++)
        {
            double load = lanes[i].Budget.LoadWith(bytes);
            if (load < bestLoad) (best, bestLoad) = (lanes[i], load);
        }
        return best;
    }
}
