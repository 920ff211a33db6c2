using Serilog;
using Serilog.Events;
using SmbDrive.Smb;
using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.Concurrency;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Handles;
using SmbDrive.Vfs.Paths;
using SmbDrive.Vfs.ReadAhead;
using SmbDrive.Vfs.Reconnect;

namespace SmbDrive.Vfs;

/// <summary>The drive over one SMB share (writable unless <see cref="VfsOptions.ReadOnly"/>). Metadata, directory listings and file blocks are cached
/// with redirector-like lifetimes; sequential readers get read-ahead; a lost connection is re-established
/// behind the callers' backs and their handles re-opened. Partial files by concern: metadata and listings
/// (<c>.Metadata.cs</c>), reads (<c>.Read.cs</c>), writes and changes (<c>.Write.cs</c>), server opens and version checks (<c>.ServerFile.cs</c>).</summary>
public sealed partial class SmbDriveFileSystem : IDriveFileSystem
{
    private readonly VfsOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly ConnectionSupervisor _supervisor;
    private readonly KeepAlive? _keepAlive;
    private readonly MetadataCache _metadata;
    private readonly DirectoryCache _directories;
    private readonly BlockCache? _blocks;
    private readonly HandleTable _handles = new();
    private readonly SingleFlight<string, MetadataEntry> _infoFlights = new(StringComparer.Ordinal);
    private readonly SingleFlight<string, DirectoryListing> _listFlights = new(StringComparer.Ordinal);
    private readonly SingleFlight<int, VfsVolumeInfo> _volumeFlight = new();
    // Never disposed: background fetches may still read its token after the drive is disposed, and a
    // source without a timer holds nothing that needs releasing.
    private readonly CancellationTokenSource _shutdown = new();
    private VolumeEntry? _volume;
    // Orders block fetches against version queries; see BlockCache.IsVerified.
    private long _eventSequence;
    private int _disposed;

    private SmbDriveFileSystem(ISmbShare initial, Func<CancellationToken, Task<ISmbShare>> connect, VfsOptions options,
        ILogger logger, TimeProvider time)
    {
        _options = options;
        _time = time;
        _log = logger.ForContext<SmbDriveFileSystem>();
        _supervisor = new ConnectionSupervisor(initial, connect, options.ReconnectTimeout, time, _log, Counters, OnReconnected);
        _metadata = new MetadataCache(time, options.FileInfoLifetime, options.NotFoundLifetime);
        _directories = new DirectoryCache(time, options.DirectoryLifetime);
        if (options.CacheMemoryMB > 0) _blocks = new BlockCache(options.CacheBytes, options.BlockSize);
        if (options.KeepAliveSeconds > 0) _keepAlive = new KeepAlive(_supervisor, options.KeepAliveInterval, time, _log, Counters);
        CacheLifetimes = new VfsCacheLifetimes(options.FileInfoLifetime, options.NotFoundLifetime, options.DirectoryLifetime);
        UncName = $@"\{initial.Host}\{initial.Share}";
    }

    /// <summary>Connects to the share through <paramref name="connect"/> and returns the drive over it. A wrong
    /// server, share or password fails here, with the client's exception, before anything is mounted. The
    /// same factory is called again whenever the connection has to be re-established.</summary>
    public static async Task<SmbDriveFileSystem> ConnectAsync(Func<CancellationToken, Task<ISmbShare>> connect,
        VfsOptions options, ILogger logger, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var own = options.Clone();
        own.Validate();
        var share = await connect(cancellationToken).ConfigureAwait(false);
        return new SmbDriveFileSystem(share, connect, own, logger, timeProvider ?? TimeProvider.System);
    }

    public bool IsReadOnly => _options.ReadOnly;

    public string VolumeLabel => _supervisor.ShareName;

    public string UncName { get; }

    public VfsCacheLifetimes CacheLifetimes { get; }

    /// <summary>Server round trips and cache hits since the drive was created.</summary>
    public VfsCounters Counters { get; } = new();

    /// <summary>Handles opened and not yet closed.</summary>
    public int OpenHandleCount => _handles.Count;

    public async ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var cache = CacheOutcome.None;
        VfsResult<VfsHandle> result;
        try
        {
            if (!VfsPath.TryNormalize(path, out string normalized))
            {
                result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            }
            else
            {
                (var entry, cache) = await ResolveAsync(normalized, cancellationToken).ConfigureAwait(false);
                result = entry.Info switch
                {
                    null => entry.Status,
                    { IsDirectory: false } when intent == VfsOpenIntent.Directory => VfsStatus.STATUS_NOT_A_DIRECTORY,
                    { IsDirectory: true } when intent == VfsOpenIntent.NonDirectory => VfsStatus.STATUS_FILE_IS_A_DIRECTORY,
                    var info => VfsResult<VfsHandle>.Success(CreateHandle(normalized, info, entry.FetchedAt)),
                };
            }
        }
        catch (Exception ex) when (MapFailure(ex, "Open", path, out var status))
        {
            result = status;
        }
        LogOperation("Open", path, 0, 0, result.Status, started, cache);
        return result;
    }

    public async ValueTask CloseAsync(VfsHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        long started = _time.GetTimestamp();
        if (handle.State is not OpenFile file) return;
        ISmbFile? serverFile;
        bool current;
        lock (file.Sync)
        {
            if (file.Closed) return;
            file.Closed = true;
            serverFile = file.ServerFile;
            file.ServerFile = null;
            current = _supervisor.TryGetCurrent(out var lease) && lease.Generation == file.ServerGeneration;
        }
        _handles.Remove(handle.Id, out _);
        // A server file of an earlier connection died with it; there is nothing left to close.
        if (serverFile is not null && current) await CloseServerFileAsync(serverFile).ConfigureAwait(false);
        if (file.IsWritable) OnWritableClosed(file);
        LogOperation("Close", handle.Path, 0, 0, VfsStatus.STATUS_SUCCESS, started, CacheOutcome.None);
    }

    public async ValueTask<VfsResult<VfsVolumeInfo>> GetVolumeInfoAsync(CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var cache = CacheOutcome.Hit;
        VfsResult<VfsVolumeInfo> result;
        try
        {
            if (Volatile.Read(ref _volume) is { } known && _time.GetTimestamp() < known.ExpiresAt)
            {
                result = VfsResult<VfsVolumeInfo>.Success(known.Info);
            }
            else
            {
                cache = CacheOutcome.Miss;
                var info = await _volumeFlight.RunAsync(0, _ => QueryVolumeAsync(), cancellationToken).ConfigureAwait(false);
                result = VfsResult<VfsVolumeInfo>.Success(info);
            }
        }
        catch (Exception ex) when (MapFailure(ex, "Volume", "", out var status))
        {
            result = status;
        }
        LogOperation("Volume", "", 0, 0, result.Status, started, cache);
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _shutdown.CancelAsync().ConfigureAwait(false);
        if (_keepAlive is not null) await _keepAlive.DisposeAsync().ConfigureAwait(false);
        foreach (var file in _handles.Snapshot()) await CloseAsync(file.Handle).ConfigureAwait(false);
        await _supervisor.DisposeAsync().ConfigureAwait(false);
        _blocks?.Dispose();
    }

    private VfsHandle CreateHandle(string path, VfsFileInfo info, long infoFetchedAt)
    {
        var handle = new VfsHandle(_handles.NextId(), path, info);
        var readAhead = new SequentialDetector(_options.ReadAheadInitialBytes, _options.ReadAheadMaxBytes);
        var file = new OpenFile(handle, FileVersion.Of(info, path), infoFetchedAt, readAhead);
        handle.State = file;
        _handles.Add(file);
        return handle;
    }

    private async Task<VfsVolumeInfo> QueryVolumeAsync()
    {
        long fetchedAt = _time.GetTimestamp();
        var raw = await _supervisor.RunAsync((share, ct) =>
        {
            Counters.ServerVolumeQuery();
            return share.GetVolumeInfoAsync(ct);
        }, _shutdown.Token).ConfigureAwait(false);
        var info = VfsInfoConverter.ToVolumeInfo(raw, VolumeLabel, UncName);
        long lifetime = MetadataCache.ToTimestampTicks(_time, _options.FileInfoLifetime);
        Volatile.Write(ref _volume, new VolumeEntry(info, fetchedAt + lifetime));
        return info;
    }

    private async Task CloseServerFileAsync(ISmbFile serverFile)
    {
        try
        {
            Counters.ServerClose();
            await serverFile.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SmbException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Close never fails: the server drops the open with the session anyway.
            _log.Debug("Closing {Path} on the server failed: {Reason}", serverFile.Path, ex.Message);
        }
    }

    private static bool TryGetOpenFile(VfsHandle handle, out OpenFile file, out VfsStatus failure)
    {
        failure = VfsStatus.STATUS_SUCCESS;
        if (handle?.State is not OpenFile open)
        {
            file = null!;
            failure = VfsStatus.STATUS_INVALID_HANDLE;
            return false;
        }
        file = open;
        lock (open.Sync)
        {
            if (open.Closed) failure = VfsStatus.STATUS_FILE_CLOSED;
            else if (open.FailedStatus is { } failed) failure = failed;
        }
        return failure == VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>Exception filter: expected failures become a status; anything else is a bug, logged here
    /// and left to propagate as the contract says.</summary>
    private bool MapFailure(Exception exception, string operation, string path, out VfsStatus status)
    {
        if (VfsErrorMapper.TryMap(exception, out status))
        {
            // A lost connection was already reported by the supervisor; a protocol violation was not.
            if (exception is SmbProtocolException)
                _log.Warning("{Operation} {Path} failed: {Reason}", operation, path, exception.Message);
            return true;
        }
        _log.Error(exception, "{Operation} {Path} failed unexpectedly", operation, path);
        return false;
    }

    private void LogOperation(string operation, string path, long offset, long length, VfsStatus status, long startedAt,
        CacheOutcome cache)
    {
        if (!_log.IsEnabled(LogEventLevel.Debug)) return;
        _log.Debug("{Operation} {Path} offset {Offset} length {Length}: {Status} in {DurationMs:0.###} ms, cache {Cache}",
            operation, path, offset, length, status, _time.GetElapsedTime(startedAt).TotalMilliseconds, cache);
    }

    private sealed record VolumeEntry(VfsVolumeInfo Info, long ExpiresAt);
}
