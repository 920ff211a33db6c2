using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests.Fakes;

/// <summary>An <see cref="IDriveFileSystem"/> over a local folder, standing in for the SMB drive so the FUSE layer
/// can be tested against unmodified programs with a known answer (the folder itself). It records what it was asked
/// and can be told to fail, throw or return short reads.</summary>
public sealed partial class DirectoryBackedDrive : IDriveFileSystem
{
    private readonly string _root;
    private readonly ConcurrentDictionary<string, ulong> _fileIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, SafeFileHandle?> _open = new();
    private long _lastFileId = 1000;
    private long _lastHandleId;
    private int _maxReadRequested;

    public DirectoryBackedDrive(string root, bool isReadOnly = true, VfsCacheLifetimes? cacheLifetimes = null)
    {
        _root = Path.GetFullPath(root);
        IsReadOnly = isReadOnly;
        CacheLifetimes = cacheLifetimes ?? new VfsCacheLifetimes(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    public bool IsReadOnly { get; set; }
    public string VolumeLabel => "share";
    public string UncName => @"\testhost\share";
    public VfsCacheLifetimes CacheLifetimes { get; }

    /// <summary>Upper bound for one ReadAsync answer, to exercise callers that must loop over short reads.</summary>
    public int? MaxReadChunk { get; set; }

    /// <summary>Called with (operation, share-relative path) before each operation; an exception it returns is thrown.</summary>
    public Func<string, string, Exception?>? Fault { get; set; }

    /// <summary>Every path GetInfoAsync(path) was asked about, normalized to "a/b".</summary>
    public ConcurrentQueue<string> InfoRequests { get; } = new();

    public int OpenHandleCount => _open.Count;
    public int MaxReadRequested => Volatile.Read(ref _maxReadRequested);

    public ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(string path, CancellationToken cancellationToken)
    {
        var relative = Normalize(path);
        if (relative == null)
            return ValueTask.FromResult<VfsResult<VfsFileInfo>>(VfsStatus.STATUS_OBJECT_NAME_INVALID);
        InfoRequests.Enqueue(relative);
        Inject("getinfo", relative);
        var info = Describe(relative);
        return ValueTask.FromResult(info == null ? VfsResult<VfsFileInfo>.Failure(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND) : VfsResult<VfsFileInfo>.Success(info));
    }

    public ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, CancellationToken cancellationToken)
    {
        var relative = Normalize(path);
        if (relative == null)
            return ValueTask.FromResult<VfsResult<VfsHandle>>(VfsStatus.STATUS_OBJECT_NAME_INVALID);
        Inject("open", relative);
        var info = Describe(relative);
        if (info == null)
            return ValueTask.FromResult<VfsResult<VfsHandle>>(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND);
        if (intent == VfsOpenIntent.Directory && !info.IsDirectory)
            return ValueTask.FromResult<VfsResult<VfsHandle>>(VfsStatus.STATUS_NOT_A_DIRECTORY);
        if (intent == VfsOpenIntent.NonDirectory && info.IsDirectory)
            return ValueTask.FromResult<VfsResult<VfsHandle>>(VfsStatus.STATUS_FILE_IS_A_DIRECTORY);
        SafeFileHandle? file = info.IsDirectory || intent == VfsOpenIntent.AttributesOnly
            ? null
            : File.OpenHandle(Local(relative), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long id = Interlocked.Increment(ref _lastHandleId);
        _open[id] = file;
        return ValueTask.FromResult(VfsResult<VfsHandle>.Success(new VfsHandle(id, relative.Replace('/', '\\'), info)));
    }

    public async ValueTask<VfsResult<int>> ReadAsync(VfsHandle handle, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Inject("read", handle.Path.Replace('\\', '/'));
        int requested = buffer.Length;
        int seen;
        while (requested > (seen = Volatile.Read(ref _maxReadRequested)) && Interlocked.CompareExchange(ref _maxReadRequested, requested, seen) != seen)
        {
        }
        if (!_open.TryGetValue(handle.Id, out var file))
            return VfsStatus.STATUS_INVALID_HANDLE;
        if (file == null)
            return VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
        if (MaxReadChunk is int chunk && buffer.Length > chunk)
            buffer = buffer[..chunk];
        int read = await RandomAccess.ReadAsync(file, buffer, offset, cancellationToken);
        return VfsResult<int>.Success(read);
    }

    public ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        var relative = handle.Path.Replace('\\', '/');
        Inject("getinfo-handle", relative);
        var info = Describe(relative);
        return ValueTask.FromResult(info == null ? VfsResult<VfsFileInfo>.Failure(VfsStatus.STATUS_FILE_CLOSED) : VfsResult<VfsFileInfo>.Success(info));
    }

    public ValueTask<VfsResult<IReadOnlyList<VfsFileInfo>>> ListAsync(string path, string? pattern, CancellationToken cancellationToken)
    {
        var relative = Normalize(path);
        if (relative == null)
            return ValueTask.FromResult<VfsResult<IReadOnlyList<VfsFileInfo>>>(VfsStatus.STATUS_OBJECT_NAME_INVALID);
        Inject("list", relative);
        var local = Local(relative);
        if (!Directory.Exists(local))
        {
            return ValueTask.FromResult<VfsResult<IReadOnlyList<VfsFileInfo>>>(
                File.Exists(local) ? VfsStatus.STATUS_NOT_A_DIRECTORY : VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND);
        }
        var entries = new DirectoryInfo(local).EnumerateFileSystemInfos()
            .Where(e => pattern is null or "*" || string.Equals(e.Name, pattern, StringComparison.OrdinalIgnoreCase))
            .Select(e => ToInfo(relative.Length == 0 ? e.Name : relative + "/" + e.Name, e))
            .ToList();
        return ValueTask.FromResult(VfsResult<IReadOnlyList<VfsFileInfo>>.Success(entries));
    }

    public ValueTask<VfsResult<VfsVolumeInfo>> GetVolumeInfoAsync(CancellationToken cancellationToken)
    {
        Inject("volume", "");
        var drive = new DriveInfo(_root);
        return ValueTask.FromResult(VfsResult<VfsVolumeInfo>.Success(new VfsVolumeInfo
        {
            Label = VolumeLabel,
            TotalBytes = drive.TotalSize,
            FreeBytes = drive.TotalFreeSpace,
            AvailableBytes = drive.AvailableFreeSpace,
        }));
    }

    public ValueTask CloseAsync(VfsHandle handle)
    {
        if (_open.TryRemove(handle.Id, out var file))
            file?.Dispose();
        ReleaseLocksOf(handle.Id);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var id in _open.Keys)
        {
            if (_open.TryRemove(id, out var file))
                file?.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    private void Inject(string operation, string path)
    {
        if (Fault?.Invoke(operation, path) is { } exception)
            throw exception;
    }

    /// <summary>"a/b" from "/a/b", "\a\b" or "a/b/"; null for "." or ".." components, which a share never has.</summary>
    private static string? Normalize(string path)
    {
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Any(p => p is "." or "..") ? null : string.Join('/', parts);
    }

    private string Local(string relative) => relative.Length == 0 ? _root : Path.Combine(_root, relative);

    private VfsFileInfo? Describe(string relative)
    {
        var local = Local(relative);
        FileSystemInfo? entry = Directory.Exists(local) ? new DirectoryInfo(local) : File.Exists(local) ? new FileInfo(local) : null;
        return entry == null ? null : ToInfo(relative, entry);
    }

    private VfsFileInfo ToInfo(string relative, FileSystemInfo entry)
    {
        bool isDirectory = entry is DirectoryInfo;
        return new VfsFileInfo
        {
            Name = relative.Length == 0 ? "" : entry.Name,
            IsDirectory = isDirectory,
            Size = entry is FileInfo file ? file.Length : 0,
            Attributes = isDirectory ? FileAttributes.Directory : FileAttributes.Archive,
            CreationTimeUtc = entry.CreationTimeUtc,
            LastAccessTimeUtc = entry.LastAccessTimeUtc,
            LastWriteTimeUtc = entry.LastWriteTimeUtc,
            ChangeTimeUtc = entry.LastWriteTimeUtc,
            FileId = _fileIds.GetOrAdd(relative, _ => (ulong)Interlocked.Increment(ref _lastFileId)),
        };
    }
}
