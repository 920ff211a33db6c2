using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Fakes;

/// <summary>An <see cref="IDriveFileSystem"/> over a local folder that answers like an SMB server in front of NTFS:
/// OBJECT_PATH_NOT_FOUND for a missing or non-directory parent, OBJECT_NAME_NOT_FOUND for a missing leaf. It counts
/// what a server would see (data opens, reads, listings) and can be slowed down, made to hang, or made to throw. Its
/// write side (DirectoryBackedDrive.Write.cs) changes the folder as an SMB server would change its disk.</summary>
public sealed partial class DirectoryBackedDrive : IDriveFileSystem
{
    private readonly string _root;
    private readonly ConcurrentDictionary<long, SafeFileHandle> _dataHandles = new();
    private readonly ConcurrentDictionary<string, ulong> _fileIds = new(StringComparer.OrdinalIgnoreCase);
    private long _nextHandle;
    private long _nextFileId = 0x1000;
    private long _serverOpens;
    private long _reads;
    private long _listings;
    private long _openHandles;
    private long _infoLookups;

    public DirectoryBackedDrive(string root, string shareName = "share")
    {
        _root = Path.GetFullPath(root);
        VolumeLabel = shareName;
        UncName = $@"\testserver\{shareName}";
    }

    public bool IsReadOnly { get; set; } = true;
    public string VolumeLabel { get; }
    public string UncName { get; }
    public VfsCacheLifetimes CacheLifetimes { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));

    /// <summary>Added before every answer (a slow or reconnecting server).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Reads wait until cancelled (a server that stopped answering).</summary>
    public bool HangReads { get; set; }

    /// <summary>Reads ignore cancellation for this long after it arrives (a drive that is slow to stop).</summary>
    public TimeSpan CancellationLag { get; set; }

    /// <summary>Every call on this path throws (a bug in the drive).</summary>
    public string? ThrowOnPath { get; set; }

    /// <summary>Answer OBJECT_NAME_NOT_FOUND for every missing path, parent or not, as a careless drive might.</summary>
    public bool NaiveNotFound { get; set; }

    /// <summary>Information for an open handle fails as if the server had gone away.</summary>
    public bool FailHandleInfo { get; set; }

    /// <summary>Server-side opens of file data (attribute-only and directory opens need none).</summary>
    public long ServerOpens => Interlocked.Read(ref _serverOpens);
    public long Reads => Interlocked.Read(ref _reads);
    public long Listings => Interlocked.Read(ref _listings);
    public long InfoLookups => Interlocked.Read(ref _infoLookups);
    public long OpenHandles => Interlocked.Read(ref _openHandles);
    public ConcurrentQueue<(string Path, VfsOpenIntent Intent)> Opens { get; } = new();

    public async ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(string path, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        Interlocked.Increment(ref _infoLookups);
        return Resolve(path);
    }

    public async ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        var resolved = Resolve(path);
        if (!resolved.IsSuccess)
        {
            return resolved.Status;
        }
        var info = resolved.Value!;
        if (intent == VfsOpenIntent.Directory && !info.IsDirectory)
        {
            return VfsStatus.STATUS_NOT_A_DIRECTORY;
        }
        if (intent == VfsOpenIntent.NonDirectory && info.IsDirectory)
        {
            return VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
        }
        Opens.Enqueue((Normalize(path), intent));
        Interlocked.Increment(ref _openHandles);
        return VfsResult<VfsHandle>.Success(new VfsHandle(Interlocked.Increment(ref _nextHandle), Normalize(path), info));
    }

    /// <summary>The buffer the last read was given, and whether it was native memory (the driver's) or an array.</summary>
    public Memory<byte>? LastReadBuffer { get; private set; }
    public bool LastReadBufferIsNative { get; private set; }

    public async ValueTask<VfsResult<int>> ReadAsync(VfsHandle handle, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        LastReadBuffer = buffer;
        LastReadBufferIsNative = !System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out _);
        await PaceAsync(handle.Path, cancellationToken);
        if (HangReads)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                if (CancellationLag > TimeSpan.Zero)
                {
                    await Task.Delay(CancellationLag, CancellationToken.None);
                }
                throw;
            }
        }
        if (handle.IsDirectory)
        {
            return VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
        }
        Interlocked.Increment(ref _reads);
        var file = _dataHandles.GetOrAdd(handle.Id, _ =>
        {
            Interlocked.Increment(ref _serverOpens);
            return File.OpenHandle(FullPath(handle.Path), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        });
        return VfsResult<int>.Success(RandomAccess.Read(file, buffer.Span, offset));
    }

    public async ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        await PaceAsync(handle.Path, cancellationToken);
        if (FailHandleInfo)
        {
            return VfsStatus.STATUS_CONNECTION_DISCONNECTED;
        }
        var fresh = Resolve(handle.Path);
        return fresh.IsSuccess ? fresh : VfsResult<VfsFileInfo>.Success(handle.Info);
    }

    public async ValueTask<VfsResult<IReadOnlyList<VfsFileInfo>>> ListAsync(string path, string? pattern, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        var resolved = Resolve(path);
        if (!resolved.IsSuccess)
        {
            return resolved.Status;
        }
        if (!resolved.Value!.IsDirectory)
        {
            return VfsStatus.STATUS_NOT_A_DIRECTORY;
        }
        Interlocked.Increment(ref _listings);
        var entries = new List<VfsFileInfo>();
        foreach (var entry in new DirectoryInfo(FullPath(path)).EnumerateFileSystemInfos())
        {
            if (pattern is null || DokanWildcard.IsMatch(pattern, entry.Name, ignoreCase: true))
            {
                entries.Add(ToInfo(entry, Combine(Normalize(path), entry.Name)));
            }
        }
        return VfsResult<IReadOnlyList<VfsFileInfo>>.Success(entries);
    }

    public async ValueTask<VfsResult<VfsVolumeInfo>> GetVolumeInfoAsync(CancellationToken cancellationToken)
    {
        await PaceAsync("", cancellationToken);
        var drive = new DriveInfo(_root);
        return VfsResult<VfsVolumeInfo>.Success(new VfsVolumeInfo
        {
            Label = VolumeLabel,
            TotalBytes = drive.TotalSize,
            FreeBytes = drive.TotalFreeSpace,
            AvailableBytes = drive.AvailableFreeSpace,
            CaseSensitive = false,
        });
    }

    /// <summary>Closes wait for this task first (a server that does not answer the close).</summary>
    public Task? CloseGate { get; set; }

    public async ValueTask CloseAsync(VfsHandle handle)
    {
        if (CloseGate is { } gate)
        {
            await gate;
        }
        if (_dataHandles.TryRemove(handle.Id, out var file))
        {
            file.Dispose();
        }
        OnClosed(handle);
        Interlocked.Decrement(ref _openHandles);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var file in _dataHandles.Values)
        {
            file.Dispose();
        }
        _dataHandles.Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>The file id this drive reports for <paramref name="path"/> (stable per name, like a server's).</summary>
    public ulong FileIdOf(string path) => _fileIds.GetOrAdd(Normalize(path), _ => (ulong)Interlocked.Increment(ref _nextFileId));

    private VfsResult<VfsFileInfo> Resolve(string path)
    {
        string normalized = Normalize(path);
        string full = FullPath(normalized);
        if (Directory.Exists(full) || File.Exists(full))
        {
            FileSystemInfo entry = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
            return VfsResult<VfsFileInfo>.Success(ToInfo(entry, normalized));
        }
        if (NaiveNotFound)
        {
            return VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        }
        int cut = normalized.LastIndexOf('\\');
        string parent = cut < 0 ? "" : normalized[..cut];
        return Directory.Exists(FullPath(parent)) ? VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND : VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND;
    }

    private VfsFileInfo ToInfo(FileSystemInfo entry, string normalized)
    {
        bool isDirectory = entry is DirectoryInfo;
        var attributes = entry.Attributes & (FileAttributes.ReadOnly | FileAttributes.Hidden | FileAttributes.Directory | FileAttributes.Archive);
        return new VfsFileInfo
        {
            Name = normalized.Length == 0 ? "" : entry.Name,
            IsDirectory = isDirectory,
            Size = isDirectory ? 0 : ((FileInfo)entry).Length,
            Attributes = attributes == 0 ? FileAttributes.Normal : attributes,
            CreationTimeUtc = entry.CreationTimeUtc,
            LastAccessTimeUtc = entry.LastAccessTimeUtc,
            LastWriteTimeUtc = entry.LastWriteTimeUtc,
            ChangeTimeUtc = entry.LastWriteTimeUtc,
            FileId = FileIdOf(normalized),
        };
    }

    private async ValueTask PaceAsync(string path, CancellationToken cancellationToken)
    {
        if (ThrowOnPath is not null && string.Equals(Normalize(path), Normalize(ThrowOnPath), StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"simulated drive bug on {path}");
        }
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }
    }

    private string FullPath(string normalized) =>
        normalized.Length == 0 ? _root : Path.Combine(_root, normalized.Replace('\\', Path.DirectorySeparatorChar));

    private static string Normalize(string path) => path.Replace('/', '\\').Trim('\\');

    private static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "\\" + name;
}
