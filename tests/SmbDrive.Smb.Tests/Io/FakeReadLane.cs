using System.Diagnostics;
using SmbDrive.Smb;
using SmbDrive.Smb.Io;

namespace SmbDrive.Smb.Tests.Io;

/// <summary>A read lane over an in-memory file, for unit tests of the scheduler: it records every READ, can
/// answer short, delay, or fail, and has its own budget of <c>windowBytes</c>.</summary>
internal sealed class FakeReadLane : IReadLane, IReadLanes
{
    private readonly Lock _lock = new();
    private int _inFlight;

    public FakeReadLane(byte[] data, int chunkBytes, int windowBytes, string path = "f.bin")
    {
        Data = data;
        ChunkBytes = chunkBytes;
        Path = path;
        Budget = new IoBudget(new ReadWindow(windowBytes, windowBytes, Stopwatch.Frequency), _ => long.MaxValue / 4);
        Lanes = [this];
    }

    public byte[] Data { get; set; }
    public IoBudget Budget { get; }
    public int ChunkBytes { get; }
    public bool IsUsable { get; set; } = true;
    public string Path { get; }
    public IReadLane[] Lanes { get; set; }

    /// <summary>Most bytes one answer carries (a server that answers short).</summary>
    public int MaxAnswerBytes { get; set; } = int.MaxValue;

    /// <summary>Runs before each READ is answered; may delay or throw.</summary>
    public Func<long, CancellationToken, Task>? BeforeAnswer { get; set; }

    private readonly List<(long Offset, int Length, long RemainingHint)> _reads = [];

    /// <summary>Every request so far, in order; a snapshot, safe to read while requests are still running.</summary>
    public IReadOnlyList<(long Offset, int Length, long RemainingHint)> Reads
    {
        get { lock (_lock) return _reads.ToArray(); }
    }
    public int MaxInFlight { get; private set; }

    public int InFlight
    {
        get { lock (_lock) return _inFlight; }
    }

    public async ValueTask<int> ReadOnceAsync(long offset, Memory<byte> destination, long remainingHint, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _reads.Add((offset, destination.Length, remainingHint));
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        }
        try
        {
            await Task.Yield();
            if (BeforeAnswer is not null) await BeforeAnswer(offset, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (offset >= Data.Length) return 0;
            int count = (int)Math.Min(Math.Min(destination.Length, MaxAnswerBytes), Data.Length - offset);
            Data.AsSpan((int)offset, count).CopyTo(destination.Span);
            return count;
        }
        finally
        {
            lock (_lock) _inFlight--;
        }
    }
}
