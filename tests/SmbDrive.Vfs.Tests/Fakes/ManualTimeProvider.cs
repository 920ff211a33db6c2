namespace SmbDrive.Vfs.Tests.Fakes;

/// <summary>A clock that moves only when a test says so, for cache-lifetime tests that must not sleep.
/// Timers (Task.Delay, keep-alive) still run on real time; tests using this clock turn keep-alive off.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = new DateTime(2024, 6, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
