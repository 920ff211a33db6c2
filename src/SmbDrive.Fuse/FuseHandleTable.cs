using System.Collections.Concurrent;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

/// <summary>One open file or directory as the kernel knows it: the drive handle and, for directories, the
/// listing snapshot that successive readdir calls page through.</summary>
internal sealed class FuseOpenEntry
{
    public FuseOpenEntry(VfsHandle handle) => Handle = handle;

    public VfsHandle Handle { get; }

    /// <summary>Taken at readdir offset 0 and reused for the following pages; libfuse serializes readdir calls
    /// per directory handle, volatile makes the snapshot visible to whichever worker thread serves the next page.</summary>
    public volatile IReadOnlyList<VfsFileInfo>? Listing;

    /// <summary>The flock(2) lock this open holds on the server, if any. Guarded by <see cref="FlockSync"/>, which
    /// also keeps two flock calls on one open from interleaving.</summary>
    public VfsLockType? Flock;
    public readonly SemaphoreSlim FlockSync = new(1, 1);
}

/// <summary>Maps the 64-bit value kept in fuse_file_info.fh to open entries. Keys start at 1 and are never
/// reused while the table lives, so a stale fh from the kernel cannot reach another file's handle.</summary>
internal sealed class FuseHandleTable
{
    private readonly ConcurrentDictionary<ulong, FuseOpenEntry> _entries = new();
    private long _lastKey;

    public int Count => _entries.Count;

    public ulong Add(VfsHandle handle)
    {
        ulong key = (ulong)Interlocked.Increment(ref _lastKey);
        _entries[key] = new FuseOpenEntry(handle);
        return key;
    }

    public FuseOpenEntry? Get(ulong key) => key != 0 && _entries.TryGetValue(key, out var entry) ? entry : null;

    public FuseOpenEntry? Remove(ulong key) => key != 0 && _entries.TryRemove(key, out var entry) ? entry : null;

    /// <summary>Whether any open entry's handle is for <paramref name="path"/> (the drive's form of the path).</summary>
    public bool AnyOpen(string path) => _entries.Values.Any(e => string.Equals(e.Handle.Path, path, StringComparison.OrdinalIgnoreCase));

    /// <summary>Empties the table and returns what was in it (for closing at unmount).</summary>
    public IReadOnlyList<FuseOpenEntry> RemoveAll()
    {
        var removed = new List<FuseOpenEntry>();
        foreach (var key in _entries.Keys)
        {
            if (_entries.TryRemove(key, out var entry))
                removed.Add(entry);
        }
        return removed;
    }
}
