using System.Collections.Concurrent;

namespace SmbDrive.Vfs.Caching;

/// <summary>Path → information, positive for a lifetime like the redirector's FileInfoCacheLifetime and
/// negative ("no such name") for a shorter one like its FileNotFoundCacheLifetime. Keys are compared
/// ordinally: whether two spellings are the same file is the server's business, so a differently-cased
/// probe is a miss and goes to the server (or to its parent's listing) once.</summary>
internal sealed class MetadataCache
{
    /// <summary>Above this many entries, expired ones are swept out (and if that is not enough, all).</summary>
    public const int SweepThreshold = 500_000;

    private readonly ConcurrentDictionary<string, MetadataEntry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _positiveTicks;
    private readonly long _negativeTicks;
    private int _sweeping;

    public MetadataCache(TimeProvider time, TimeSpan positiveLifetime, TimeSpan negativeLifetime)
    {
        _time = time;
        _positiveTicks = ToTimestampTicks(time, positiveLifetime);
        _negativeTicks = ToTimestampTicks(time, negativeLifetime);
    }

    public int Count => _entries.Count;

    /// <summary>True when information fetched at <paramref name="fetchedAt"/> is still within the positive lifetime.</summary>
    public bool IsFresh(long fetchedAt) => _time.GetTimestamp() - fetchedAt < _positiveTicks;

    /// <summary>The entry for <paramref name="path"/> if it has not expired.</summary>
    public bool TryGet(string path, out MetadataEntry entry)
    {
        if (_entries.TryGetValue(path, out entry!) && _time.GetTimestamp() < entry.ExpiresAt) return true;
        entry = null!;
        return false;
    }

    public MetadataEntry SetFound(string path, VfsFileInfo info, long fetchedAt)
    {
        var entry = MetadataEntry.Found(info, fetchedAt, fetchedAt + _positiveTicks);
        Store(path, entry);
        return entry;
    }

    public MetadataEntry SetMissing(string path, VfsStatus status, long fetchedAt)
    {
        var entry = MetadataEntry.Missing(status, fetchedAt, fetchedAt + _negativeTicks);
        Store(path, entry);
        return entry;
    }

    /// <summary>Forgets <paramref name="path"/>, after the drive itself changed it.</summary>
    public void Invalidate(string path) => _entries.TryRemove(path, out _);

    /// <summary>Forgets <paramref name="path"/> and every path below it (a renamed or deleted directory).</summary>
    public void InvalidateTree(string path)
    {
        Invalidate(path);
        string prefix = path.Length == 0 ? "" : path + Paths.VfsPath.Separator;
        foreach (var key in _entries.Keys)
            if (key.StartsWith(prefix, StringComparison.Ordinal)) _entries.TryRemove(key, out _);
    }

    /// <summary>Forgets what is known (found or missing) of the names in the same folder as <paramref name="path"/>
    /// that start with its name up to the last dot ("db.sqlite" → "db.sqlite-journal", "db.mdb" → "db.ldb"), and
    /// returns them. A string comparison per cached entry, no allocation for the others.</summary>
    public IReadOnlyList<string> InvalidateCompanions(string path)
    {
        int dot = path.LastIndexOf('.');
        int separator = path.LastIndexOf(Paths.VfsPath.Separator);
        string stem = dot > separator + 1 ? path[..dot] : path;
        var removed = new List<string>();
        foreach (var key in _entries.Keys)
        {
            if (key != path && key.StartsWith(stem, StringComparison.Ordinal) && key.IndexOf(Paths.VfsPath.Separator, stem.Length) < 0
                && _entries.TryRemove(key, out _))
                removed.Add(key);
        }
        return removed;
    }

    private void Store(string path, MetadataEntry entry)
    {
        // A lifetime of zero means "do not cache".
        if (entry.ExpiresAt <= entry.FetchedAt) return;
        _entries[path] = entry;
        if (_entries.Count > SweepThreshold) Sweep();
    }

    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) != 0) return;
        try
        {
            long now = _time.GetTimestamp();
            foreach (var (path, entry) in _entries)
                if (entry.ExpiresAt <= now) _entries.TryRemove(new KeyValuePair<string, MetadataEntry>(path, entry));
            if (_entries.Count > SweepThreshold) _entries.Clear();
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    internal static long ToTimestampTicks(TimeProvider time, TimeSpan span) =>
        span <= TimeSpan.Zero ? 0 : (long)Math.Min(span.TotalSeconds * time.TimestampFrequency, long.MaxValue / 4);
}
