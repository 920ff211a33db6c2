using System.Threading.Channels;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>A lease break handler for tests: it records every break and, while <see cref="Hold"/> is set, does not
/// return (so the client's own acknowledgement does not happen) until the test releases it.</summary>
internal sealed class BreakRecorder : ISmbLeaseBreakHandler
{
    private readonly Channel<SmbLeaseBreak> _breaks = Channel.CreateUnbounded<SmbLeaseBreak>();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    public bool Hold { get; init; }
    public int Count => Volatile.Read(ref _count);

    public async Task OnBreakAsync(SmbLeaseBreak leaseBreak, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        _breaks.Writer.TryWrite(leaseBreak);
        if (Hold) await _released.Task.ConfigureAwait(false);
    }

    /// <summary>The next break, or a TimeoutException after <paramref name="bound"/> (a failure bound).</summary>
    public Task<SmbLeaseBreak> NextAsync(TimeSpan bound) => _breaks.Reader.ReadAsync().AsTask().WaitAsync(bound);

    /// <summary>Lets every held call return.</summary>
    public void Release() => _released.TrySetResult();
}
