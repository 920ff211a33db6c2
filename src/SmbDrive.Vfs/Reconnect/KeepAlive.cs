using Serilog;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;

namespace SmbDrive.Vfs.Reconnect;

/// <summary>Sends an ECHO when the connection has been idle for the keep-alive interval, so that servers
/// and middleboxes do not drop an idle mount, and a dead connection is found before the next user request
/// trips over it. An echo never reconnects by itself: the next request does.</summary>
internal sealed class KeepAlive : IAsyncDisposable
{
    private readonly ConnectionSupervisor _supervisor;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly VfsCounters _counters;
    private readonly CancellationTokenSource _stop = new();
    private readonly ITimer _timer;
    private int _running;
    private Task _current = Task.CompletedTask;

    public KeepAlive(ConnectionSupervisor supervisor, TimeSpan interval, TimeProvider time, ILogger log, VfsCounters counters)
    {
        _supervisor = supervisor;
        _interval = interval;
        _time = time;
        _log = log;
        _counters = counters;
        // Ticking at half the interval bounds the idle time before an echo to 1.5 intervals.
        var period = interval / 2;
        _timer = time.CreateTimer(_ => OnTick(), null, period, period);
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await _stop.CancelAsync().ConfigureAwait(false);
        // Let a running echo see the cancellation before the token source goes away; EchoAsync never throws.
        await Volatile.Read(ref _current).ConfigureAwait(false);
        _stop.Dispose();
    }

    private void OnTick()
    {
        if (_time.GetElapsedTime(_supervisor.LastActivity) < _interval) return;
        if (Interlocked.Exchange(ref _running, 1) != 0) return;
        Volatile.Write(ref _current, EchoAsync());
    }

    private async Task EchoAsync()
    {
        try
        {
            if (_stop.IsCancellationRequested || !_supervisor.TryGetCurrent(out var lease)) return;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(_interval);
                await lease.Share.EchoAsync(timeout.Token).ConfigureAwait(false);
                _counters.ServerEcho();
                _supervisor.MarkActivity();
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                _counters.ServerEcho();
                if (VfsErrorMapper.IsConnectionLoss(ex, lease.Share) || ex is OperationCanceledException)
                    _supervisor.ReportLost(lease, ex);
                else
                    _log.Debug("Keep-alive echo to {Host}/{Share} failed: {Reason}", _supervisor.Host, _supervisor.ShareName, ex.Message);
            }
        }
        catch (Exception ex) when (_stop.IsCancellationRequested)
        {
            _log.Verbose("Keep-alive stopped: {Reason}", ex.Message);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
