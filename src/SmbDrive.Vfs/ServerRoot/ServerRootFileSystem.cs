using Serilog;
using SmbDrive.Smb;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Paths;

namespace SmbDrive.Vfs.ServerRoot;

/// <summary>A drive for a whole server (<c>smbdrive mount //HOST MOUNTPOINT</c>): the root holds one folder per
/// visible disk share, and everything below <c>SHARE\</c> is that share's own drive, connected on first use. A
/// share the user may not open answers STATUS_ACCESS_DENIED for itself only; the rest of the mount works on.
/// Hidden ('$') shares are not listed but can be opened by name, as in Explorer.</summary>
public sealed class ServerRootFileSystem : IDriveFileSystem
{
    private readonly string _host;
    private readonly Func<CancellationToken, Task<IReadOnlyList<SmbShareInfo>>> _listShares;
    private readonly Func<string, CancellationToken, Task<IDriveFileSystem>> _connectShare;
    private readonly VfsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly DateTime _mountedAt;
    private readonly object _sync = new();
    private readonly Dictionary<string, ShareSlot> _slots = new(StringComparer.OrdinalIgnoreCase);
    private ShareList _shares;
    private long _nextHandle;
    private int _disposed;

    private ServerRootFileSystem(string host, IReadOnlyList<SmbShareInfo> shares,
        Func<CancellationToken, Task<IReadOnlyList<SmbShareInfo>>> listShares,
        Func<string, CancellationToken, Task<IDriveFileSystem>> connectShare, VfsOptions options, ILogger logger, TimeProvider time)
    {
        _host = host;
        _listShares = listShares;
        _connectShare = connectShare;
        _options = options;
        _time = time;
        _log = logger.ForContext<ServerRootFileSystem>();
        _mountedAt = time.GetUtcNow().UtcDateTime;
        _shares = new ShareList(shares, Expiry());
        CacheLifetimes = new VfsCacheLifetimes(options.FileInfoLifetime, options.NotFoundLifetime, options.DirectoryLifetime);
    }

    /// <summary>Lists the shares once, so that a wrong server or password fails before anything is mounted.
    /// <paramref name="connectShare"/> is called with a share name the first time that share is used.</summary>
    public static async Task<ServerRootFileSystem> ConnectAsync(string host,
        Func<CancellationToken, Task<IReadOnlyList<SmbShareInfo>>> listShares,
        Func<string, CancellationToken, Task<IDriveFileSystem>> connectShare,
        VfsOptions options, ILogger logger, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listShares);
        ArgumentNullException.ThrowIfNull(connectShare);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var own = options.Clone();
        own.Validate();
        var shares = await listShares(cancellationToken).ConfigureAwait(false);
        return new ServerRootFileSystem(host, shares, listShares, connectShare, own, logger, timeProvider ?? TimeProvider.System);
    }

    /// <summary>The root itself takes no writes; what a share allows is that share's drive's business.</summary>
    public bool IsReadOnly => true;

    public string VolumeLabel => _host;

    public string UncName => $@"\{_host}";

    public VfsCacheLifetimes CacheLifetimes { get; }

    private VfsFileInfo RootInfo => Folder("");

    private VfsFileInfo Folder(string name) => new()
    {
        Name = name,
        IsDirectory = true,
        Size = 0,
        Attributes = FileAttributes.Directory,
        CreationTimeUtc = _mountedAt,
        LastAccessTimeUtc = _mountedAt,
        LastWriteTimeUtc = _mountedAt,
        ChangeTimeUtc = _mountedAt,
    };

    public async ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(string path, CancellationToken cancellationToken)
    {
        if (!Split(path, out string share, out string rest)) return VfsStatus.STATUS_OBJECT_NAME_INVALID;
        if (share.Length == 0) return VfsResult<VfsFileInfo>.Success(RootInfo);
        var found = await FindShareAsync(share, cancellationToken).ConfigureAwait(false);
        if (found is null) return VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        // A share's own folder is described from the list: a stat of the root must not connect every share.
        if (rest.Length == 0) return VfsResult<VfsFileInfo>.Success(Folder(found.Name));
        var drive = await DriveAsync(found.Name, cancellationToken).ConfigureAwait(false);
        if (!drive.IsSuccess) return drive.Status;
        return await drive.Value!.GetInfoAsync(rest, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, CancellationToken cancellationToken) =>
        OpenAsync(path, intent, VfsSharing.ShareEverything, cancellationToken);

    /// <summary>A caller's share mode goes to the share's drive, like its locks: sharing writes nothing.</summary>
    public async ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, VfsSharing sharing, CancellationToken cancellationToken)
    {
        if (!Split(path, out string share, out string rest)) return VfsStatus.STATUS_OBJECT_NAME_INVALID;
        if (share.Length == 0)
        {
            if (intent == VfsOpenIntent.NonDirectory) return VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
            return VfsResult<VfsHandle>.Success(NewHandle(path, RootInfo, new ServerRootHandle.Root()));
        }
        var found = await FindShareAsync(share, cancellationToken).ConfigureAwait(false);
        if (found is null) return VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        // Opening a share's folder is its first use: a share the user may not open says so here (cd, ls).
        var drive = await DriveAsync(found.Name, cancellationToken).ConfigureAwait(false);
        if (!drive.IsSuccess) return drive.Status;
        var inner = await drive.Value!.OpenAsync(rest, intent, sharing, cancellationToken).ConfigureAwait(false);
        if (!inner.IsSuccess) return inner.Status;
        var info = rest.Length == 0 ? inner.Value!.Info with { Name = found.Name } : inner.Value!.Info;
        return VfsResult<VfsHandle>.Success(NewHandle(path, info, new ServerRootHandle.InShare(drive.Value, inner.Value)));
    }

    public ValueTask<VfsResult<int>> ReadAsync(VfsHandle handle, long offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
        handle.State switch
        {
            ServerRootHandle.InShare s => s.Drive.ReadAsync(s.Inner, offset, buffer, cancellationToken),
            ServerRootHandle.Root => ValueTask.FromResult<VfsResult<int>>(VfsStatus.STATUS_FILE_IS_A_DIRECTORY),
            _ => ValueTask.FromResult<VfsResult<int>>(VfsStatus.STATUS_INVALID_HANDLE),
        };

    // Locks write nothing, so this read-only mount passes them to the share's drive like reads.
    public ValueTask<VfsStatus> LockAsync(VfsHandle handle, ulong offset, ulong length, VfsLockType type, bool wait,
        CancellationToken cancellationToken) =>
        handle.State switch
        {
            ServerRootHandle.InShare s => s.Drive.LockAsync(s.Inner, offset, length, type, wait, cancellationToken),
            ServerRootHandle.Root => ValueTask.FromResult(VfsStatus.STATUS_INVALID_DEVICE_REQUEST),
            _ => ValueTask.FromResult(VfsStatus.STATUS_INVALID_HANDLE),
        };

    public ValueTask<VfsStatus> UnlockAsync(VfsHandle handle, ulong offset, ulong length, CancellationToken cancellationToken) =>
        handle.State switch
        {
            ServerRootHandle.InShare s => s.Drive.UnlockAsync(s.Inner, offset, length, cancellationToken),
            ServerRootHandle.Root => ValueTask.FromResult(VfsStatus.STATUS_INVALID_DEVICE_REQUEST),
            _ => ValueTask.FromResult(VfsStatus.STATUS_INVALID_HANDLE),
        };

    public ValueTask UnlockAllAsync(VfsHandle handle, CancellationToken cancellationToken) =>
        handle.State is ServerRootHandle.InShare s ? s.Drive.UnlockAllAsync(s.Inner, cancellationToken) : ValueTask.CompletedTask;

    public async ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        switch (handle.State)
        {
            case ServerRootHandle.InShare s:
                var info = await s.Drive.GetInfoAsync(s.Inner, cancellationToken).ConfigureAwait(false);
                return info.IsSuccess && s.Inner.Path.Length == 0 ? VfsResult<VfsFileInfo>.Success(info.Value! with { Name = handle.Info.Name }) : info;
            case ServerRootHandle.Root:
                return VfsResult<VfsFileInfo>.Success(RootInfo);
            default:
                return VfsStatus.STATUS_INVALID_HANDLE;
        }
    }

    public async ValueTask<VfsResult<IReadOnlyList<VfsFileInfo>>> ListAsync(string path, string? pattern, CancellationToken cancellationToken)
    {
        if (!Split(path, out string share, out string rest)) return VfsStatus.STATUS_OBJECT_NAME_INVALID;
        if (share.Length == 0)
        {
            var shares = await SharesAsync(cancellationToken).ConfigureAwait(false);
            if (!shares.IsSuccess) return shares.Status;
            IReadOnlyList<VfsFileInfo> folders = shares.Value!
                .Where(s => s.Kind == SmbShareKind.Disk && !s.IsHidden)
                .Where(s => WildcardMatcher.MatchesEverything(pattern) || WildcardMatcher.IsMatch(pattern!, s.Name))
                .Select(s => Folder(s.Name)).ToList();
            return VfsResult<IReadOnlyList<VfsFileInfo>>.Success(folders);
        }
        var found = await FindShareAsync(share, cancellationToken).ConfigureAwait(false);
        if (found is null) return VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        var drive = await DriveAsync(found.Name, cancellationToken).ConfigureAwait(false);
        if (!drive.IsSuccess) return drive.Status;
        return await drive.Value!.ListAsync(rest, pattern, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<VfsResult<VfsVolumeInfo>> GetVolumeInfoAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsResult<VfsVolumeInfo>.Success(new VfsVolumeInfo
        {
            Label = _host,
            FileSystemName = "SMB",
            TotalBytes = 0,
            FreeBytes = 0,
            AvailableBytes = 0,
        }));

    public async ValueTask CloseAsync(VfsHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (handle.State is ServerRootHandle.InShare s) await s.Drive.CloseAsync(s.Inner).ConfigureAwait(false);
        handle.State = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        ShareSlot[] slots;
        lock (_sync) slots = _slots.Values.ToArray();
        foreach (var slot in slots) await slot.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Splits a front-end path into the share name ("" for the root) and the path inside the share.</summary>
    private static bool Split(string path, out string share, out string rest)
    {
        share = rest = "";
        if (!VfsPath.TryNormalize(path, out string normalized)) return false;
        int cut = normalized.IndexOf(VfsPath.Separator);
        share = cut < 0 ? normalized : normalized[..cut];
        rest = cut < 0 ? "" : normalized[(cut + 1)..];
        return true;
    }

    private VfsHandle NewHandle(string path, VfsFileInfo info, ServerRootHandle state) =>
        new(Interlocked.Increment(ref _nextHandle), path, info) { State = state };

    private async ValueTask<SmbShareInfo?> FindShareAsync(string name, CancellationToken cancellationToken)
    {
        var shares = await SharesAsync(cancellationToken).ConfigureAwait(false);
        // When the list cannot be refreshed, the last one known still names the shares.
        var list = shares.IsSuccess ? shares.Value! : Volatile.Read(ref _shares).Shares;
        return list.FirstOrDefault(s => s.Kind == SmbShareKind.Disk && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The share list, fetched again once the directory lifetime has passed.</summary>
    private async ValueTask<VfsResult<IReadOnlyList<SmbShareInfo>>> SharesAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _shares);
        if (_time.GetTimestamp() < known.Until) return VfsResult<IReadOnlyList<SmbShareInfo>>.Success(known.Shares);
        try
        {
            var fresh = await _listShares(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _shares, new ShareList(fresh, Expiry()));
            return VfsResult<IReadOnlyList<SmbShareInfo>>.Success(fresh);
        }
        catch (Exception e) when (VfsErrorMapper.TryMap(e, out var status))
        {
            _log.Warning("Listing the shares of {Host} failed: {Reason}", _host, e.Message);
            return status;
        }
    }

    private sealed record ShareList(IReadOnlyList<SmbShareInfo> Shares, long Until);

    private long Expiry() => _time.GetTimestamp() + (long)(_options.DirectoryLifetimeSeconds * _time.TimestampFrequency);

    private ValueTask<VfsResult<IDriveFileSystem>> DriveAsync(string share, CancellationToken cancellationToken)
    {
        ShareSlot slot;
        lock (_sync)
        {
            if (Volatile.Read(ref _disposed) != 0) return ValueTask.FromResult<VfsResult<IDriveFileSystem>>(VfsStatus.STATUS_DEVICE_NOT_READY);
            if (!_slots.TryGetValue(share, out slot!))
            {
                slot = new ShareSlot(share, ct => ConnectShareAsync(share, ct), _time, _options.NotFoundLifetime);
                _slots.Add(share, slot);
            }
        }
        return slot.GetAsync(cancellationToken);
    }

    /// <summary>What a share's drive says is outdated, as paths of this drive (share name first).</summary>
    public event Action<IReadOnlyList<string>>? PathsOutdated;

    private async Task<IDriveFileSystem> ConnectShareAsync(string share, CancellationToken cancellationToken)
    {
        var drive = await _connectShare(share, cancellationToken).ConfigureAwait(false);
        drive.PathsOutdated += paths => PathsOutdated?.Invoke(paths.Select(p => p.Length == 0 ? share : share + VfsPath.Separator + p).ToList());
        return drive;
    }
}
