using System.Buffers;
using System.Diagnostics;
using Serilog;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>The callback layer: serves Dokan's requests from an <see cref="IDriveFileSystem"/> and answers with the
/// statuses NTFS would give (dokan-api.md §3.1, §6). Dokan's dispatcher threads are ours to block, so each call waits
/// synchronously for the drive, bounded by <see cref="DokanDriveOptions.OperationTimeout"/>, and keeps the driver's
/// request timer alive with DokanResetTimeout while a slow call (a reconnect, say) is still under way.</summary>
public sealed partial class DokanDrive : IDokanFileSystem, IDisposable
{
    private const DokanFileAccess WriteAccess = DokanFileAccess.WriteData | DokanFileAccess.AppendData
        | DokanFileAccess.WriteExtendedAttributes | DokanFileAccess.WriteAttributes | DokanFileAccess.Delete
        | DokanFileAccess.DeleteChild | DokanFileAccess.ChangePermissions | DokanFileAccess.SetOwnership
        | DokanFileAccess.GenericWrite | DokanFileAccess.GenericAll;

    /// <summary>Rights that need the file's contents (or a directory's listing); everything else is answered from metadata.</summary>
    private const DokanFileAccess DataAccess = DokanFileAccess.ReadData | DokanFileAccess.Execute
        | DokanFileAccess.GenericRead | DokanFileAccess.GenericExecute | DokanFileAccess.GenericAll
        | DokanFileAccess.MaximumAllowed;

    private readonly IDriveFileSystem _drive;
    private readonly DokanDriveOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly VolumeInfoCache _volume;

    public DokanDrive(IDriveFileSystem drive, DokanDriveOptions options, ILogger logger)
    {
        _drive = drive ?? throw new ArgumentNullException(nameof(drive));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _logger = (logger ?? throw new ArgumentNullException(nameof(logger))).ForContext<DokanDrive>();
        _volume = new VolumeInfoCache(_drive.GetVolumeInfoAsync, _options.OperationTimeout, _stopping.Token);
    }

    /// <summary>The mount point Dokan reported in Mounted (the mount manager may choose another letter).</summary>
    public string? MountPoint { get; private set; }

    /// <summary>Set once Dokan called Unmounted.</summary>
    public bool IsUnmounted { get; private set; }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Cancels every drive call a callback is waiting for and makes those callbacks return within
    /// <see cref="DokanDriveOptions.StopGrace"/>, even if the server never answers: DokanCloseHandle waits for all
    /// callbacks, so an unmount is only as quick as the slowest of them. Called from Unmounted and before
    /// DokanCloseHandle; later calls fail at once.</summary>
    public void CancelOutstanding()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nothing is outstanding.
        }
    }

    public VfsStatus CreateFile(string fileName, DokanFileAccess access, FileShare share, FileMode mode, FileOptions options,
        FileAttributes attributes, NtCreateOptions createOptions, DokanFileInfo info)
    {
        var status = DokanPath.TryNormalize(fileName, out string path, out bool trailingSeparator);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }
        var request = new DokanCreateRequest(path, trailingSeparator, access, share, mode, attributes, createOptions);
        if (request.MustBeDirectory && request.MustBeFile)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }
        if (mode == 0)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }
        if (_drive.IsReadOnly)
        {
            if (mode is not (FileMode.Open or FileMode.OpenOrCreate) || (access & WriteAccess) != 0
                || createOptions.HasFlag(NtCreateOptions.DeleteOnClose))
            {
                return WriteDenied;
            }
        }
        else if (mode != FileMode.Open || request.WritesData)
        {
            return CreateWritable(request, info);
        }

        status = OpenExisting(request, info);
        // OPEN_IF of a missing name would create it: a write (only a read-only drive gets here with OPEN_IF).
        return status == VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND && mode == FileMode.OpenOrCreate ? WriteDenied : status;
    }

    /// <summary>Opens an existing object without changing it (reading, attributes, a delete or rename to come).
    /// Returns STATUS_OBJECT_NAME_COLLISION for an OPEN_ALWAYS that found it. The caller's share mode goes to the drive,
    /// which opens a file on the server at once when the mode denies other clients something, so that they are refused
    /// (and this open is refused, STATUS_SHARING_VIOLATION, when another client's open conflicts); an open that shares
    /// everything, as Explorer's do, stays lazy and may be served from the cache without a server open.</summary>
    private VfsStatus OpenExisting(DokanCreateRequest request, DokanFileInfo info)
    {
        bool readsData = (request.Access & DataAccess) != 0;
        var intent = !readsData ? VfsOpenIntent.AttributesOnly
            : request.MustBeDirectory ? VfsOpenIntent.Directory
            : request.MustBeFile ? VfsOpenIntent.NonDirectory
            : VfsOpenIntent.ReadData;
        var sharing = new VfsSharing
        {
            // As for writable opens: the drive renames and deletes by name, with an open of its own that this very
            // handle must not refuse.
            Share = request.WantsDelete ? request.Share | FileShare.Delete : request.Share,
            ReadData = readsData,
            DeleteAccess = request.WantsDelete,
        };
        var opened = Call(_drive.OpenAsync(request.Path, intent, sharing, Token(out var call)), call, info, mustComplete: false);
        if (!opened.IsSuccess)
        {
            return ClassifyOpenFailure(request.Path, opened.Status, request.MustBeDirectory, info);
        }

        var handle = opened.Value!;
        var status = handle.IsDirectory
            ? (request.MustBeFile ? VfsStatus.STATUS_FILE_IS_A_DIRECTORY : VfsStatus.STATUS_SUCCESS)
            : (request.MustBeDirectory ? VfsStatus.STATUS_NOT_A_DIRECTORY
                : request.TrailingSeparator ? VfsStatus.STATUS_OBJECT_NAME_INVALID : VfsStatus.STATUS_SUCCESS);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            Close(handle);
            return status;
        }

        info.IsDirectory = handle.IsDirectory;
        info.Context = new DokanOpenFile(handle, intent, new DokanOpenWrites(false, false, request.DeleteOnClose));
        // An OPEN_ALWAYS that found the object says so; the library counts it as success with FILE_OPENED.
        return request.Mode == FileMode.OpenOrCreate ? VfsStatus.STATUS_OBJECT_NAME_COLLISION : VfsStatus.STATUS_SUCCESS;
    }

    public void CloseFile(string fileName, DokanFileInfo info)
    {
        if (info.Context is DokanOpenFile open)
        {
            foreach (var handle in open.TakeHandlesForClose())
            {
                Close(handle);
            }
        }
    }

    public VfsStatus ReadFile(string fileName, Memory<byte> buffer, out int bytesRead, long offset, DokanFileInfo info)
    {
        bytesRead = 0;
        if (offset < 0)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }
        var open = info.Context as DokanOpenFile;
        if (open is { IsDirectory: true })
        {
            return VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
        }

        VfsHandle? handle = open?.ReadHandle;
        VfsHandle? closeAfterUse = null;
        if (handle is null)
        {
            // No data handle yet: an attributes-only open that is read after all, or a request without context.
            var status = DokanPath.TryNormalize(fileName, out string path, out _);
            if (status != VfsStatus.STATUS_SUCCESS)
            {
                return status;
            }
            var opened = Call(_drive.OpenAsync(open?.Handle.Path ?? path, VfsOpenIntent.NonDirectory, Token(out var call)),
                call, info, mustComplete: false);
            if (!opened.IsSuccess)
            {
                return opened.Status;
            }
            (handle, closeAfterUse) = open is null ? (opened.Value!, opened.Value) : open.AdoptDataHandle(opened.Value!);
        }

        try
        {
            long length = buffer.Length;
            if (info.PagingIo)
            {
                // The cache manager reads whole pages; clamp to the size it was told, as NTFS does.
                long size = handle.Info.Size;
                if (offset >= size)
                {
                    return VfsStatus.STATUS_SUCCESS;
                }
                length = Math.Min(length, size - offset);
            }

            // A short read means end of file to Windows callers, so keep reading until the buffer is full or EOF.
            int total = 0;
            while (total < length)
            {
                var slice = buffer[total..(int)length];
                var read = ReadPrivately(handle, offset + total, slice, info);
                if (!read.IsSuccess)
                {
                    if (total > 0)
                    {
                        break;
                    }
                    return read.Status;
                }
                if (read.Value <= 0)
                {
                    break;
                }
                total += read.Value;
            }
            bytesRead = total;
            return VfsStatus.STATUS_SUCCESS;
        }
        finally
        {
            if (closeAfterUse is not null)
            {
                Close(closeAfterUse);
            }
        }
    }

    public VfsStatus GetFileInformation(string fileName, out DokanFileInformation fileInfo, DokanFileInfo info)
    {
        fileInfo = default;
        VfsFileInfo metadata;
        if (info.Context is DokanOpenFile open)
        {
            var result = Call(_drive.GetInfoAsync(open.Handle, Token(out var call)), call, info, mustComplete: false);
            if (result.IsSuccess)
            {
                metadata = result.Value!;
            }
            else
            {
                // Any failure would reach the caller as STATUS_INVALID_PARAMETER; what we knew at open is better.
                _logger.Debug("GetFileInformation {Path}: {Status}, answering from the open", open.Handle.Path, result.Status);
                metadata = open.Handle.Info;
            }
            fileInfo = ToDokan(metadata, open.Handle.Path);
            return VfsStatus.STATUS_SUCCESS;
        }

        var status = DokanPath.TryNormalize(fileName, out string path, out _);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }
        var byPath = Call(_drive.GetInfoAsync(path, Token(out var pathCall)), pathCall, info, mustComplete: false);
        if (!byPath.IsSuccess)
        {
            return byPath.Status;
        }
        fileInfo = ToDokan(byPath.Value!, path);
        return VfsStatus.STATUS_SUCCESS;
    }

    public VfsStatus FindFiles(string fileName, out IEnumerable<DokanFileInformation> files, DokanFileInfo info) =>
        FindFilesWithPattern(fileName, "*", out files, info);

    public VfsStatus FindFilesWithPattern(string fileName, string searchPattern, out IEnumerable<DokanFileInformation> files,
        DokanFileInfo info)
    {
        files = [];
        if (info.Context is DokanOpenFile { IsDirectory: false })
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }
        var status = DokanPath.TryNormalize(fileName, out string path, out _);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }

        if (!DokanWildcard.MatchesEverything(searchPattern) && !DokanWildcard.ContainsWildcards(searchPattern))
        {
            // FindFirstFile on a full path asks for one exact name: look it up instead of listing the folder (#972).
            if (DokanPath.TryNormalize(searchPattern, out _, out _) != VfsStatus.STATUS_SUCCESS || searchPattern.Contains('\\'))
            {
                return VfsStatus.STATUS_SUCCESS;
            }
            string childPath = DokanPath.Combine(path, searchPattern);
            var child = Call(_drive.GetInfoAsync(childPath, Token(out var childCall)), childCall, info, mustComplete: false);
            if (child.IsSuccess)
            {
                files = [ToDokan(child.Value!, childPath)];
                return VfsStatus.STATUS_SUCCESS;
            }
            // No match is an empty listing; the library reports STATUS_NO_SUCH_FILE for it.
            return child.Status is VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND or VfsStatus.STATUS_NO_SUCH_FILE
                ? VfsStatus.STATUS_SUCCESS : child.Status;
        }

        var listing = Call(_drive.ListAsync(path, null, Token(out var call)), call, info, mustComplete: false);
        if (!listing.IsSuccess)
        {
            return listing.Status;
        }
        var entries = listing.Value!;
        var result = new List<DokanFileInformation>(entries.Count);
        bool all = DokanWildcard.MatchesEverything(searchPattern);
        foreach (var entry in entries)
        {
            if (entry.Name is "." or ".." || (!all && !DokanWildcard.IsMatch(searchPattern, entry.Name, ignoreCase: true)))
            {
                continue;
            }
            result.Add(ToDokan(entry, DokanPath.Combine(path, entry.Name)));
        }
        files = result;
        return VfsStatus.STATUS_SUCCESS;
    }

    public VfsStatus GetDiskFreeSpace(out long freeBytesAvailable, out long totalNumberOfBytes, out long totalNumberOfFreeBytes,
        DokanFileInfo info)
    {
        freeBytesAvailable = totalNumberOfBytes = totalNumberOfFreeBytes = 0;
        var volume = _volume.Get(_options.VolumeQueryWait);
        if (!volume.IsSuccess)
        {
            return volume.Status;
        }
        freeBytesAvailable = volume.Value!.AvailableBytes;
        totalNumberOfBytes = volume.Value.TotalBytes;
        totalNumberOfFreeBytes = volume.Value.FreeBytes;
        return VfsStatus.STATUS_SUCCESS;
    }

    public VfsStatus GetVolumeInformation(out string volumeLabel, out FileSystemFeatures features, out string fileSystemName,
        out uint maximumComponentLength, ref uint volumeSerialNumber, DokanFileInfo info)
    {
        string label = _drive.VolumeLabel ?? "";
        volumeLabel = label.Length > 32 ? label[..32] : label;
        fileSystemName = "NTFS"; // Windows turns features on by this name
        maximumComponentLength = DokanPath.MaxComponentLength;

        var volume = _volume.Get(_options.VolumeQueryWait);
        bool caseSensitive = volume.IsSuccess && volume.Value!.CaseSensitive;
        bool casePreserved = !volume.IsSuccess || volume.Value!.CasePreserved;
        bool unicode = !volume.IsSuccess || volume.Value!.UnicodeOnDisk;
        features = (caseSensitive ? FileSystemFeatures.CaseSensitiveSearch : 0)
            | (casePreserved ? FileSystemFeatures.CasePreservedNames : 0)
            | (unicode ? FileSystemFeatures.UnicodeOnDisk : 0)
            | (_drive.IsReadOnly ? FileSystemFeatures.ReadOnlyVolume : 0);
        return VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>Not implemented: the library then builds its default descriptor (owner = our process user, full
    /// access for Authenticated Users). What a user may do is decided by the server, whatever the descriptor says.</summary>
    public VfsStatus GetFileSecurity(string fileName, SecurityInformation requested, Span<byte> securityDescriptor,
        out int lengthNeeded, DokanFileInfo info)
    {
        lengthNeeded = 0;
        return VfsStatus.STATUS_NOT_IMPLEMENTED;
    }

    public VfsStatus Mounted(string mountPoint, DokanFileInfo info)
    {
        MountPoint = mountPoint;
        _volume.Refresh(); // so that volume queries have last-known values should the server stop answering
        _logger.Information("Mounted {Share} at {MountPoint}", _drive.UncName, mountPoint);
        return VfsStatus.STATUS_SUCCESS;
    }

    public VfsStatus Unmounted(DokanFileInfo info)
    {
        IsUnmounted = true;
        CancelOutstanding();
        _logger.Information("Unmounted {Share} from {MountPoint}", _drive.UncName, MountPoint ?? "");
        return VfsStatus.STATUS_SUCCESS;
    }

    public VfsStatus FindStreams(string fileName, out IEnumerable<DokanFileInformation> streams, DokanFileInfo info)
    {
        streams = [];
        return VfsStatus.STATUS_NOT_IMPLEMENTED;
    }

    /// <summary>A read-only drive refuses a change the way a write-protected disk does.</summary>
    private static VfsStatus WriteDenied => VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;

    /// <summary>Makes a missing object's status the one NTFS gives: OBJECT_PATH_NOT_FOUND when a parent is missing
    /// or is a file, OBJECT_NAME_NOT_FOUND when only the leaf is missing, NOT_A_DIRECTORY only for the leaf.</summary>
    private VfsStatus ClassifyOpenFailure(string path, VfsStatus status, bool mustBeDirectory, DokanFileInfo info)
    {
        switch (status)
        {
            case VfsStatus.STATUS_NO_SUCH_FILE:
            case VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND:
                if (path.Length == 0 || DokanPath.Parent(path).Length == 0)
                {
                    return VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND;
                }
                return ParentIsDirectory(path, info) ? VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND : VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND;
            case VfsStatus.STATUS_NOT_A_DIRECTORY:
                if (mustBeDirectory)
                {
                    var leaf = Call(_drive.GetInfoAsync(path, Token(out var call)), call, info, mustComplete: false);
                    if (leaf.IsSuccess && !leaf.Value!.IsDirectory)
                    {
                        return VfsStatus.STATUS_NOT_A_DIRECTORY;
                    }
                }
                return VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND;
            default:
                return status;
        }
    }

    private bool ParentIsDirectory(string path, DokanFileInfo info)
    {
        var parent = Call(_drive.GetInfoAsync(DokanPath.Parent(path), Token(out var call)), call, info, mustComplete: false);
        return parent.IsSuccess && parent.Value!.IsDirectory;
    }

    private static DokanFileInformation ToDokan(VfsFileInfo metadata, string path)
    {
        var attributes = metadata.Attributes;
        attributes = metadata.IsDirectory ? attributes | FileAttributes.Directory : attributes & ~FileAttributes.Directory;
        // NORMAL is only valid alone.
        attributes = attributes == 0 ? FileAttributes.Normal
            : attributes == FileAttributes.Normal ? attributes : attributes & ~FileAttributes.Normal;
        return new DokanFileInformation
        {
            FileName = metadata.Name,
            Attributes = attributes,
            CreationTime = metadata.CreationTimeUtc,
            LastAccessTime = metadata.LastAccessTimeUtc,
            LastWriteTime = metadata.LastWriteTimeUtc,
            Length = metadata.IsDirectory ? 0 : metadata.Size,
            FileIndex = metadata.FileId != 0 ? metadata.FileId : DokanPath.StableIndex(path),
        };
    }

    private void Close(VfsHandle handle)
    {
        try
        {
            var pending = _drive.CloseAsync(handle);
            if (pending.IsCompleted)
            {
                pending.GetAwaiter().GetResult();
                return;
            }
            // A ValueTask may be consumed only once, so from here on only the Task is used.
            var task = pending.AsTask();
            // While unmounting (the driver closes every handle still open) a silent server must not hold the unmount.
            bool ended = WaitQuietly(task, _options.OperationTimeout, _stopping.Token)
                || (_stopping.IsCancellationRequested && WaitQuietly(task, _options.StopGrace, CancellationToken.None));
            if (!ended)
            {
                _logger.Warning("Closing {Handle} did not finish in time; it continues in the background", handle);
                return;
            }
            task.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            _logger.Warning(ex, "Closing {Handle} failed", handle);
        }
    }

    private CancellationToken Token(out CancellationTokenSource call)
    {
        call = new CancellationTokenSource();
        return call.Token;
    }

    /// <summary>One read into a buffer of our own, copied into the driver's buffer once the drive is done with it. The
    /// drive may outlive an abandoned call (a server that never answers), and the driver's buffer is freed as soon as
    /// the callback returns, so the drive never gets to write into it.</summary>
    private VfsResult<int> ReadPrivately(VfsHandle handle, long offset, Memory<byte> target, DokanFileInfo info)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(target.Length);
        var read = Call(_drive.ReadAsync(handle, offset, scratch.AsMemory(0, target.Length), Token(out var call)), call, info,
            mustComplete: false, out bool abandoned);
        if (abandoned)
        {
            // The drive may still write into it: leave it to the garbage collector instead of the pool.
            return read;
        }
        if (read.IsSuccess && read.Value > 0)
        {
            if (read.Value > target.Length)
            {
                ArrayPool<byte>.Shared.Return(scratch);
                throw new InvalidOperationException($"the drive reported {read.Value} bytes for a {target.Length}-byte read");
            }
            scratch.AsSpan(0, read.Value).CopyTo(target.Span);
        }
        ArrayPool<byte>.Shared.Return(scratch);
        return read;
    }

    private VfsResult<T> Call<T>(ValueTask<VfsResult<T>> pending, CancellationTokenSource call, DokanFileInfo info, bool mustComplete) =>
        Call(pending, call, info, mustComplete, out _);

    private VfsStatus Call(ValueTask<VfsStatus> pending, CancellationTokenSource call, DokanFileInfo info, bool mustComplete)
    {
        var result = Call(AsResult(pending), call, info, mustComplete, out _);
        return result.IsSuccess ? VfsStatus.STATUS_SUCCESS : result.Status;
    }

    private static async ValueTask<VfsResult<bool>> AsResult(ValueTask<VfsStatus> pending)
    {
        var status = await pending.ConfigureAwait(false);
        return status == VfsStatus.STATUS_SUCCESS ? VfsResult<bool>.Success(true) : status;
    }

    /// <summary>Waits for one drive call on the Dokan thread. Past each reset interval the driver's timer is reset so
    /// the request survives a slow call. Past <see cref="DokanDriveOptions.OperationTimeout"/>, or as soon as the drive
    /// is being unmounted, the call is cancelled; if it has not ended a grace period later it is abandoned
    /// (<paramref name="abandoned"/>) and, like a cancelled call, reported as STATUS_IO_TIMEOUT. With
    /// <paramref name="mustComplete"/> (the drive is using the driver's buffer) it is never abandoned.</summary>
    private VfsResult<T> Call<T>(ValueTask<VfsResult<T>> pending, CancellationTokenSource call, DokanFileInfo info, bool mustComplete,
        out bool abandoned)
    {
        abandoned = false;
        if (pending.IsCompletedSuccessfully)
        {
            call.Dispose();
            return pending.Result;
        }
        var task = pending.AsTask();
        var clock = Stopwatch.StartNew();
        TimeSpan? cancelledAt = null;
        int resetMs = (int)Math.Clamp(_options.RequestTimeout.TotalMilliseconds, 1, int.MaxValue);
        while (!WaitQuietly(task, NextSlice(clock.Elapsed, cancelledAt), cancelledAt is null ? _stopping.Token : CancellationToken.None))
        {
            if (cancelledAt is null && (clock.Elapsed >= _options.OperationTimeout || _stopping.IsCancellationRequested))
            {
                if (_stopping.IsCancellationRequested)
                {
                    _logger.Debug("Unmounting: cancelling a drive call");
                }
                else
                {
                    _logger.Warning("A drive call took longer than {Timeout}; cancelling it", _options.OperationTimeout);
                }
                call.Cancel();
                cancelledAt = clock.Elapsed;
            }
            else if (cancelledAt is not null && !mustComplete && clock.Elapsed >= cancelledAt.Value + Grace)
            {
                // The token stays undisposed: the abandoned call may still look at it.
                _logger.Warning("A cancelled drive call did not end; abandoning it");
                abandoned = true;
                return VfsStatus.STATUS_IO_TIMEOUT;
            }
            // Still waiting: keep the driver from failing the request with STATUS_INSUFFICIENT_RESOURCES.
            info.TryResetTimeout(resetMs);
        }

        call.Dispose();
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancelledAt is not null)
        {
            return VfsStatus.STATUS_IO_TIMEOUT;
        }
    }

    /// <summary>How long a cancelled call may take to end: short while unmounting, which must not wait for a server
    /// that does not answer.</summary>
    private TimeSpan Grace => _stopping.IsCancellationRequested && _options.StopGrace < _options.CancellationGrace
        ? _options.StopGrace : _options.CancellationGrace;

    private TimeSpan NextSlice(TimeSpan elapsed, TimeSpan? cancelledAt)
    {
        var slice = _options.ResetInterval;
        var left = cancelledAt is null ? _options.OperationTimeout - elapsed : cancelledAt.Value + Grace - elapsed;
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < slice ? left : slice;
    }

    /// <summary>True once the task has ended, however it ended; the outcome is read afterwards. False when the
    /// timeout passed or <paramref name="stopping"/> was cancelled first.</summary>
    private static bool WaitQuietly(Task task, TimeSpan timeout, CancellationToken stopping)
    {
        try
        {
            return task.Wait(timeout, stopping);
        }
        catch (AggregateException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return task.IsCompleted;
        }
    }
}
