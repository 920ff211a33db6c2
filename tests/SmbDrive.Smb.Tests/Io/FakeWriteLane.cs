using System.Diagnostics;
using SmbDrive.Smb;
using SmbDrive.Smb.Io;

namespace SmbDrive.Smb.Tests.Io;

/// <summary>A write lane over an in-memory file, for unit tests of the scheduler's write side: it records every
/// WRITE, can accept only part of one, delay, or fail, and has its own budget of <c>windowBytes</c>.</summary>
internal sealed class FakeWriteLane : IWriteLane
{
    private readonly Lock _lock = new();
    private int _inFlight;

    public FakeWriteLane(int chunkBytes, int windowBytes, string path = "f.bin")
    {
        WriteChunkBytes = chunkBytes;
        Path = path;
        Budget = new IoBudget(new ReadWindow(windowBytes, windowBytes, Stopwatch.Frequency), _ => long.MaxValue / 4);
    }

    public byte[] Data { get; private set; } = [];
    public IoBudget Budget { get; }
    public int WriteChunkBytes { get; }
    public string Path { get; }

    /// <summary>Most bytes one WRITE is accepted with (a server that accepts part).</summary>
    public int MaxAcceptedBytes { get; set; } = int.MaxValue;

    /// <summary>Runs before each WRITE is answered; may delay or throw.</summary>
    public Func<long, CancellationToken, Task>? BeforeAnswer { get; set; }

    private readonly List<(long Offset, int Length, long RemainingHint)> _writes = [];

    /// <summary>Every request so far, in order; a snapshot, safe to read while requests are still running.</summary>
    public IReadOnlyList<(long Offset, int Length, long RemainingHint)> Writes
    {
        get { lock (_lock) return _writes.ToArray(); }
    }
    public int MaxInFlight { get; private set; }

    public int InFlight
    {
        get { lock (_lock) return _inFlight; }
    }

    public async ValueTask<int> WriteOnceAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _writes.Add((offset, data.Length, remainingHint));
            MaxInFlight = Math.Max(MaxInFlight, ++_inFlight);
        }
        try
        {
            await Task.Yield();
            if (BeforeAnswer is not null) await BeforeAnswer(offset, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(data.Length, MaxAcceptedBytes);
            lock (_lock)
            {
                if (Data.Length < offset + count)
                {
                    var grown = new byte[offset + count];
                    Data.CopyTo(grown, 0);
                    Data = grown;
                }
                data.Span[..count].CopyTo(Data.AsSpan((int)offset));
            }
            return count;
        }
        finally
        {
            lock (_lock) _inFlight--;
        }
    }
}
