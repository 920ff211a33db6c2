using SmbDrive.Smb;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Handles;
using SmbDrive.Vfs.Paths;

namespace SmbDrive.Vfs;

// Opens with share modes. A lazy open shares everything with everyone, because it is not on the server at all until
// it reads something the cache lacks. A Windows caller that denies others something (a legacy program opening its
// data file with FILE_SHARE_READ only, so that no one writes it underneath) needs the server to know: its file is
// opened on the server at once, with the caller's access and sharing, and stays open for as long as its handle. The
// server then refuses another client's conflicting open, and refuses this one while another client's conflicts.
public sealed partial class SmbDriveFileSystem
{
    public async ValueTask<VfsResult<VfsHandle>> OpenAsync(string path, VfsOpenIntent intent, VfsSharing sharing,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sharing);
        // Directories keep the lazy open: listings and their caches do not go through a handle's server open.
        if (!sharing.DeniesOthers || intent == VfsOpenIntent.Directory)
            return await OpenAsync(path, intent, cancellationToken).ConfigureAwait(false);

        long started = _time.GetTimestamp();
        VfsResult<VfsHandle> result;
        try
        {
            // What the caches know first: the shell probes missing names (desktop.ini) with such sharing again and
            // again, and a name known to be missing must not cost a round trip.
            if (!VfsPath.TryNormalize(path, out string normalized))
                result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            else
            {
                var (known, _) = await ResolveAsync(normalized, cancellationToken).ConfigureAwait(false);
                if (known.Info is null)
                    result = known.Status;
                else if (!known.Info.IsDirectory && await OpenWithSharingAsync(normalized, sharing, cancellationToken).ConfigureAwait(false) is { } handle)
                    result = VfsResult<VfsHandle>.Success(handle);
                else // a directory, or a share that cannot be asked for sharing
                    return await OpenAsync(path, intent, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (MapWriteFailure(ex, "OpenShared", path, out var status))
        {
            result = status;
        }
        LogOperation("OpenShared", path, 0, (long)sharing.Share, result.Status, started, CacheOutcome.None);
        return result;
    }

    /// <summary>The server open with the caller's access and sharing, behind a new handle that keeps them for re-opens.
    /// Null when the path is a directory, or when the share offers no CREATE with chosen sharing.</summary>
    private async Task<VfsHandle?> OpenWithSharingAsync(string path, VfsSharing sharing, CancellationToken cancellationToken)
    {
        var parameters = new SmbCreateParameters
        {
            // Reading brings what FILE_GENERIC_READ has; an open for DELETE alone still reads attributes, as Windows' do.
            Access = (sharing.ReadData ? SmbAccess.GenericRead : SmbAccess.ReadAttributes | SmbAccess.Synchronize)
                | (sharing.DeleteAccess ? SmbAccess.Delete : 0),
            ShareAccess = ToShareAccess(sharing.Share),
            Disposition = SmbCreateDisposition.Open,
            Options = SmbCreateOptions.NonDirectoryFile,
        };
        if ((await _supervisor.AcquireAsync(cancellationToken).ConfigureAwait(false)).Share is not ISmbWritableShare)
        {
            _log.Debug("{Path}: the share cannot be asked for sharing; opened without it", path);
            return null;
        }
        long openedAt = 0;
        // FILE_OPEN neither creates nor changes anything: repeating it after a lost connection is safe.
        var (serverFile, lease) = await RunWriteAsync(async (share, ct) =>
        {
            openedAt = _time.GetTimestamp();
            try
            {
                Counters.ServerOpen();
                return await share.CreateAsync(path, parameters, ct).ConfigureAwait(false);
            }
            catch (SmbStatusException ex) when (ex.Status == NtStatus.STATUS_FILE_IS_A_DIRECTORY)
            {
                return null;
            }
            catch (SmbStatusException ex) when (ex.Status == NtStatus.STATUS_SHARING_VIOLATION
                && OwnOpenConflicts(path, parameters.Access, parameters.ShareAccess))
            {
                // One of this drive's own server opens is in the way. Windows judges sharing among its own handles
                // itself, and let this one through; so the open in the way belongs to a handle the application has
                // closed (Cleanup) but Windows has not let go of yet (CloseFile comes when the cache manager does).
                // Refusing would refuse what Windows allows: the open goes ahead lazily, without sharing held on the
                // server (another client's conflicting open, if there is one too, goes unnoticed this time).
                _log.Debug("{Path}: sharing refused by this drive's own open ({Reason}); opened without it", path, ex.Message);
                return null;
            }
        }, cancellationToken).ConfigureAwait(false);
        if (serverFile is null)
            return null;

        var info = VfsInfoConverter.ToFileInfo(serverFile.Info, VfsPath.Name(path));
        _metadata.SetFound(path, info, openedAt);
        var handle = CreateHandle(path, info, openedAt);
        var file = (OpenFile)handle.State!;
        lock (file.Sync)
        {
            file.KeepsShareMode = true;
            file.Access = parameters.Access;
            file.ShareAccess = parameters.ShareAccess;
            file.ServerFile = serverFile;
            file.ServerGeneration = lease.Generation;
            file.HadServerOpen = true;
        }
        return handle;
    }

    /// <summary>True when a server open that this drive holds for <paramref name="path"/> and an open with
    /// <paramref name="access"/> and <paramref name="share"/> would refuse each other (MS-FSA 2.1.5.1.2).</summary>
    private bool OwnOpenConflicts(string path, SmbAccess access, SmbShareAccess share)
    {
        foreach (var file in _handles.Snapshot())
        {
            if (file.Path != path) continue;
            bool held;
            SmbAccess theirAccess;
            SmbShareAccess theirShare;
            lock (file.Sync) (held, theirAccess, theirShare) = (file.ServerFile is not null && !file.Closed, file.Access, file.ShareAccess);
            if (!held) continue;
            // A lazy handle's server open reads and shares everything.
            if (theirAccess == SmbAccess.None) theirAccess = SmbAccess.GenericRead;
            if (Refuses(share, theirAccess) || Refuses(theirShare, access)) return true;
        }
        return false;
    }

    /// <summary>Whether sharing <paramref name="share"/> refuses an open that uses <paramref name="access"/>.</summary>
    private static bool Refuses(SmbShareAccess share, SmbAccess access) =>
        ((access & SmbAccess.ReadData) != 0 && (share & SmbShareAccess.Read) == 0)
        || ((access & (SmbAccess.WriteData | SmbAccess.AppendData)) != 0 && (share & SmbShareAccess.Write) == 0)
        || ((access & SmbAccess.Delete) != 0 && (share & SmbShareAccess.Delete) == 0);
}
