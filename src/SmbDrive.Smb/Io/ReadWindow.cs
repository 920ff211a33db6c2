using System.Diagnostics;

namespace SmbDrive.Smb.Io;

/// <summary>How many bytes of READs one connection keeps in flight, sized from what the connection has shown.
/// Like TCP receive-window auto-tuning and HTTP/2's dynamic window (System.Net.Http's RTT estimator), it estimates
/// the bandwidth-delay product: the throughput while requests are outstanding times the smallest round trip
/// seen lately. The window is twice that, kept between a floor and the memory budget, and moves at most by a
/// factor of two per sample so that one odd sample cannot collapse or explode it. On a LAN the floor rules; over
/// a long, fast link the window grows until the throughput stops rising.</summary>
/// <remarks>Thread-safe: completions arrive from the receive loop and from callers' continuations.</remarks>
internal sealed class ReadWindow
{
    private readonly Lock _lock = new();
    private readonly long _frequency;
    // The smallest round trip is forgotten after 10 s, so that a route change is noticed.
    private readonly long _minRttLifetime;
    // A throughput sample spans at least 2 ms of busy time; shorter ones are dominated by jitter.
    private readonly long _minSample;
    private int _target;
    private long _minRtt = long.MaxValue;
    private long _minRttAt;
    private int _outstanding;
    private long _lastEvent;
    private long _busy;
    private long _sampleBusyStart;
    private long _sampleBytes;
    private long _rate;

    public ReadWindow(int floorBytes, int budgetBytes, long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(floorBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        FloorBytes = Math.Min(floorBytes, budgetBytes);
        BudgetBytes = budgetBytes;
        _frequency = ticksPerSecond;
        _minRttLifetime = ticksPerSecond * 10;
        _minSample = ticksPerSecond / 500;
        _target = FloorBytes;
    }

    /// <summary>A window for a connection described by the client options: the floor is four READs of the
    /// usual size (at most the budget), the budget is <see cref="SmbClientOptions.ReadWindowBytes"/>.</summary>
    public static ReadWindow For(SmbClientOptions options) =>
        new(Math.Min(options.ReadWindowBytes, 4 * Math.Max(65536, options.MaxReadChunk)), options.ReadWindowBytes, Stopwatch.Frequency);

    public int FloorBytes { get; }
    public int BudgetBytes { get; }

    /// <summary>Bytes of READs to keep in flight now.</summary>
    public int TargetBytes => Volatile.Read(ref _target);

    /// <summary>The smallest round trip seen lately, or null before the first READ completed.</summary>
    public TimeSpan? MinRoundTrip
    {
        get
        {
            lock (_lock) return _minRtt == long.MaxValue ? null : TimeSpan.FromSeconds((double)_minRtt / _frequency);
        }
    }

    /// <summary>Throughput of the last sample in bytes per second while READs were outstanding (0 before one).</summary>
    public long BytesPerSecond
    {
        get { lock (_lock) return _rate; }
    }

    /// <summary>A READ was sent at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void Started(long now)
    {
        lock (_lock)
        {
            AdvanceBusy(now);
            _outstanding++;
        }
    }

    /// <summary>The READ sent at <paramref name="started"/> was answered at <paramref name="now"/> with
    /// <paramref name="bytes"/> bytes (0 for a failure, which still ends its busy time).</summary>
    public void Completed(long started, long now, int bytes)
    {
        lock (_lock)
        {
            AdvanceBusy(now);
            if (_outstanding > 0) _outstanding--;
            if (bytes <= 0) return;
            long rtt = Math.Max(1, now - started);
            if (rtt <= _minRtt || now - _minRttAt > _minRttLifetime)
            {
                _minRtt = rtt;
                _minRttAt = now;
            }
            _sampleBytes += bytes;
            long sampleBusy = _busy - _sampleBusyStart;
            // A sample ends after at least one window of data and several round trips of busy time.
            if (sampleBusy < Math.Max(_minSample, 4 * _minRtt) || _sampleBytes < _target) return;
            _rate = (long)(_sampleBytes * (double)_frequency / sampleBusy);
            // The round trip of a READ includes sending its data, so the product already counts one READ
            // arriving; twice it also covers the one the server is preparing.
            long wanted = (long)(2 * _rate * (double)_minRtt / _frequency);
            long next = Math.Clamp(wanted, _target / 2, 2L * _target);
            Volatile.Write(ref _target, (int)Math.Clamp(next, FloorBytes, BudgetBytes));
            _sampleBusyStart = _busy;
            _sampleBytes = 0;
        }
    }

    /// <summary>Adds the time since the last event to the busy time if anything was outstanding meanwhile.</summary>
    private void AdvanceBusy(long now)
    {
        if (_outstanding > 0 && now > _lastEvent) _busy += now - _lastEvent;
        _lastEvent = Math.Max(_lastEvent, now);
    }
}
