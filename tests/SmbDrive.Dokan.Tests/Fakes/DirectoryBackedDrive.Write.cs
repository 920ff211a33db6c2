using System.Collections.Concurrent;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Fakes;

// The write side of the local-folder drive: the statuses an SMB server in front of NTFS gives (MS-FSA, and what
// smb-write-notes.md verified on Samba), applied to the folder. Read-only (the default) refuses everything the way
// SmbDriveFileSystem does.
public sealed partial class DirectoryBackedDrive
{
    private readonly ConcurrentDictionary<long, bool> _writable = new();
    private readonly ConcurrentDictionary<long, bool> _deleteOnClose = new();
    private long _writes;
    private long _flushes;

    /// <summary>Every CreateAsync, in order: the path and the request.</summary>
    public ConcurrentQueue<(string Path, VfsCreateRequest Request)> Creates { get; } = new();

    /// <summary>Every SetBasicInfoAsync, in order.</summary>
    public ConcurrentQueue<VfsBasicInfo> BasicInfoChanges { get; } = new();

    public long Writes => Interlocked.Read(ref _writes);
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Whether the last write's buffer was native memory (the driver's) rather than an array of ours.</summary>
    public bool LastWriteBufferIsNative { get; private set; }

    /// <summary>Writes wait until cancelled, then this long more (a server that stopped answering).</summary>
    public bool HangWrites { get; set; }

    public async ValueTask<VfsResult<VfsHandle>> CreateAsync(string path, VfsCreateRequest request, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        if (IsReadOnly)
        {
            return VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
        }
        string normalized = Normalize(path);
        Creates.Enqueue((normalized, request));
        string full = FullPath(normalized);
        if (Directory.Exists(full))
        {
            return VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
        }
        bool exists = File.Exists(full);
        if (!exists && !Directory.Exists(Path.GetDirectoryName(full)))
        {
            return VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND;
        }
        switch (request.Disposition)
        {
            case VfsCreateDisposition.Create when exists:
                return VfsStatus.STATUS_OBJECT_NAME_COLLISION;
            case VfsCreateDisposition.Open or VfsCreateDisposition.Overwrite when !exists:
                return VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND;
        }
        if (exists && new FileInfo(full).Attributes.HasFlag(FileAttributes.ReadOnly))
        {
            return VfsStatus.STATUS_ACCESS_DENIED; // a write open of a read-only file
        }
        bool truncate = exists && request.Disposition is VfsCreateDisposition.Overwrite or VfsCreateDisposition.OverwriteIf
            or VfsCreateDisposition.Supersede;
        var file = File.OpenHandle(full, truncate ? FileMode.Truncate : FileMode.OpenOrCreate, FileAccess.ReadWrite,
            FileShare.ReadWrite | FileShare.Delete);
        if (!exists && request.NewFileAttributes.HasFlag(FileAttributes.ReadOnly))
        {
            File.SetAttributes(full, FileAttributes.ReadOnly);
        }
        var handle = new VfsHandle(Interlocked.Increment(ref _nextHandle), normalized, Resolve(normalized).Value!);
        _dataHandles[handle.Id] = file;
        _writable[handle.Id] = true;
        Interlocked.Increment(ref _serverOpens);
        Interlocked.Increment(ref _openHandles);
        return VfsResult<VfsHandle>.Success(handle);
    }

    public async ValueTask<VfsResult<int>> WriteAsync(VfsHandle handle, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        LastWriteBufferIsNative = !System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out _);
        await PaceAsync(handle.Path, cancellationToken);
        if (HangWrites)
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
        if (!_writable.ContainsKey(handle.Id) || !_dataHandles.TryGetValue(handle.Id, out var file))
        {
            return VfsStatus.STATUS_ACCESS_DENIED;
        }
        if (offset < 0)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }
        Interlocked.Increment(ref _writes);
        RandomAccess.Write(file, data.Span, offset);
        return VfsResult<int>.Success(data.Length);
    }

    public async ValueTask<VfsStatus> FlushAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        await PaceAsync(handle.Path, cancellationToken);
        if (_writable.ContainsKey(handle.Id) && _dataHandles.TryGetValue(handle.Id, out var file))
        {
            RandomAccess.FlushToDisk(file);
            Interlocked.Increment(ref _flushes);
        }
        return VfsStatus.STATUS_SUCCESS;
    }

    public async ValueTask<VfsStatus> SetSizeAsync(VfsHandle handle, long size, CancellationToken cancellationToken)
    {
        await PaceAsync(handle.Path, cancellationToken);
        if (!_writable.ContainsKey(handle.Id) || !_dataHandles.TryGetValue(handle.Id, out var file))
        {
            return IsReadOnly ? VfsStatus.STATUS_MEDIA_WRITE_PROTECTED : VfsStatus.STATUS_ACCESS_DENIED;
        }
        RandomAccess.SetLength(file, size);
        return VfsStatus.STATUS_SUCCESS;
    }

    public async ValueTask<VfsStatus> SetSizeAsync(string path, long size, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        if (IsReadOnly)
        {
            return VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
        }
        var resolved = Resolve(path);
        if (!resolved.IsSuccess)
        {
            return resolved.Status;
        }
        if (resolved.Value!.IsDirectory)
        {
            return VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
        }
        using var file = File.OpenHandle(FullPath(Normalize(path)), FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.SetLength(file, size);
        return VfsStatus.STATUS_SUCCESS;
    }

    public ValueTask<VfsStatus> SetBasicInfoAsync(VfsHandle handle, VfsBasicInfo info, CancellationToken cancellationToken) =>
        SetBasicInfoAsync(handle.Path, info, cancellationToken);

    public async ValueTask<VfsStatus> SetBasicInfoAsync(string path, VfsBasicInfo info, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        if (IsReadOnly)
        {
            return VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
        }
        var resolved = Resolve(path);
        if (!resolved.IsSuccess)
        {
            return resolved.Status;
        }
        BasicInfoChanges.Enqueue(info);
        string full = FullPath(Normalize(path));
        // Linux keeps no creation time to set; the others are the disk's.
        if (info.LastWriteTimeUtc is { } written)
        {
            File.SetLastWriteTimeUtc(full, written);
        }
        if (info.LastAccessTimeUtc is { } accessed)
        {
            File.SetLastAccessTimeUtc(full, accessed);
        }
        if (info.Attributes is { } attributes && !resolved.Value!.IsDirectory)
        {
            File.SetAttributes(full, attributes.HasFlag(FileAttributes.ReadOnly) ? FileAttributes.ReadOnly : FileAttributes.Normal);
        }
        return VfsStatus.STATUS_SUCCESS;
    }

    public async ValueTask<VfsStatus> CreateDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        if (IsReadOnly)
        {
            return VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
        }
        string full = FullPath(Normalize(path));
        if (Directory.Exists(full) || File.Exists(full))
        {
            return VfsStatus.STATUS_OBJECT_NAME_COLLISION;
        }
        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            return VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND;
        }
        Directory.CreateDirectory(full);
        return VfsStatus.STATUS_SUCCESS;
    }

    public async ValueTask<VfsStatus> DeleteAsync(string path, bool directory, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        if (IsReadOnly)
        {
            return VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
        }
        var resolved = Resolve(path);
        if (!resolved.IsSuccess)
        {
            return resolved.Status;
        }
        string full = FullPath(Normalize(path));
        if (resolved.Value!.IsDirectory != directory)
        {
            return directory ? VfsStatus.STATUS_NOT_A_DIRECTORY : VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
        }
        if (directory)
        {
            if (Directory.EnumerateFileSystemEntries(full).Any())
            {
                return VfsStatus.STATUS_DIRECTORY_NOT_EMPTY;
            }
            Directory.Delete(full);
            return VfsStatus.STATUS_SUCCESS;
        }
        if (resolved.Value.Attributes.HasFlag(FileAttributes.ReadOnly))
        {
            return VfsStatus.STATUS_CANNOT_DELETE;
        }
        File.Delete(full);
        return VfsStatus.STATUS_SUCCESS;
    }

    public async ValueTask<VfsStatus> RenameAsync(string path, string newPath, bool replaceIfExists, CancellationToken cancellationToken)
    {
        await PaceAsync(path, cancellationToken);
        if (IsReadOnly)
        {
            return VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
        }
        var resolved = Resolve(path);
        if (!resolved.IsSuccess)
        {
            return resolved.Status;
        }
        string from = FullPath(Normalize(path)), to = FullPath(Normalize(newPath));
        if (!Directory.Exists(Path.GetDirectoryName(to)))
        {
            return VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND;
        }
        bool targetExists = File.Exists(to) || Directory.Exists(to);
        if (targetExists && !replaceIfExists)
        {
            return VfsStatus.STATUS_OBJECT_NAME_COLLISION;
        }
        if (targetExists && (Directory.Exists(to) || resolved.Value!.IsDirectory))
        {
            return VfsStatus.STATUS_ACCESS_DENIED; // NTFS never replaces a directory, nor a file with one
        }
        if (resolved.Value!.IsDirectory)
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to, overwrite: replaceIfExists);
        }
        return VfsStatus.STATUS_SUCCESS;
    }

    public async ValueTask<VfsStatus> SetDeleteOnCloseAsync(VfsHandle handle, bool delete, CancellationToken cancellationToken)
    {
        await PaceAsync(handle.Path, cancellationToken);
        if (!_writable.ContainsKey(handle.Id))
        {
            return IsReadOnly ? VfsStatus.STATUS_MEDIA_WRITE_PROTECTED : VfsStatus.STATUS_ACCESS_DENIED;
        }
        if (delete && Resolve(handle.Path) is { IsSuccess: true } found && found.Value!.Attributes.HasFlag(FileAttributes.ReadOnly))
        {
            return VfsStatus.STATUS_CANNOT_DELETE;
        }
        _deleteOnClose[handle.Id] = delete;
        return VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>A handle marked delete-on-close deletes its file as it closes, as the server does.</summary>
    private void OnClosed(VfsHandle handle)
    {
        _writable.TryRemove(handle.Id, out _);
        if (_deleteOnClose.TryRemove(handle.Id, out bool delete) && delete)
        {
            File.Delete(FullPath(handle.Path));
        }
    }
}
