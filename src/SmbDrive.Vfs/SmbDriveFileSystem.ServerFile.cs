using SmbDrive.Smb;
using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Handles;
using SmbDrive.Vfs.Reconnect;

namespace SmbDrive.Vfs;

// Server opens behind handles: opened lazily, re-opened after a reconnect (by path, then checked to be the
// same file: same id, last-write time and size, else the handle fails with STATUS_FILE_INVALID; a handle that held
// byte-range locks fails the same way, as the server released them with the connection), and the
// version queries that keep a handle's idea of its file current.
public sealed partial class SmbDriveFileSystem
{
    private bool IsVersionStale(OpenFile file)
    {
        long checkedAt;
        lock (file.Sync) checkedAt = file.VersionCheckedAt;
        return _time.GetElapsedTime(checkedAt) >= _options.FileInfoLifetime;
    }

    /// <summary>Brings the handle's version up to date: a query on the server file when it has one, else
    /// the path's metadata (which may itself come from a fresh listing).</summary>
    private async Task RefreshVersionAsync(OpenFile file, CancellationToken cancellationToken)
    {
        bool hasServerFile;
        lock (file.Sync) hasServerFile = file.HadServerOpen;
        if (hasServerFile && !file.Handle.IsDirectory)
        {
            await ProbeAsync(file, Interlocked.Read(ref _eventSequence), cancellationToken).ConfigureAwait(false);
            return;
        }
        var (entry, _) = await ResolveAsync(file.Path, cancellationToken).ConfigureAwait(false);
        if (entry.Info is { } info)
        {
            Adopt(file, info, entry.FetchedAt);
        }
        else
        {
            // The name is gone, but an open handle keeps answering with what it knew.
            lock (file.Sync) file.VersionCheckedAt = _time.GetTimestamp();
        }
    }

    /// <summary>Asks the server for the file's current version with a query sent after event
    /// <paramref name="afterSequence"/>; concurrent callers share a query that qualifies. Blocks of the
    /// confirmed version fetched before the query are verified by it.</summary>
    private async Task<FileVersion> ProbeAsync(OpenFile file, long afterSequence, CancellationToken cancellationToken)
    {
        Task<FileVersion> probe;
        lock (file.Sync)
        {
            if (file.Probe is { IsFaulted: false, IsCanceled: false } running && file.ProbeSequence > afterSequence)
            {
                probe = running;
            }
            else
            {
                long sequence = Interlocked.Increment(ref _eventSequence);
                file.ProbeSequence = sequence;
                file.Probe = probe = ProbeOnServerAsync(file, sequence);
            }
        }
        return await probe.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<FileVersion> ProbeOnServerAsync(OpenFile file, long sequence)
    {
        // Started under the handle's lock: leave it before doing anything.
        await Task.Yield();
        long sentAt = _time.GetTimestamp();
        bool hasServerFile;
        lock (file.Sync) hasServerFile = file.HadServerOpen;
        SmbFileInfo raw;
        if (hasServerFile)
        {
            raw = await RunOnFileAsync(file, (serverFile, ct) =>
            {
                Counters.ServerHandleQuery();
                return new ValueTask<SmbFileInfo>(serverFile.QueryInfoAsync(ct));
            }, _shutdown.Token).ConfigureAwait(false);
        }
        else
        {
            // A handle whose reads were all served from the cache has no server open; asking by path is
            // one round trip where opening first would be two.
            raw = await _supervisor.RunAsync((share, ct) =>
            {
                Counters.ServerInfoQuery();
                return share.GetInfoAsync(file.Path, ct);
            }, _shutdown.Token).ConfigureAwait(false);
        }
        Adopt(file, VfsInfoConverter.ToFileInfo(raw, file.Handle.Info.Name), sentAt);
        FileVersion version;
        lock (file.Sync) version = file.Version;
        _blocks?.MarkVerified(version, sequence);
        return version;
    }

    /// <summary>Takes fresh information for the handle. When it shows other content than the handle's
    /// version, the handle moves to the new version and the old version's blocks are dropped.</summary>
    private void Adopt(OpenFile file, VfsFileInfo info, long checkedAt)
    {
        var found = FileVersion.Of(info, file.Path);
        FileVersion old;
        bool changed;
        lock (file.Sync)
        {
            old = file.Version;
            changed = !found.IsSameContentAs(old);
            // Keep the old key when only the file id's presence differs, so cached blocks stay reachable.
            if (changed) file.Version = found;
            if (checkedAt > file.VersionCheckedAt) file.VersionCheckedAt = checkedAt;
            var previous = file.Handle.Info;
            file.Handle.Info = info with
            {
                Name = previous.Name,
                FileId = info.FileId != 0 ? info.FileId : previous.FileId,
            };
        }
        if (!changed) return;
        Counters.VersionChange();
        _blocks?.RemoveVersion(old);
        _metadata.SetFound(file.Path, file.Handle.Info, checkedAt);
        _log.Debug("{Path} changed on the server: was {Old}, now {New}", file.Path, old, found);
    }

    /// <summary>Runs a request on the handle's server file, opening or re-opening it as needed and repeating
    /// the request after a reconnect (every such request is a read or a query, so repeating is safe).</summary>
    private async Task<T> RunOnFileAsync<T>(OpenFile file, Func<ISmbFile, CancellationToken, ValueTask<T>> operation,
        CancellationToken cancellationToken)
    {
        long? firstLoss = null;
        while (true)
        {
            var (serverFile, lease) = await EnsureServerFileAsync(file, cancellationToken).ConfigureAwait(false);
            try
            {
                T result = await operation(serverFile, cancellationToken).ConfigureAwait(false);
                _supervisor.MarkActivity();
                return result;
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

    private async ValueTask<(ISmbFile, ShareLease)> EnsureServerFileAsync(OpenFile file, CancellationToken cancellationToken)
    {
        if (TryGetCurrentServerFile(file, out var ready)) return ready;
        await file.OpenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryGetCurrentServerFile(file, out ready)) return ready;
            ISmbFile? stale;
            lock (file.Sync)
            {
                stale = file.ServerFile;
                file.ServerFile = null;
            }
            // It belongs to a connection that is gone, and went with it.
            if (stale is not null) _ = CloseStaleAsync(stale);
            return await OpenOnServerAsync(file, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            file.OpenLock.Release();
        }
    }

    private bool TryGetCurrentServerFile(OpenFile file, out (ISmbFile, ShareLease) ready)
    {
        lock (file.Sync)
        {
            if (file.Closed) throw new VfsStatusException(VfsStatus.STATUS_FILE_CLOSED, $"{file.Path}: the handle is closed");
            if (file.FailedStatus is { } failed) throw new VfsStatusException(failed, $"{file.Path}: the handle is no longer valid");
            if (file.ServerFile is { } serverFile && _supervisor.TryGetCurrent(out var lease) && lease.Generation == file.ServerGeneration)
            {
                ready = (serverFile, lease);
                return true;
            }
        }
        ready = default;
        return false;
    }

    private async Task<(ISmbFile, ShareLease)> OpenOnServerAsync(OpenFile file, CancellationToken cancellationToken)
    {
        long? firstLoss = null;
        while (true)
        {
            var lease = await _supervisor.AcquireAsync(cancellationToken).ConfigureAwait(false);
            bool reopen;
            int locksHeld;
            lock (file.Sync) (reopen, locksHeld) = (file.HadServerOpen, file.Locks.Count);
            if (reopen && locksHeld > 0)
                throw FailHandle(file, $"{file.Path} held {locksHeld} byte-range lock(s), which the server released when the "
                    + "connection was lost; they are not taken again behind the application's back", null);
            long openedAt = _time.GetTimestamp();
            ISmbFile serverFile;
            try
            {
                Counters.ServerOpen();
                serverFile = file.IsWritable || file.KeepsShareMode
                    ? await ReopenWithSameAccessAsync(lease.Share, file, cancellationToken).ConfigureAwait(false)
                    : await lease.Share.OpenAsync(file.Path, SmbOpenKind.File, cancellationToken).ConfigureAwait(false);
                _supervisor.MarkActivity();
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && VfsErrorMapper.IsConnectionLoss(ex, lease.Share))
            {
                _supervisor.ReportLost(lease, ex);
                firstLoss ??= _time.GetTimestamp();
                _supervisor.ThrowIfOutOfTime(firstLoss.Value, ex);
                Counters.RetriedRequest();
                continue;
            }
            catch (SmbStatusException ex) when (reopen)
            {
                throw FailHandle(file, ex.Status == NtStatus.STATUS_SHARING_VIOLATION
                    ? $"{file.Path} could not be opened again after reconnecting: another client opened it in the meantime in a "
                        + $"way its sharing refuses ({ex.Status.Name()})"
                    : $"{file.Path} could not be opened again after reconnecting ({ex.Status.Name()})", ex);
            }

            var info = VfsInfoConverter.ToFileInfo(serverFile.Info, file.Handle.Info.Name);
            if (reopen && file.IsWritable)
            {
                // Its own writes changed size and time: only the identity must still match.
                ulong knownId;
                lock (file.Sync) knownId = file.Handle.Info.FileId;
                if (knownId != 0 && info.FileId != 0 && knownId != info.FileId)
                {
                    _ = CloseStaleAsync(serverFile);
                    throw FailHandle(file, $"{file.Path} was replaced on the server while the connection was down", null);
                }
            }
            else if (reopen)
            {
                FileVersion expected;
                lock (file.Sync) expected = file.Version;
                var found = FileVersion.Of(info, file.Path);
                if (!found.IsSameContentAs(expected))
                {
                    _ = CloseStaleAsync(serverFile);
                    throw FailHandle(file, $"{file.Path} changed on the server while the connection was down (was {expected}, now {found})", null);
                }
            }
            else
            {
                Adopt(file, info, openedAt);
            }

            lock (file.Sync)
            {
                if (!file.Closed)
                {
                    file.ServerFile = serverFile;
                    file.ServerGeneration = lease.Generation;
                    file.HadServerOpen = true;
                    if (openedAt > file.VersionCheckedAt) file.VersionCheckedAt = openedAt;
                    return (serverFile, lease);
                }
            }
            await CloseServerFileAsync(serverFile).ConfigureAwait(false);
            throw new VfsStatusException(VfsStatus.STATUS_FILE_CLOSED, $"{file.Path}: the handle was closed while opening");
        }
    }

    private VfsStatusException FailHandle(OpenFile file, string message, Exception? inner)
    {
        lock (file.Sync) file.FailedStatus = VfsStatus.STATUS_FILE_INVALID;
        _log.Warning("Handle {Handle} fails from now on: {Reason}", file.Handle.Id, message);
        return new VfsStatusException(VfsStatus.STATUS_FILE_INVALID, message, inner);
    }

    private async Task CloseStaleAsync(ISmbFile serverFile)
    {
        try
        {
            await serverFile.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Its connection is gone; closing can only fail, and nothing depends on it.
            _log.Verbose("Dropping {Path} of a lost connection: {Reason}", serverFile.Path, ex.Message);
        }
    }

    /// <summary>Re-opens every handle that had a server open as soon as the connection is back, so that a
    /// file replaced in the meantime is noticed early and handles are ready when their reader returns.</summary>
    private void OnReconnected(ShareLease lease)
    {
        foreach (var file in _handles.Snapshot())
        {
            bool reopen;
            lock (file.Sync) reopen = file.HadServerOpen && !file.Closed && file.FailedStatus is null;
            if (reopen) _ = ReopenInBackgroundAsync(file);
        }
    }

    private async Task ReopenInBackgroundAsync(OpenFile file)
    {
        try
        {
            await EnsureServerFileAsync(file, _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The handle's next request meets the same failure and reports it; here it is only logged.
            _log.Debug("Re-opening {Path} after reconnecting failed: {Reason}", file.Path, ex.Message);
        }
    }
}
