using Serilog;
using SmbDrive.Smb;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;

namespace SmbDrive.Vfs.Reconnect;

/// <summary>Owns the one current share. When it is lost (the connection failed, the server restarted, the
/// session or tree was deleted), the next caller starts a reconnect loop that all callers share: connect,
/// authenticate and connect the tree again through the factory, with exponential backoff from 0.25 s to
/// 5 s, until the reconnect timeout counted from the moment of loss. Callers just wait; after the timeout
/// they get STATUS_CONNECTION_DISCONNECTED. Later callers try once more each (so the drive heals as soon as
/// the server is back) but no longer wait out the backoff.</summary>
internal sealed class ConnectionSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    /// <summary>Bound for an attempt made after the outage already outlasted the timeout.</summary>
    private static readonly TimeSpan LateAttemptLimit = TimeSpan.FromSeconds(5);

    private readonly Func<CancellationToken, Task<ISmbShare>> _connect;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly VfsCounters _counters;
    private readonly Action<ShareLease> _onReconnected;
    // Never disposed: a reconnect loop may still read its token while winding down, and a source without
    // a timer holds nothing that needs releasing.
    private readonly CancellationTokenSource _shutdown = new();
    private readonly object _lock = new();
    private ISmbShare? _share;
    private int _generation = 1;
    private Task<ShareLease>? _reconnecting;
    private long? _downSince;
    private long _lastActivity;
    private bool _disposed;

    public ConnectionSupervisor(ISmbShare initial, Func<CancellationToken, Task<ISmbShare>> connect, TimeSpan timeout,
        TimeProvider time, ILogger log, VfsCounters counters, Action<ShareLease> onReconnected)
    {
        _share = initial;
        _connect = connect;
        _timeout = timeout;
        _time = time;
        _log = log;
        _counters = counters;
        _onReconnected = onReconnected;
        Host = initial.Host;
        ShareName = initial.Share;
        _lastActivity = time.GetTimestamp();
    }

    public string Host { get; }
    public string ShareName { get; }

    /// <summary>Timestamp of the last request that completed on the connection.</summary>
    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>The current share when connected, without waiting.</summary>
    public bool TryGetCurrent(out ShareLease lease)
    {
        lock (_lock)
        {
            if (_share is { IsBroken: false } share)
            {
                lease = new ShareLease(share, _generation);
                return true;
            }
        }
        lease = default;
        return false;
    }

    public ValueTask<ShareLease> AcquireAsync(CancellationToken cancellationToken) =>
        TryGetCurrent(out var lease) ? ValueTask.FromResult(lease) : new ValueTask<ShareLease>(ReconnectAsync(cancellationToken));

    public void MarkActivity() => Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());

    /// <summary>Runs a share-level request, reconnecting and repeating it when the connection is lost. Only
    /// for idempotent requests (everything the read-only drive sends).</summary>
    public async Task<T> RunAsync<T>(Func<ISmbShare, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        long? firstLoss = null;
        while (true)
        {
            var lease = await AcquireAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                T result = await operation(lease.Share, cancellationToken).ConfigureAwait(false);
                MarkActivity();
                return result;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && VfsErrorMapper.IsConnectionLoss(ex, lease.Share))
            {
                ReportLost(lease, ex);
                firstLoss ??= _time.GetTimestamp();
                ThrowIfOutOfTime(firstLoss.Value, ex);
                _counters.RetriedRequest();
            }
        }
    }

    /// <summary>Throws the disconnected status when a request has been failing for longer than the timeout
    /// (the connection keeps coming back and dropping again).</summary>
    public void ThrowIfOutOfTime(long firstLoss, Exception last)
    {
        if (_time.GetElapsedTime(firstLoss) > _timeout)
            throw Disconnected(last);
    }

    /// <summary>Records that the connection behind <paramref name="lease"/> failed. Ignored when that
    /// connection was already replaced.</summary>
    public void ReportLost(ShareLease lease, Exception reason)
    {
        ISmbShare? dead;
        lock (_lock)
        {
            if (lease.Generation != _generation || _share is null) return;
            dead = _share;
            _share = null;
            _downSince ??= _time.GetTimestamp();
        }
        _log.Warning("Connection to {Host}/{Share} lost ({Reason}); reconnecting for up to {TimeoutSeconds} s",
            Host, ShareName, reason.Message, _timeout.TotalSeconds);
        DisposeQuietly(dead);
    }

    public async ValueTask DisposeAsync()
    {
        ISmbShare? share;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            share = _share;
            _share = null;
        }
        await _shutdown.CancelAsync().ConfigureAwait(false);
        if (share is not null)
        {
            try
            {
                await share.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SmbException or IOException or ObjectDisposedException)
            {
                _log.Debug("Closing the connection to {Host}/{Share} failed: {Reason}", Host, ShareName, ex.Message);
            }
        }
    }

    private async Task<ShareLease> ReconnectAsync(CancellationToken cancellationToken)
    {
        Task<ShareLease> loop;
        ISmbShare? dead = null;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_share is { IsBroken: false } share) return new ShareLease(share, _generation);
            if (_share is not null)
            {
                // Broken without anyone having reported it yet (the client noticed on its own).
                dead = _share;
                _share = null;
                _downSince ??= _time.GetTimestamp();
            }
            loop = _reconnecting ??= ReconnectLoopAsync();
        }
        if (dead is not null)
        {
            _log.Warning("Connection to {Host}/{Share} is broken; reconnecting for up to {TimeoutSeconds} s",
                Host, ShareName, _timeout.TotalSeconds);
            DisposeQuietly(dead);
        }
        return await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ShareLease> ReconnectLoopAsync()
    {
        // Runs outside the caller's lock acquisition.
        await Task.Yield();
        long downSince;
        lock (_lock) downSince = _downSince ?? _time.GetTimestamp();
        var delay = FirstBackoff;
        int attempts = 0;
        Exception? last = null;
        try
        {
            while (true)
            {
                attempts++;
                var remaining = _timeout - _time.GetElapsedTime(downSince);
                if (attempts > 1 && remaining <= TimeSpan.Zero) break;
                try
                {
                    var share = await ConnectOnceAsync(remaining > TimeSpan.Zero ? remaining : LateAttemptLimit).ConfigureAwait(false);
                    ShareLease lease;
                    bool disposed;
                    lock (_lock)
                    {
                        disposed = _disposed;
                        if (!disposed) _share = share;
                        _generation++;
                        _downSince = null;
                        _reconnecting = null;
                        lease = new ShareLease(share, _generation);
                    }
                    if (disposed)
                    {
                        DisposeQuietly(share);
                        throw new ObjectDisposedException(nameof(ConnectionSupervisor));
                    }
                    _counters.Reconnect();
                    MarkActivity();
                    _log.Warning("Reconnected to {Host}/{Share} after {Attempts} attempt(s), {DownSeconds:0.0} s after the loss",
                        Host, ShareName, attempts, _time.GetElapsedTime(downSince).TotalSeconds);
                    _onReconnected(lease);
                    return lease;
                }
                catch (Exception ex) when (!_shutdown.IsCancellationRequested && ex is not ObjectDisposedException)
                {
                    last = ex;
                    _log.Debug("Reconnect attempt {Attempt} to {Host}/{Share} failed: {Reason}", attempts, Host, ShareName, ex.Message);
                }
                remaining = _timeout - _time.GetElapsedTime(downSince);
                if (remaining <= TimeSpan.Zero) break;
                await Task.Delay(delay < remaining ? delay : remaining, _time, _shutdown.Token).ConfigureAwait(false);
                delay = delay * 2 < MaxBackoff ? delay * 2 : MaxBackoff;
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            lock (_lock) _reconnecting = null;
            throw new ObjectDisposedException(nameof(ConnectionSupervisor));
        }

        lock (_lock) _reconnecting = null;
        _counters.ReconnectFailure();
        _log.Warning("Could not reconnect to {Host}/{Share} within {TimeoutSeconds} s ({Attempts} attempt(s)): {Reason}",
            Host, ShareName, _timeout.TotalSeconds, attempts, last?.Message);
        throw Disconnected(last);
    }

    private async Task<ISmbShare> ConnectOnceAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _shutdown.Token);
        try
        {
            return await _connect(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_shutdown.IsCancellationRequested)
        {
            throw new TimeoutException($"connecting took longer than {limit.TotalSeconds:0.#} s");
        }
    }

    private VfsStatusException Disconnected(Exception? last) => new(VfsStatus.STATUS_CONNECTION_DISCONNECTED,
        $@"\\{Host}\{ShareName}: the connection was lost and not restored within {_timeout.TotalSeconds:0.#} s"
        + (last is null ? "" : $": {last.Message}"), last);

    private void DisposeQuietly(ISmbShare share)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await share.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The connection is already dead; failing to close it cleanly changes nothing.
                _log.Debug("Closing the lost connection to {Host}/{Share} failed: {Reason}", Host, ShareName, ex.Message);
            }
        });
    }
}
