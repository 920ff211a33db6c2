using System.Runtime.InteropServices;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Fakes;

/// <summary>An open share file over an in-memory byte array that records every read.</summary>
internal sealed class FakeFile : ISmbFile
{
    private readonly byte[] _data;
    private readonly object _lock = new();
    private int _inFlight;

    public FakeFile(string path, SmbFileInfo info, byte[] data)
    {
        Path = path;
        Info = info;
        _data = data;
    }

    public string Path { get; }
    public SmbFileInfo Info { get; }
    public bool Disposed { get; private set; }

    /// <summary>Reads at or past this offset fail with the given exception.</summary>
    public (long Offset, Exception Error)? FailAt { get; set; }

    /// <summary>Called when a read starts, before it completes; may delay it.</summary>
    public Func<long, Task>? OnReadStarted { get; set; }

    public List<(long Offset, int Length, long RemainingHint)> Reads { get; } = [];
    public HashSet<byte[]> Buffers { get; } = new(ReferenceEqualityComparer.Instance);
    public int MaxReadsInFlight { get; private set; }

    public int ReadsInFlight
    {
        get { lock (_lock) return _inFlight; }
    }

    public async ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Reads.Add((offset, buffer.Length, remainingHint));
            if (MemoryMarshal.TryGetArray<byte>(buffer, out var segment)) Buffers.Add(segment.Array!);
            MaxReadsInFlight = Math.Max(MaxReadsInFlight, ++_inFlight);
        }
        try
        {
            if (OnReadStarted is not null) await OnReadStarted(offset);
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            if (FailAt is { } failure && offset >= failure.Offset) throw failure.Error;
            if (offset >= _data.Length) return 0;
            int count = (int)Math.Min(buffer.Length, _data.Length - offset);
            _data.AsSpan((int)offset, count).CopyTo(buffer.Span);
            return count;
        }
        finally
        {
            lock (_lock) _inFlight--;
        }
    }

    /// <summary>Test double of the client's streamed copy: 64 KiB reads one after another through ReadAsync.</summary>
    public async Task<long> CopyToAsync(long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        long total = 0;
        while (true)
        {
            int n = await ReadAsync(offset + total, buffer, 0, cancellationToken);
            if (n > 0) await sink(buffer.AsMemory(0, n), cancellationToken);
            total += n;
            if (n < buffer.Length) return total;
        }
    }

    public Task<SmbFileInfo> QueryInfoAsync(CancellationToken cancellationToken) => Task.FromResult(Info);

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
