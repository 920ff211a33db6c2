using SmbDrive.Smb;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.Handles;

namespace SmbDrive.Vfs;

// Byte-range locks on the handle's own server open (opened first if the handle's reads were all served from the
// cache), so the server enforces them against every other open. The handle records the ranges it holds: a handle
// that holds any is not re-opened after a reconnect (OpenOnServerAsync fails it), because the server released them
// with the lost connection and taking them again silently could hand another client's changes made in between to
// a caller that believes it kept the range all along.
//
// A granted lock is where its holder must see what the last writer wrote (the cifs client's strict cache mode does
// the same). Nothing of this drive's is left to send first: a write returns once the server has it. What remains is
// to forget what was cached without a lease to keep it valid: the file's blocks and information, for every handle of
// it, and what is known of its companion files (the names that start with its own up to the extension), because
// applications check them under the lock (SQLite its journal, Access its .ldb). PathsOutdated passes the same on to
// the OS's caches.
public sealed partial class SmbDriveFileSystem
{
    public event Action<IReadOnlyList<string>>? PathsOutdated;

    public async ValueTask<VfsStatus> LockAsync(VfsHandle handle, ulong offset, ulong length, VfsLockType type, bool wait,
        CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        VfsStatus result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure)) result = failure;
            else if (handle.IsDirectory) result = VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
            else
            {
                var smbType = type == VfsLockType.Exclusive ? SmbLockType.Exclusive : SmbLockType.Shared;
                // Repeating after a reconnect is safe only while the handle holds nothing: the new open then starts
                // without locks, like the lost one ended. With locks held the re-open fails the handle instead.
                await RunOnFileAsync(file, async (serverFile, ct) =>
                {
                    await Lockable(serverFile).LockAsync(offset, length, smbType, wait, ct).ConfigureAwait(false);
                    lock (file.Sync) file.Locks.Add(new LockRange(offset, length));
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                ForgetCachedForLock(file);
                result = VfsStatus.STATUS_SUCCESS;
            }
        }
        catch (Exception ex) when (MapLockFailure(ex, "Lock", handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation(type == VfsLockType.Exclusive ? "LockExclusive" : "LockShared", handle?.Path ?? "",
            unchecked((long)offset), unchecked((long)length), result, started, CacheOutcome.None);
        return result;
    }

    public async ValueTask<VfsStatus> UnlockAsync(VfsHandle handle, ulong offset, ulong length, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        VfsStatus result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure)) result = failure;
            else if (handle.IsDirectory) result = VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
            else
            {
                await RunOnFileAsync(file, async (serverFile, ct) =>
                {
                    await Lockable(serverFile).UnlockAsync(offset, length, ct).ConfigureAwait(false);
                    lock (file.Sync) file.Locks.Remove(new LockRange(offset, length));
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                result = VfsStatus.STATUS_SUCCESS;
            }
        }
        catch (Exception ex) when (MapLockFailure(ex, "Unlock", handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation("Unlock", handle?.Path ?? "", unchecked((long)offset), unchecked((long)length), result, started, CacheOutcome.None);
        return result;
    }

    public async ValueTask UnlockAllAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        if (handle?.State is not OpenFile file) return;
        LockRange[] held;
        lock (file.Sync)
        {
            if (file.Locks.Count == 0) return;
            held = [.. file.Locks];
        }
        // Only on the server open that took them: if the connection went in the meantime, so did the locks, and
        // re-opening the file just to find nothing to release would be a waste.
        ISmbFile? serverFile = null;
        try
        {
            if (TryGetCurrentServerFile(file, out var current)) serverFile = current.Item1;
        }
        catch (VfsStatusException)
        {
            // Closed or failed: nothing of it is left on the server to release.
        }
        if (serverFile is ISmbLockableFile lockable)
        {
            // The most recent first, so that of stacked locks on one range the exclusive one (taken before any shared
            // one could be) is released last, as Windows requires of stacked locks.
            for (int i = held.Length - 1; i >= 0; i--)
            {
                var range = held[i];
                try
                {
                    await lockable.UnlockAsync(range.Offset, range.Length, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SmbException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // The server releases it when the handle closes, or already did with a lost connection.
                    _log.Debug("Releasing the lock of {Length} bytes at {Offset} of {Path} failed: {Reason}",
                        range.Length, range.Offset, file.Path, ex.Message);
                }
            }
        }
        lock (file.Sync)
        {
            // One entry per lock released (or gone with its open); a lock taken meanwhile stays recorded.
            foreach (var range in held) file.Locks.Remove(range);
        }
        _log.Debug("Released {Count} byte-range locks of {Path}", held.Length, file.Path);
    }

    private void ForgetCachedForLock(OpenFile file)
    {
        string path = file.Path;
        ForgetPath(path);
        var outdated = new List<string> { path };
        outdated.AddRange(_metadata.InvalidateCompanions(path));
        foreach (var other in _handles.Snapshot())
        {
            if (other.Path != path) continue;
            FileVersion version;
            lock (other.Sync)
            {
                other.VersionCheckedAt = long.MinValue / 2; // the next stat or read asks the server
                version = other.Version;
            }
            _blocks?.RemoveVersion(version);
        }
        try
        {
            PathsOutdated?.Invoke(outdated);
        }
        catch (Exception ex)
        {
            // The OS keeps its cache a while longer; the lock itself stands.
            _log.Warning(ex, "Telling the OS that {Path} is outdated failed", path);
        }
    }

    private ISmbLockableFile Lockable(ISmbFile serverFile) => serverFile as ISmbLockableFile
        ?? throw new VfsStatusException(VfsStatus.STATUS_NOT_SUPPORTED,
            $"{UncName}: this share's files take no byte-range locks");

    /// <summary>Like <see cref="MapWriteFailure"/>, but a conflict with another open's lock is an everyday answer,
    /// logged at Debug only.</summary>
    private bool MapLockFailure(Exception exception, string operation, string path, out VfsStatus status)
    {
        if (exception is SmbStatusException { Status: var s } && (s.IsLockConflict() || s == NtStatus.STATUS_RANGE_NOT_LOCKED))
            return MapFailure(exception, operation, path, out status);
        return MapWriteFailure(exception, operation, path, out status);
    }
}
