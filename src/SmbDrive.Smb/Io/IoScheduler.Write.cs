using System.Runtime.CompilerServices;

namespace SmbDrive.Smb.Io;

// The write side of the engine: the same chunking, the same per-connection budget, the same failure rules as reads.
internal static partial class IoScheduler
{
    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>. It is cut into WRITEs of the
    /// lane's chunk size, all placed at once, each waiting for room in the connection's budget; a WRITE the server
    /// accepts only part of is continued with the rest. The first failure stops the other chunks and is rethrown
    /// as it was. Every WRITE has finished before the call returns or throws: none still reads the caller's memory.
    /// <paramref name="remainingHint"/> is what the caller will write after this call.</summary>
    public static ValueTask WriteAsync(IWriteLane lane, long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (data.IsEmpty) return ValueTask.CompletedTask;
        remainingHint = Math.Max(0, remainingHint);
        if (data.Length <= lane.WriteChunkBytes) return WriteChunkAsync(lane, offset, data, remainingHint, cancellationToken);
        return new ValueTask(WriteChunksAsync(lane, offset, data, remainingHint, cancellationToken));
    }

    private static async Task WriteChunksAsync(IWriteLane lane, long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken)
    {
        int chunk = lane.WriteChunkBytes;
        int count = (int)(((long)data.Length + chunk - 1) / chunk);
        var writes = new Task[count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (int i = 0; i < count; i++)
        {
            int start = i * chunk;
            int length = Math.Min(chunk, data.Length - start);
            writes[i] = WriteChunkAsync(lane, offset + start, data.Slice(start, length), data.Length - start - length + remainingHint, stop.Token).AsTask();
            StopOthersOnFailure(writes[i], stop);
        }
        await WhenAllOrFirstFailureAsync(writes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One chunk: admitted by the connection's budget, then sent, continuing after partial acceptance.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask WriteChunkAsync(IWriteLane lane, long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken)
    {
        int bytes = data.Length;
        await lane.Budget.EnterAsync(bytes, cancellationToken).ConfigureAwait(false);
        try
        {
            while (!data.IsEmpty)
            {
                int n = await lane.WriteOnceAsync(offset, data, remainingHint, cancellationToken).ConfigureAwait(false);
                if (n <= 0 || n > data.Length)
                    throw new InvalidOperationException($"{lane.Path}: a lane reported {n} bytes written of {data.Length}.");
                offset += n;
                data = data[n..];
            }
        }
        finally
        {
            lane.Budget.Exit(bytes);
        }
    }
}
