using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Session;

// Directory change notification (MS-SMB2 3.2.4.14) on this open. The settings are the watch's, fixed at its
// creation, because Samba fixes filter, tree flag and buffer size at the first CHANGE_NOTIFY of a handle.
internal sealed partial class SmbFile : ISmbWatchableDirectory
{
    private SmbDirectoryWatch? _watch;

    internal bool IsClosed => Volatile.Read(ref _closed) != 0;
    internal SmbTree Tree => _tree;
    internal Smb2FileId FileId => _fileId;

    public ISmbDirectoryWatch Watch(SmbChangeFilter filter, bool watchTree, int bufferBytes = SmbDirectoryWatchDefaults.BufferBytes)
    {
        if (!Info.IsDirectory)
            throw new InvalidOperationException($"{_tree.Where(Path)} is not a directory; only a directory open can be watched");
        if (filter == SmbChangeFilter.None) throw new ArgumentOutOfRangeException(nameof(filter), filter, "a watch needs at least one kind of change");
        int most = _tree.MaxTransact;
        if (bufferBytes <= 0 || bufferBytes > most)
            throw new ArgumentOutOfRangeException(nameof(bufferBytes), bufferBytes, $"a watch's buffer holds 1 to {most} bytes on this connection");
        var created = new SmbDirectoryWatch(this, filter, watchTree, bufferBytes);
        var watch = Interlocked.CompareExchange(ref _watch, created, null) ?? created;
        if (watch.Filter != filter || watch.WatchTree != watchTree || watch.BufferBytes != bufferBytes)
            throw new InvalidOperationException(
                $"{_tree.Where(Path)}: this open is watched already with other settings ({watch.Filter}, tree {watch.WatchTree}, " +
                $"{watch.BufferBytes} bytes); the server keeps the first settings of a handle, so open the directory again for others");
        return watch;
    }

    internal Task<SmbResponse> SendNotifyAsync(ChangeNotifyRequest request, CancellationToken cancellationToken) =>
        SendCancellableAsync(request, cancellationToken);
}
