using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

/// <summary>Rename over SMB1. NT LM 0.12 has no one request that moves a file anywhere and replaces the target:
/// <list type="bullet">
/// <item>the pass-through FileRenameInformation level (1010) replaces, but only renames within the source's own
/// directory (Samba takes the new name as a last component and refuses a separator with STATUS_NOT_SUPPORTED);</item>
/// <item>SMB_COM_NT_RENAME and the core SMB_COM_RENAME move anywhere but never replace (OBJECT_NAME_COLLISION).</item>
/// </list>
/// So: within one directory, level 1010 with ReplaceIfExists; elsewhere NT_RENAME (SMB_COM_RENAME if the server
/// lacks it); and to replace elsewhere, NT_RENAME to a unique name beside the target, then level 1010 over the
/// target, so the target is never missing. Two cases replace in three steps instead (the target moved aside, the
/// source moved in, the old target deleted): a server without pass-through levels, and a hidden or system source,
/// which Samba's level 1010 does not see (it checks the source against empty search attributes, smb2_reply.c
/// can_rename, and answers STATUS_NO_SUCH_FILE; NT_RENAME carries HIDDEN | SYSTEM). Samba hides every name that
/// starts with a dot ("hide dot files"), so this covers rsync's and editors' ".name.tmp" renames.</summary>
internal sealed partial class Smb1Tree
{
    private int _coreRename;

    /// <summary>True once renames use SMB_COM_RENAME because the server refused NT_RENAME.</summary>
    internal bool UsesCoreRename => Volatile.Read(ref _coreRename) != 0;

    public async Task RenameAsync(string path, string newPath, bool replaceIfExists, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(newPath);
        string from = Smb1Strings.SharePath(path), to = Smb1Strings.SharePath(newPath);
        if (PassThrough && ParentOf(from) == ParentOf(to))
        {
            NtStatus status = await TryRenameInDirectoryAsync(from, LastComponent(to), replaceIfExists, cancellationToken).ConfigureAwait(false);
            if (status == NtStatus.STATUS_SUCCESS) return;
            if (!IsRefusedInPlace(status)) throw new SmbStatusException(status, Where(path));
            _log.Debug("{Where}: the server refused the pass-through rename ({Status}); renaming with NT_RENAME", Where(path), status.Name());
        }
        NtStatus moved = await TryMoveAsync(from, to, cancellationToken).ConfigureAwait(false);
        if (moved == NtStatus.STATUS_SUCCESS) return;
        if (moved != NtStatus.STATUS_OBJECT_NAME_COLLISION || !replaceIfExists) throw new SmbStatusException(moved, Where(path));
        await ReplaceAsync(path, from, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Level 1010 on a handle of <paramref name="from"/> opened for DELETE (what Windows requires of a
    /// rename) with every sharing mode; <paramref name="newName"/> is a name in the same directory.</summary>
    internal async Task<NtStatus> TryRenameInDirectoryAsync(string from, string newName, bool replaceIfExists, CancellationToken cancellationToken)
    {
        var created = await OpenForWriteAsync(from, new SmbCreateParameters { Access = SmbAccess.Delete | MetadataAccess, Disposition = SmbCreateDisposition.Open },
            cancellationToken).ConfigureAwait(false);
        try
        {
            return await TryRenameOpenAsync(created.Fid, newName, replaceIfExists, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CloseQuietlyAsync(created.Fid).ConfigureAwait(false);
        }
    }

    /// <summary>Level 1010 failed in a way that NT_RENAME may not: the level is unknown, or (the source having just
    /// been opened, so it exists) the server does not see a hidden or system source, as Samba does not.</summary>
    internal static bool IsRefusedInPlace(NtStatus status) => IsRefusedLevel(status) || status == NtStatus.STATUS_NO_SUCH_FILE;

    /// <summary>Level 1010 on an open FID: renames it within its directory.</summary>
    internal Task<NtStatus> TryRenameOpenAsync(ushort fid, string newName, bool replaceIfExists, CancellationToken cancellationToken) =>
        TrySetFileInfoAtLevelAsync(fid, Smb1SetInformation.RenameLevel, Smb1SetInformation.Rename(_connection.Strings, newName, replaceIfExists), cancellationToken);

    /// <summary>NT_RENAME, or SMB_COM_RENAME once the server has refused NT_RENAME; neither replaces.</summary>
    private async Task<NtStatus> TryMoveAsync(string from, string to, CancellationToken cancellationToken)
    {
        if (!UsesCoreRename)
        {
            using var response = await _connection.SendAsync(new NtRenameRequest(from, to), Tid, cancellationToken).ConfigureAwait(false);
            if (!IsRefusedLevel(response.Status)) return response.Status;
            if (Interlocked.Exchange(ref _coreRename, 1) == 0)
                _log.Information("{Where}: the server refused NT_RENAME ({Status}); renaming with SMB_COM_RENAME from now on", Where(""), response.Status.Name());
        }
        using var core = await _connection.SendAsync(new RenameRequest(from, to), Tid, cancellationToken).ConfigureAwait(false);
        return core.Status;
    }

    /// <summary>Moves <paramref name="from"/> over an existing <paramref name="to"/> in another directory.</summary>
    private async Task ReplaceAsync(string path, string from, string to, CancellationToken cancellationToken)
    {
        // No leading dot: Samba would hide the name, and its level 1010 does not see hidden files.
        string aside = Join(ParentOf(to), $"smbdrive-{Guid.NewGuid():N}.tmp");
        if (PassThrough)
        {
            // Beside the target first, then over it within its directory: one step replaces it.
            NtStatus beside = await TryMoveAsync(from, aside, cancellationToken).ConfigureAwait(false);
            if (beside != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(beside, Where(path));
            NtStatus over = await TryRenameInDirectoryAsync(aside, LastComponent(to), replaceIfExists: true, CancellationToken.None).ConfigureAwait(false);
            if (over == NtStatus.STATUS_SUCCESS) return;
            await UndoMoveAsync(aside, from).ConfigureAwait(false);
            if (!IsRefusedInPlace(over)) throw new SmbStatusException(over, Where(path));
            _log.Debug("{Where}: the server refused the in-place rename over the target ({Status}); replacing in three steps", Where(path), over.Name());
        }

        // No level replaces: the old target goes aside, the source takes its name, the old target is deleted.
        NtStatus away = await TryMoveAsync(to, aside, cancellationToken).ConfigureAwait(false);
        if (away != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(away, Where(path));
        NtStatus into = await TryMoveAsync(from, to, CancellationToken.None).ConfigureAwait(false);
        if (into != NtStatus.STATUS_SUCCESS)
        {
            await UndoMoveAsync(aside, to).ConfigureAwait(false);
            throw new SmbStatusException(into, Where(path));
        }
        try
        {
            bool directory = (await GetInfoAsync(aside, CancellationToken.None).ConfigureAwait(false)).IsDirectory;
            await DeleteAsync(aside, directory, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SmbException e)
        {
            _log.Warning("{Where}: renamed over the old file, but could not delete it from {Aside}: {Reason}", Where(path), Where(aside), e.Message);
        }
    }

    /// <summary>Puts a moved name back after a failed step; a failure here is logged, the step's own error is what
    /// the caller gets.</summary>
    private async Task UndoMoveAsync(string movedTo, string original)
    {
        try
        {
            NtStatus back = await TryMoveAsync(movedTo, original, CancellationToken.None).ConfigureAwait(false);
            if (back != NtStatus.STATUS_SUCCESS)
                _log.Warning("{Where}: could not move {Moved} back after a failed rename: {Status}", Where(original), Where(movedTo), back.Name());
        }
        catch (SmbException e)
        {
            _log.Warning("{Where}: could not move {Moved} back after a failed rename: {Reason}", Where(original), Where(movedTo), e.Message);
        }
    }

    /// <summary>The directory part of a share path ("\a\b" → "\a", "\b" → "").</summary>
    internal static string ParentOf(string sharePath)
    {
        int slash = sharePath.LastIndexOf('\\');
        return slash <= 0 ? "" : sharePath[..slash];
    }

    private static string Join(string parent, string name) => parent + "\\" + name;
}
