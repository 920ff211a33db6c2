using SmbDrive.Smb;
using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.Diagnostics;
using SmbDrive.Vfs.Errors;
using SmbDrive.Vfs.Paths;

namespace SmbDrive.Vfs;

// Information by path and directory listings. A lookup tries, in order: the metadata cache (positive and
// negative entries), the parent's listing if it is still fresh, what is known about the parent (a name
// under a file or under a missing directory cannot exist), and only then the server, once per path even
// when many threads ask at the same moment.
public sealed partial class SmbDriveFileSystem
{
    public async ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(string path, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var cache = CacheOutcome.None;
        VfsResult<VfsFileInfo> result;
        try
        {
            if (!VfsPath.TryNormalize(path, out string normalized))
            {
                result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            }
            else if (FindWriter(normalized) is { } writer && await TryGetWritableInfoAsync(writer, cancellationToken).ConfigureAwait(false) is { } written)
            {
                // The path is being written through this drive: its writable handle knows best.
                result = VfsResult<VfsFileInfo>.Success(written);
            }
            else
            {
                (var entry, cache) = await ResolveAsync(normalized, cancellationToken).ConfigureAwait(false);
                result = entry.Info is { } info ? VfsResult<VfsFileInfo>.Success(info) : entry.Status;
            }
        }
        catch (Exception ex) when (MapFailure(ex, "GetInfo", path, out var status))
        {
            result = status;
        }
        LogOperation("GetInfo", path, 0, 0, result.Status, started, cache);
        return result;
    }

    public async ValueTask<VfsResult<VfsFileInfo>> GetInfoAsync(VfsHandle handle, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var cache = CacheOutcome.Hit;
        VfsResult<VfsFileInfo> result;
        try
        {
            if (!TryGetOpenFile(handle, out var file, out var failure))
            {
                result = failure;
            }
            else if (file.IsWritable)
            {
                result = VfsResult<VfsFileInfo>.Success(await GetWritableInfoAsync(file, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                if (IsVersionStale(file))
                {
                    cache = CacheOutcome.Miss;
                    await RefreshVersionAsync(file, cancellationToken).ConfigureAwait(false);
                }
                result = VfsResult<VfsFileInfo>.Success(handle.Info);
            }
        }
        catch (Exception ex) when (MapFailure(ex, "GetInfo", handle?.Path ?? "", out var status))
        {
            result = status;
        }
        LogOperation("GetInfoHandle", handle?.Path ?? "", 0, 0, result.Status, started, cache);
        return result;
    }

    public async ValueTask<VfsResult<IReadOnlyList<VfsFileInfo>>> ListAsync(string path, string? pattern, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        var cache = CacheOutcome.None;
        VfsResult<IReadOnlyList<VfsFileInfo>> result;
        try
        {
            if (!VfsPath.TryNormalize(path, out string normalized))
                result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            else if (pattern is not null && pattern.AsSpan().IndexOfAny('\\', '/') >= 0)
                result = VfsStatus.STATUS_OBJECT_NAME_INVALID;
            else
                (result, cache) = await ListCoreAsync(normalized, pattern, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (MapFailure(ex, "List", path, out var status))
        {
            result = status;
        }
        LogOperation("List", pattern is null ? path : $"{path} [{pattern}]", 0, result.IsSuccess ? result.Value!.Count : 0,
            result.Status, started, cache);
        return result;
    }

    private async Task<(VfsResult<IReadOnlyList<VfsFileInfo>>, CacheOutcome)> ListCoreAsync(string path, string? pattern,
        CancellationToken cancellationToken)
    {
        if (_metadata.TryGet(path, out var self))
        {
            if (self.Info is null) return (self.Status, CacheOutcome.Hit);
            if (!self.Info.IsDirectory) return (VfsStatus.STATUS_NOT_A_DIRECTORY, CacheOutcome.Hit);
        }

        // An exact name (FindFirstFile on one file) is a lookup, not a reason to list a huge folder.
        if (!string.IsNullOrEmpty(pattern) && !WildcardMatcher.HasWildcards(pattern) && !_directories.TryGet(path, out _))
        {
            var (entry, outcome) = await ResolveAsync(VfsPath.Combine(path, pattern), cancellationToken).ConfigureAwait(false);
            if (entry.Info is { } info) return (VfsResult<IReadOnlyList<VfsFileInfo>>.Success([info]), outcome);
            return entry.Status is VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND or VfsStatus.STATUS_NO_SUCH_FILE
                ? (VfsResult<IReadOnlyList<VfsFileInfo>>.Success([]), outcome)
                : (entry.Status, outcome);
        }

        var (listing, cache) = await GetListingAsync(path, cancellationToken).ConfigureAwait(false);
        if (WildcardMatcher.MatchesEverything(pattern)) return (VfsResult<IReadOnlyList<VfsFileInfo>>.Success(listing.Entries), cache);
        var matches = new List<VfsFileInfo>();
        foreach (var entry in listing.Entries)
            if (WildcardMatcher.IsMatch(pattern!, entry.Name)) matches.Add(entry);
        return (VfsResult<IReadOnlyList<VfsFileInfo>>.Success(matches), cache);
    }

    private async ValueTask<(DirectoryListing, CacheOutcome)> GetListingAsync(string path, CancellationToken cancellationToken)
    {
        if (_directories.TryGet(path, out var listing))
        {
            Counters.DirectoryHit();
            return (listing, CacheOutcome.Hit);
        }
        Counters.DirectoryMiss();
        listing = await _listFlights.RunAsync(path, ListOnServerAsync, cancellationToken).ConfigureAwait(false);
        return (listing, CacheOutcome.Miss);
    }

    private async Task<DirectoryListing> ListOnServerAsync(string path)
    {
        long fetchedAt = _time.GetTimestamp();
        IReadOnlyList<SmbFileInfo> raw;
        try
        {
            raw = await _supervisor.RunAsync((share, ct) =>
            {
                Counters.ServerListing();
                return share.ListAsync(path, "*", ct);
            }, _shutdown.Token).ConfigureAwait(false);
        }
        catch (SmbStatusException ex) when (IsNotFound(ex.Status))
        {
            _metadata.SetMissing(path, VfsErrorMapper.FromNtStatus(ex.Status), fetchedAt);
            throw;
        }

        var entries = new List<VfsFileInfo>(raw.Count);
        foreach (var item in raw)
        {
            if (item.Name is "" or "." or "..") continue;
            var info = VfsInfoConverter.ToFileInfo(item, item.Name);
            entries.Add(info);
            // This is what makes "list, then ask about every entry" cost one listing and nothing more.
            _metadata.SetFound(VfsPath.Combine(path, item.Name), info, fetchedAt);
        }
        return _directories.Store(path, entries.ToArray(), fetchedAt);
    }

    /// <summary>What is known about <paramref name="path"/> (normalized), from memory when possible.</summary>
    private async ValueTask<(MetadataEntry, CacheOutcome)> ResolveAsync(string path, CancellationToken cancellationToken)
    {
        if (_metadata.TryGet(path, out var entry))
        {
            if (entry.Exists) Counters.MetadataHit();
            else Counters.NegativeHit();
            return (entry, CacheOutcome.Hit);
        }

        if (path.Length > 0)
        {
            string parent = VfsPath.Parent(path);
            if (_directories.TryGet(parent, out var listing))
            {
                switch (listing.Lookup(VfsPath.Name(path), out var info))
                {
                    // File information may be no older than its own lifetime, even when the listing is younger
                    // than the directory lifetime.
                    case NameLookup.Found when _metadata.IsFresh(listing.FetchedAt):
                        Counters.DirectoryHit();
                        return (_metadata.SetFound(path, info!, listing.FetchedAt), CacheOutcome.Hit);
                    case NameLookup.Absent:
                        Counters.NegativeHit();
                        return (_metadata.SetMissing(path, VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND, listing.FetchedAt), CacheOutcome.Hit);
                }
            }
            else if (_metadata.TryGet(parent, out var parentEntry) && parentEntry.Info is not { IsDirectory: true })
            {
                // desktop.ini under a file, or anything under a folder known not to exist.
                Counters.NegativeHit();
                return (MetadataEntry.Missing(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND, parentEntry.FetchedAt, parentEntry.ExpiresAt),
                    CacheOutcome.Hit);
            }
        }

        Counters.MetadataMiss();
        entry = await _infoFlights.RunAsync(path, GetInfoOnServerAsync, cancellationToken).ConfigureAwait(false);
        return (entry, CacheOutcome.Miss);
    }

    private async Task<MetadataEntry> GetInfoOnServerAsync(string path)
    {
        long fetchedAt = _time.GetTimestamp();
        try
        {
            var raw = await _supervisor.RunAsync((share, ct) =>
            {
                Counters.ServerInfoQuery();
                return share.GetInfoAsync(path, ct);
            }, _shutdown.Token).ConfigureAwait(false);
            return _metadata.SetFound(path, VfsInfoConverter.ToFileInfo(raw, VfsPath.Name(path)), fetchedAt);
        }
        catch (SmbStatusException ex) when (IsNotFound(ex.Status))
        {
            return _metadata.SetMissing(path, VfsErrorMapper.FromNtStatus(ex.Status), fetchedAt);
        }
    }

    private static bool IsNotFound(NtStatus status) => status is NtStatus.STATUS_OBJECT_NAME_NOT_FOUND
        or NtStatus.STATUS_OBJECT_PATH_NOT_FOUND or NtStatus.STATUS_NO_SUCH_FILE or NtStatus.STATUS_NOT_FOUND;
}
