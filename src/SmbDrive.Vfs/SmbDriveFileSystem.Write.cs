using SmbDrive.Smb;
using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Handles;
using SmbDrive.Vfs.Paths;
using SmbDrive.Vfs.Reconnect;

namespace SmbDrive.Vfs;

// Writes. The rule users can rely on: nothing is buffered. A write returns once the server has acknowledged
// every byte of it, so data is on the server whenever close, fsync or unmount returns (close-to-open
// consistency for every other client); fsync also sends FLUSH so that the server commits to its disk.
// Every change made here updates or drops what the caches know about the paths it touched: the path's
// information, its parent's listing, the blocks of the file's known versions. While a path has a writable
// handle, reads of it (through any handle) go to the server rather than to the block cache.
public sealed partial class SmbDriveFileSystem
{
    private const SmbAccess WriteAccess = SmbAccess.GenericWrite | SmbAccess.ReadAttributes | SmbAccess.Synchronize;

    // Path → its writable handles. Guarded by itself.
    private readonly Dictionary<string, List<OpenFile>> _writers = new(StringComparer.Ordinal);

    /// <summary>Reads that must see the server's current bytes: the handle writes, or another handle of the path does,
    /// or the handle holds byte-range locks (what an application reads under a lock must be what the server has now,
    /// and a handle whose locks were lost with the connection must meet its failure rather than cached bytes).</summary>
    private bool BypassesBlockCache(OpenFile file)
    {
        if (file.IsWritable) return true;
        lock (file.Sync)
            if (file.Locks.Count > 0) return true;
        lock (_writers) return _writers.ContainsKey(file.Path);
    }

    public async ValueTask<VfsResult<VfsHandle>> CreateAsync(string path, VfsCreateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        long started = _time.GetTimestamp();
        VfsResult<VfsHandle> result;
        try
        {
            if (IsReadOnly) result = VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
            else if (!VfsPath.TryNormalize(path, out string normalized)) result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            else if (normalized.Length == 0) result = VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
            else result = VfsResult<VfsHandle>.Success(await CreateCoreAsync(normalized, request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (MapWriteFailure(ex, "Create", path, out var status))
        {
            result = status;
        }
        LogOperation("Create", path, 0, (long)request.Disposition, result.Status, started, CacheOutcome.None);
        return result;
    }

    private async Task<VfsHandle> CreateCoreAsync(string path, VfsCreateRequest request, CancellationToken cancellationToken)
    {
        var access = WriteAccess | (request.Read ? SmbAccess.GenericRead : 0) | (request.DeleteAccess ? SmbAccess.Delete : 0);
        var parameters = new SmbCreateParameters
        {
            Access = access,
            ShareAccess = ToShareAccess(request.Share),
            Disposition = (SmbCreateDisposition)request.Disposition,
            Options = SmbCreateOptions.NonDirectoryFile,
            Attributes = request.NewFileAttributes,
        };
        long openedAt = _time.GetTimestamp();
        var (serverFile, lease) = await RunWriteAsync((share, ct) => share.CreateAsync(path, parameters, ct), cancellationToken).ConfigureAwait(false);
        Counters.ServerOpen();
        var info = VfsInfoConverter.ToFileInfo(serverFile.Info, VfsPath.Name(path));
        // What was known of the name (absent, or another size) is outdated; the open says what it is now.
        ForgetPath(path);
        _metadata.SetFound(path, info, openedAt);

        var handle = CreateHandle(path, info, openedAt);
        var file = (OpenFile)handle.State!;
        lock (file.Sync)
        {
            file.IsWritable = true;
            file.Access = access;
            file.ShareAccess = parameters.ShareAccess;
            file.ServerFile = serverFile;
            file.ServerGeneration = lease.Generation;
            file.HadServerOpen = true;
        }
        lock (_writers)
        {
            if (!_writers.TryGetValue(path, out var list)) _writers[path] = list = [];
            list.Add(file);
        }
        return handle;
    }

    public async ValueTask<VfsResult<int>> WriteAsync(VfsHandle handle, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        VfsResult<int> result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure)) result = failure;
            else if (!file.IsWritable) result = VfsStatus.STATUS_ACCESS_DENIED;
            else if (offset < 0 || offset > long.MaxValue - data.Length) result = VfsStatus.STATUS_INVALID_PARAMETER;
            else if (data.IsEmpty) result = VfsResult<int>.Success(0);
            else
            {
                // Repeating a WRITE after a reconnect writes the same bytes at the same place: safe to retry.
                await RunOnFileAsync(file, async (serverFile, ct) =>
                {
                    await ((ISmbWritableFile)serverFile).WriteAsync(offset, data, 0, ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                Changed(file, info => info with { Size = Math.Max(info.Size, offset + data.Length) });
                result = VfsResult<int>.Success(data.Length);
            }
        }
        catch (Exception ex) when (MapWriteFailure(ex, "Write", handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation("Write", handle?.Path ?? "", offset, data.Length, result.Status, started, CacheOutcome.None);
        return result;
    }

    public async ValueTask<VfsStatus> FlushAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        VfsStatus result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure)) result = failure;
            else if (!file.IsWritable) result = VfsStatus.STATUS_SUCCESS; // nothing of ours to commit
            else
            {
                await RunOnFileAsync(file, async (serverFile, ct) =>
                {
                    await ((ISmbWritableFile)serverFile).FlushAsync(ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                result = VfsStatus.STATUS_SUCCESS;
            }
        }
        catch (Exception ex) when (MapWriteFailure(ex, "Flush", handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation("Flush", handle?.Path ?? "", 0, 0, result, started, CacheOutcome.None);
        return result;
    }

    public ValueTask<VfsStatus> SetSizeAsync(VfsHandle handle, long size, CancellationToken cancellationToken) =>
        OnWritableHandleAsync("SetSize", handle, size, async (file, serverFile, ct) =>
        {
            await serverFile.SetEndOfFileAsync(size, ct).ConfigureAwait(false);
            Changed(file, info => info with { Size = size });
        }, cancellationToken);

    public ValueTask<VfsStatus> SetAllocationSizeAsync(VfsHandle handle, long size, CancellationToken cancellationToken) =>
        OnWritableHandleAsync("SetAllocationSize", handle, size, async (file, serverFile, ct) =>
        {
            await serverFile.SetAllocationSizeAsync(size, ct).ConfigureAwait(false);
            // Allocation below the end of file truncates it (MS-FSA 2.1.5.15.1).
            Changed(file, info => info with { Size = Math.Min(info.Size, size) });
        }, cancellationToken);

    public ValueTask<VfsStatus> SetDeleteOnCloseAsync(VfsHandle handle, bool delete, CancellationToken cancellationToken) =>
        OnWritableHandleAsync("SetDeleteOnClose", handle, delete ? 1 : 0, async (file, serverFile, ct) =>
        {
            await serverFile.SetDeleteOnCloseAsync(delete, ct).ConfigureAwait(false);
            Changed(file, info => info);
        }, cancellationToken);

    public ValueTask<VfsStatus> SetBasicInfoAsync(VfsHandle handle, VfsBasicInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (handle?.State is OpenFile { IsWritable: false })
            return SetBasicInfoAsync(handle.Path, info, cancellationToken);
        return OnWritableHandleAsync("SetBasicInfo", handle!, 0, async (file, serverFile, ct) =>
        {
            await serverFile.SetBasicInfoAsync(ToSmb(info), ct).ConfigureAwait(false);
            Changed(file, i => i);
        }, cancellationToken);
    }

    public async ValueTask<VfsStatus> SetSizeAsync(string path, long size, CancellationToken cancellationToken)
    {
        // A writable handle of the path changes it through its own open, which no sharing mode can refuse.
        if (size >= 0 && VfsPath.TryNormalize(path, out string normalized) && FindWriter(normalized) is { } writer)
            return await SetSizeAsync(writer.Handle, size, cancellationToken).ConfigureAwait(false);
        return await OnPathAsync("SetSizePath", path, size, (share, p, ct) => share.SetEndOfFileAsync(p, size, ct), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<VfsStatus> SetBasicInfoAsync(string path, VfsBasicInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        // Through a writable handle of the path when there is one: the server sets the time of last write
        // when a handle that wrote closes, unless that very handle was told a time (MS-FSA 2.1.5.14.2).
        if (!IsReadOnly && VfsPath.TryNormalize(path, out string normalized) && FindWriter(normalized) is { } writer)
            return await SetBasicInfoAsync(writer.Handle, info, cancellationToken).ConfigureAwait(false);
        var basic = ToSmb(info);
        return await OnPathAsync("SetBasicInfoPath", path, 0, (share, p, ct) => share.SetBasicInfoAsync(p, basic, ct), cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<VfsStatus> CreateDirectoryAsync(string path, CancellationToken cancellationToken) =>
        OnPathAsync("CreateDirectory", path, 0, (share, p, ct) => share.CreateDirectoryAsync(p, ct), cancellationToken,
            // Repeated after a loss and the name exists: ours if it is a folder.
            async (share, p, status, ct) => status == NtStatus.STATUS_OBJECT_NAME_COLLISION
                && (await InfoOrNullAsync(share, p, ct).ConfigureAwait(false))?.IsDirectory == true);

    public async ValueTask<VfsStatus> DeleteAsync(string path, bool directory, CancellationToken cancellationToken)
    {
        var status = await OnPathAsync(directory ? "DeleteDirectory" : "Delete", path, 0,
            (share, p, ct) => share.DeleteAsync(p, directory, ct), cancellationToken,
            // Repeated after a loss and the name is gone: the first attempt deleted it.
            (_, _, status, _) => Task.FromResult(status == NtStatus.STATUS_OBJECT_NAME_NOT_FOUND)).ConfigureAwait(false);
        if (status == VfsStatus.STATUS_SUCCESS && VfsPath.TryNormalize(path, out string normalized))
            _metadata.SetMissing(normalized, VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND, _time.GetTimestamp());
        return status;
    }

    public async ValueTask<VfsStatus> RenameAsync(string path, string newPath, bool replaceIfExists, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        VfsStatus result;
        try
        {
            if (IsReadOnly) result = VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
            else if (!VfsPath.TryNormalize(path, out string from) || !VfsPath.TryNormalize(newPath, out string to)) result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            else if (from.Length == 0 || to.Length == 0) result = VfsStatus.STATUS_ACCESS_DENIED;
            else if (from == to) result = VfsStatus.STATUS_SUCCESS;
            else if (to.StartsWith(from + VfsPath.Separator, StringComparison.Ordinal)) result = VfsStatus.STATUS_INVALID_PARAMETER; // into itself
            else
            {
                try
                {
                    await RunWriteAsync(async (share, ct) =>
                    {
                        await share.RenameAsync(from, to, replaceIfExists, ct).ConfigureAwait(false);
                        return true;
                    }, cancellationToken,
                    // Repeated after a loss, the source is gone or the target taken: done if the source is gone
                    // and the target is there.
                    async (share, status, ct) => status is NtStatus.STATUS_OBJECT_NAME_NOT_FOUND or NtStatus.STATUS_OBJECT_NAME_COLLISION
                        && await InfoOrNullAsync(share, from, ct).ConfigureAwait(false) is null
                        && await InfoOrNullAsync(share, to, ct).ConfigureAwait(false) is not null).ConfigureAwait(false);
                }
                finally
                {
                    // Whatever happened, neither name is what the caches think any more.
                    ForgetTree(from);
                    ForgetTree(to);
                }
                MoveOpenHandles(from, to);
                result = VfsStatus.STATUS_SUCCESS;
            }
        }
        catch (Exception ex) when (MapWriteFailure(ex, "Rename", path, out var status))
        {
            result = status;
        }
        LogOperation("Rename", $"{path} -> {newPath}", 0, replaceIfExists ? 1 : 0, result, started, CacheOutcome.None);
        return result;
    }

    public async ValueTask<VfsResult<bool>> RevalidateAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        VfsResult<bool> result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure)) result = failure;
            else if (handle.IsDirectory) result = VfsResult<bool>.Success(false);
            else
            {
                var before = handle.Info;
                if (file.IsWritable)
                {
                    await GetWritableInfoAsync(file, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // From the server, not from the caches: another client may have written the file since.
                    var entry = await _infoFlights.RunAsync(file.Path, GetInfoOnServerAsync, cancellationToken).ConfigureAwait(false);
                    if (entry.Info is { } info) Adopt(file, info, entry.FetchedAt);
                }
                var after = handle.Info;
                result = VfsResult<bool>.Success(before.Size != after.Size || before.LastWriteTimeUtc != after.LastWriteTimeUtc);
            }
        }
        catch (Exception ex) when (MapFailure(ex, "Revalidate", handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation("Revalidate", handle?.Path ?? "", 0, 0, result.Status, started, CacheOutcome.Miss);
        return result;
    }

    /// <summary>A writable handle was closed: its path's readers may use the block cache again, from what the
    /// server says now.</summary>
    private void OnWritableClosed(OpenFile file)
    {
        lock (_writers)
        {
            if (_writers.TryGetValue(file.Path, out var list) && list.Remove(file) && list.Count == 0) _writers.Remove(file.Path);
        }
        ForgetPath(file.Path);
        FileVersion version;
        lock (file.Sync) version = file.Version;
        _blocks?.RemoveVersion(version);
    }

    /// <summary>Information for a writable handle: after a change of its own, the server's (one QUERY_INFO),
    /// so that size and times are exact.</summary>
    private async Task<VfsFileInfo> GetWritableInfoAsync(OpenFile file, CancellationToken cancellationToken)
    {
        long sequence;
        lock (file.Sync)
        {
            sequence = file.ChangeSequence;
            if (file.InfoSequence == sequence && !IsVersionStale(file)) return file.Handle.Info;
        }
        long sentAt = _time.GetTimestamp();
        var raw = await RunOnFileAsync(file, (serverFile, ct) =>
        {
            Counters.ServerHandleQuery();
            return new ValueTask<SmbFileInfo>(serverFile.QueryInfoAsync(ct));
        }, cancellationToken).ConfigureAwait(false);
        lock (file.Sync)
        {
            if (file.InfoSequence <= sequence)
            {
                var previous = file.Handle.Info;
                file.Handle.Info = VfsInfoConverter.ToFileInfo(raw, previous.Name) with { FileId = raw.FileId != 0 ? raw.FileId : previous.FileId };
                file.InfoSequence = sequence;
                file.Version = FileVersion.Of(file.Handle.Info, file.Path);
                if (sentAt > file.VersionCheckedAt) file.VersionCheckedAt = sentAt;
            }
            return file.Handle.Info;
        }
    }

    /// <summary>Information from a writable handle of the path, or null when that handle is closing or failed
    /// meanwhile (the caller then asks by path).</summary>
    private async Task<VfsFileInfo?> TryGetWritableInfoAsync(OpenFile writer, CancellationToken cancellationToken)
    {
        lock (writer.Sync)
        {
            if (writer.Closed || writer.FailedStatus is not null) return null;
        }
        try
        {
            return await GetWritableInfoAsync(writer, cancellationToken).ConfigureAwait(false);
        }
        catch (VfsStatusException ex) when (ex.Status is VfsStatus.STATUS_FILE_CLOSED or VfsStatus.STATUS_FILE_INVALID)
        {
            return null;
        }
    }

    /// <summary>The handle changed its file: its own information is updated as far as it can be known here
    /// and marked for a server query; the path's cached information, its parent's listing and the blocks of
    /// every version of the file that this drive knows are dropped, and other handles of the path ask the
    /// server next time.</summary>
    private void Changed(OpenFile file, Func<VfsFileInfo, VfsFileInfo> update)
    {
        FileVersion version;
        lock (file.Sync)
        {
            file.ChangeSequence++;
            file.Handle.Info = update(file.Handle.Info) with { LastWriteTimeUtc = _time.GetUtcNow().UtcDateTime };
            version = file.Version;
        }
        _blocks?.RemoveVersion(version);
        ForgetPath(file.Path);
        foreach (var other in _handles.Snapshot())
        {
            if (other == file || other.Path != file.Path) continue;
            FileVersion otherVersion;
            lock (other.Sync)
            {
                other.ChangeSequence++;
                other.VersionCheckedAt = long.MinValue / 2; // stale: the next read or stat asks the server
                otherVersion = other.Version;
            }
            _blocks?.RemoveVersion(otherVersion);
        }
    }

    /// <summary>Drops the cached information of a path, its parent's listing and the blocks of its cached version.</summary>
    private void ForgetPath(string path)
    {
        if (_metadata.TryGet(path, out var entry) && entry.Info is { IsDirectory: false } info)
            _blocks?.RemoveVersion(FileVersion.Of(info, path));
        _metadata.Invalidate(path);
        _directories.Invalidate(VfsPath.Parent(path));
    }

    private void ForgetTree(string path)
    {
        ForgetPath(path);
        _metadata.InvalidateTree(path);
        _directories.InvalidateTree(path);
    }

    /// <summary>Open handles follow a rename of their file or of a folder above it, as POSIX descriptors do.</summary>
    private void MoveOpenHandles(string from, string to)
    {
        string prefix = from + VfsPath.Separator;
        foreach (var file in _handles.Snapshot())
        {
            string old = file.Path;
            string? moved = old == from ? to : old.StartsWith(prefix, StringComparison.Ordinal) ? to + old[from.Length..] : null;
            if (moved is null) continue;
            lock (_writers)
            {
                if (file.IsWritable && _writers.TryGetValue(old, out var list) && list.Remove(file))
                {
                    if (list.Count == 0) _writers.Remove(old);
                    if (!_writers.TryGetValue(moved, out var target)) _writers[moved] = target = [];
                    target.Add(file);
                }
                lock (file.Sync) file.Handle.Path = moved;
            }
        }
    }

    private OpenFile? FindWriter(string path)
    {
        lock (_writers)
        {
            if (!_writers.TryGetValue(path, out var list)) return null;
            foreach (var file in list)
                lock (file.Sync)
                    if (!file.Closed && file.FailedStatus is null) return file;
            return null;
        }
    }

    private async ValueTask<VfsStatus> OnWritableHandleAsync(string operation, VfsHandle handle, long argument,
        Func<OpenFile, ISmbWritableFile, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        VfsStatus result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure)) result = failure;
            else if (!file.IsWritable) result = IsReadOnly ? VfsStatus.STATUS_MEDIA_WRITE_PROTECTED : VfsStatus.STATUS_ACCESS_DENIED;
            else if (argument < 0) result = VfsStatus.STATUS_INVALID_PARAMETER;
            else
            {
                await RunOnFileAsync(file, async (serverFile, ct) =>
                {
                    await action(file, (ISmbWritableFile)serverFile, ct).ConfigureAwait(false);
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                result = VfsStatus.STATUS_SUCCESS;
            }
        }
        catch (Exception ex) when (MapWriteFailure(ex, operation, handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation(operation, handle?.Path ?? "", 0, argument, result, started, CacheOutcome.None);
        return result;
    }

    private async ValueTask<VfsStatus> OnPathAsync(string operation, string path, long argument,
        Func<ISmbWritableShare, string, CancellationToken, Task> action, CancellationToken cancellationToken,
        Func<ISmbWritableShare, string, NtStatus, CancellationToken, Task<bool>>? doneBeforeLoss = null)
    {
        long started = _time.GetTimestamp();
        VfsStatus result;
        try
        {
            if (IsReadOnly) result = VfsStatus.STATUS_MEDIA_WRITE_PROTECTED;
            else if (argument < 0) result = VfsStatus.STATUS_INVALID_PARAMETER;
            else if (!VfsPath.TryNormalize(path, out string normalized)) result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            else if (normalized.Length == 0) result = VfsStatus.STATUS_ACCESS_DENIED; // the share root itself
            else
            {
                try
                {
                    await RunWriteAsync(async (share, ct) =>
                    {
                        await action(share, normalized, ct).ConfigureAwait(false);
                        return true;
                    }, cancellationToken,
                    doneBeforeLoss is null ? null : (share, status, ct) => doneBeforeLoss(share, normalized, status, ct)).ConfigureAwait(false);
                }
                finally
                {
                    ForgetTree(normalized);
                    MarkHandlesStale(normalized);
                }
                result = VfsStatus.STATUS_SUCCESS;
            }
        }
        catch (Exception ex) when (MapWriteFailure(ex, operation, path, out var status))
        {
            result = status;
        }
        LogOperation(operation, path, 0, argument, result, started, CacheOutcome.None);
        return result;
    }

    private void MarkHandlesStale(string path)
    {
        foreach (var file in _handles.Snapshot())
        {
            if (file.Path != path) continue;
            FileVersion version;
            lock (file.Sync)
            {
                file.ChangeSequence++;
                file.VersionCheckedAt = long.MinValue / 2;
                version = file.Version;
            }
            _blocks?.RemoveVersion(version);
        }
    }

    /// <summary>Whether a request repeated after a connection loss, and refused with <paramref name="status"/>, had
    /// been carried out by the server the first time: the answer to that attempt was lost with the connection.</summary>
    private delegate Task<bool> DoneBeforeLoss(ISmbWritableShare share, NtStatus status, CancellationToken cancellationToken);

    /// <summary>Runs a share-level write request, reconnecting and repeating it when the connection is lost.
    /// A request that is not idempotent (delete, rename, mkdir) passes <paramref name="doneBeforeLoss"/>: when its
    /// repetition is refused in the way a completed first attempt would cause (the name is already gone, or
    /// already there), the share is asked what happened, and the request counts as done if it was.</summary>
    private async Task<(T, ShareLease)> RunWriteAsync<T>(Func<ISmbWritableShare, CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken, DoneBeforeLoss? doneBeforeLoss = null)
    {
        long? firstLoss = null;
        while (true)
        {
            var lease = await _supervisor.AcquireAsync(cancellationToken).ConfigureAwait(false);
            if (lease.Share is not ISmbWritableShare share)
                throw new VfsStatusException(VfsStatus.STATUS_NOT_SUPPORTED,
                    $"{UncName}: this share offers no writing");
            try
            {
                T result = await operation(share, cancellationToken).ConfigureAwait(false);
                _supervisor.MarkActivity();
                return (result, lease);
            }
            catch (SmbStatusException refused) when (firstLoss is not null && doneBeforeLoss is not null && !VfsErrorMapper.IsConnectionLoss(refused, lease.Share))
            {
                if (!await doneBeforeLoss(share, refused.Status, cancellationToken).ConfigureAwait(false)) throw;
                _log.Information("{Share}: the request lost with the connection had been carried out ({Status} when repeated)", UncName, refused.Status);
                _supervisor.MarkActivity();
                return (default!, lease);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && VfsErrorMapper.IsConnectionLoss(ex, lease.Share))
            {
                _supervisor.ReportLost(lease, ex);
                firstLoss ??= _time.GetTimestamp();
                _supervisor.ThrowIfOutOfTime(firstLoss.Value, ex);
                Counters.RetriedRequest();
            }
        }
    }

    /// <summary>What the share says of <paramref name="path"/> now: null when nothing has that name.</summary>
    private static async Task<SmbFileInfo?> InfoOrNullAsync(ISmbShare share, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await share.GetInfoAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (SmbStatusException e) when (e.Status is NtStatus.STATUS_OBJECT_NAME_NOT_FOUND or NtStatus.STATUS_OBJECT_PATH_NOT_FOUND)
        {
            return null;
        }
    }

    /// <summary>Re-opens a writable or share-mode handle's file after a reconnect with the access and sharing it had,
    /// never creating or truncating it again. If another client opened the file in a way that sharing now refuses, the
    /// handle fails.</summary>
    private static async Task<ISmbFile> ReopenWithSameAccessAsync(ISmbShare share, OpenFile file, CancellationToken cancellationToken)
    {
        if (share is not ISmbWritableShare writable)
            throw new VfsStatusException(VfsStatus.STATUS_NOT_SUPPORTED, $"{file.Path}: the server no longer offers writes");
        SmbAccess access;
        SmbShareAccess shareAccess;
        lock (file.Sync) (access, shareAccess) = (file.Access, file.ShareAccess);
        return await writable.CreateAsync(file.Path, new SmbCreateParameters
        {
            Access = access,
            ShareAccess = shareAccess,
            Disposition = SmbCreateDisposition.Open,
            Options = SmbCreateOptions.NonDirectoryFile,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="MapFailure"/>; a refusal by the server is named in the log at Information, as
    /// a write to a share that does not allow it should be visible without debug logging.</summary>
    private bool MapWriteFailure(Exception exception, string operation, string path, out VfsStatus status)
    {
        if (!MapFailure(exception, operation, path, out status)) return false;
        if (exception is SmbStatusException { Status: var s } smb && s is not (NtStatus.STATUS_OBJECT_NAME_NOT_FOUND
                or NtStatus.STATUS_OBJECT_PATH_NOT_FOUND or NtStatus.STATUS_OBJECT_NAME_COLLISION or NtStatus.STATUS_DIRECTORY_NOT_EMPTY))
            _log.Information("{Operation} {Path} refused by the server: {Reason}", operation, path, smb.Message);
        else if (exception is VfsStatusException { Status: VfsStatus.STATUS_NOT_SUPPORTED } unsupported)
            _log.Warning("{Operation} {Path}: {Reason}", operation, path, unsupported.Message);
        return true;
    }

    private static SmbShareAccess ToShareAccess(FileShare share) =>
        ((share & FileShare.Read) != 0 ? SmbShareAccess.Read : 0)
        | ((share & FileShare.Write) != 0 ? SmbShareAccess.Write : 0)
        | ((share & FileShare.Delete) != 0 ? SmbShareAccess.Delete : 0);

    private static SmbBasicInfo ToSmb(VfsBasicInfo info) => new(
        Time(info.CreationTimeUtc), Time(info.LastAccessTimeUtc), Time(info.LastWriteTimeUtc), Time(info.ChangeTimeUtc),
        info.Attributes is { } attributes ? (attributes == 0 ? FileAttributes.Normal : attributes) : 0);

    private static long Time(DateTime? utc) => utc is { } t ? SmbBasicInfo.ToFileTime(t) : SmbBasicInfo.Keep;
}
