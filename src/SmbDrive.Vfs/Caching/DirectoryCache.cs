using System.Collections.Concurrent;

namespace SmbDrive.Vfs.Caching;

/// <summary>Directory path → listing, trusted for a lifetime like the redirector's DirectoryCacheLifetime.
/// Bounded by entry count across all listings so that browsing many huge folders cannot grow without limit.</summary>
internal sealed class DirectoryCache
{
    /// <summary>Total entries (over all cached listings) above which expired and then oldest listings go.</summary>
    public const int MaxTotalEntries = 1_000_000;

    private readonly ConcurrentDictionary<string, DirectoryListing> _listings = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _lifetimeTicks;
    private readonly object _trimLock = new();
    private long _totalEntries;

    public DirectoryCache(TimeProvider time, TimeSpan lifetime)
    {
        _time = time;
        _lifetimeTicks = MetadataCache.ToTimestampTicks(time, lifetime);
    }

    public int Count => _listings.Count;

    public bool TryGet(string path, out DirectoryListing listing)
    {
        if (_listings.TryGetValue(path, out listing!) && _time.GetTimestamp() < listing.ExpiresAt) return true;
        listing = null!;
        return false;
    }

    public DirectoryListing Store(string path, VfsFileInfo[] entries, long fetchedAt)
    {
        var listing = new DirectoryListing(entries, fetchedAt, fetchedAt + _lifetimeTicks);
        if (_lifetimeTicks == 0) return listing;
        lock (_trimLock)
        {
            if (_listings.TryGetValue(path, out var old)) _totalEntries -= old.Entries.Count;
            _listings[path] = listing;
            _totalEntries += entries.Length;
            if (_totalEntries > MaxTotalEntries) TrimLocked(path);
        }
        return listing;
    }

    /// <summary>Forgets the listing of <paramref name="path"/>, after the drive itself changed the directory.</summary>
    public void Invalidate(string path)
    {
        lock (_trimLock)
        {
            if (_listings.TryRemove(path, out var old)) _totalEntries -= old.Entries.Count;
        }
    }

    /// <summary>Forgets the listings of <paramref name="path"/> and of every directory below it.</summary>
    public void InvalidateTree(string path)
    {
        string prefix = path.Length == 0 ? "" : path + Paths.VfsPath.Separator;
        lock (_trimLock)
        {
            foreach (var key in _listings.Keys)
                if ((key == path || key.StartsWith(prefix, StringComparison.Ordinal)) && _listings.TryRemove(key, out var old))
                    _totalEntries -= old.Entries.Count;
        }
    }

    private void TrimLocked(string keep)
    {
        long now = _time.GetTimestamp();
        foreach (var (path, listing) in _listings.OrderBy(p => p.Value.ExpiresAt > now).ThenBy(p => p.Value.FetchedAt))
        {
            if (_totalEntries <= MaxTotalEntries) break;
            if (path == keep) continue;
            if (_listings.TryRemove(path, out _)) _totalEntries -= listing.Entries.Count;
        }
    }
}
