using System.Collections.Concurrent;

namespace SmbDrive.Vfs.Handles;

/// <summary>Every open handle, so that a reconnect can re-open their server files and disposal can close
/// them. Ids start at 1 and are never reused within one drive.</summary>
internal sealed class HandleTable
{
    private readonly ConcurrentDictionary<long, OpenFile> _open = new();
    private long _lastId;

    public int Count => _open.Count;

    public long NextId() => Interlocked.Increment(ref _lastId);

    public void Add(OpenFile file) => _open[file.Handle.Id] = file;

    public bool Remove(long id, out OpenFile? file) => _open.TryRemove(id, out file);

    public IReadOnlyCollection<OpenFile> Snapshot() => _open.Values.ToArray();
}
