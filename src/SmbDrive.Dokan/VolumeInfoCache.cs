using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>The share's volume information as last seen. GetVolumeInformation and GetDiskFreeSpace come from
/// Explorer's "This PC" and from every file dialog, for every drive; waiting on an unreachable server there hangs
/// them all. So a query waits only briefly for the server and otherwise answers the last-known values, while one
/// query at a time keeps running in the background (bounded by its own deadline) to refresh them.</summary>
internal sealed class VolumeInfoCache
{
    private readonly Func<CancellationToken, ValueTask<VfsResult<VfsVolumeInfo>>> _query;
    private readonly TimeSpan _queryTimeout;
    private readonly CancellationToken _stopping;
    private readonly Lock _sync = new();
    private Task<VfsResult<VfsVolumeInfo>>? _inFlight;
    private VfsVolumeInfo? _lastKnown;

    public VolumeInfoCache(Func<CancellationToken, ValueTask<VfsResult<VfsVolumeInfo>>> query, TimeSpan queryTimeout,
        CancellationToken stopping)
    {
        _query = query;
        _queryTimeout = queryTimeout;
        _stopping = stopping;
    }

    /// <summary>The values of the last successful query, if any.</summary>
    public VfsVolumeInfo? LastKnown
    {
        get
        {
            lock (_sync)
            {
                return _lastKnown;
            }
        }
    }

    /// <summary>Starts a refresh unless one is running; returns at once.</summary>
    public void Refresh() => Current();

    /// <summary>A fresh answer if the server gives one within <paramref name="wait"/>; otherwise (slow, failing or
    /// unreachable server) the last-known values; otherwise the failure, STATUS_IO_TIMEOUT if the query is still
    /// running.</summary>
    public VfsResult<VfsVolumeInfo> Get(TimeSpan wait)
    {
        var query = Current();
        bool ended;
        try
        {
            ended = query.Wait(wait);
        }
        catch (AggregateException)
        {
            ended = true;
        }
        if (ended && query.IsCompletedSuccessfully && query.Result.IsSuccess)
        {
            return query.Result;
        }
        var known = LastKnown;
        if (known is not null)
        {
            return VfsResult<VfsVolumeInfo>.Success(known);
        }
        return ended && query.IsCompletedSuccessfully ? query.Result : VfsStatus.STATUS_IO_TIMEOUT;
    }

    private Task<VfsResult<VfsVolumeInfo>> Current()
    {
        lock (_sync)
        {
            return _inFlight ??= RunAsync();
        }
    }

    private async Task<VfsResult<VfsVolumeInfo>> RunAsync()
    {
        // Off the caller's thread: the lock above must not be held while the drive runs synchronously.
        await Task.Yield();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        deadline.CancelAfter(_queryTimeout);
        VfsResult<VfsVolumeInfo> result;
        try
        {
            result = await _query(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            result = VfsStatus.STATUS_IO_TIMEOUT;
        }
        lock (_sync)
        {
            if (result.IsSuccess)
            {
                _lastKnown = result.Value;
            }
            _inFlight = null;
        }
        return result;
    }
}
