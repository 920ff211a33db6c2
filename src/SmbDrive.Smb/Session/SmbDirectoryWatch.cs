using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Session;

/// <summary>The watch of one directory open (<see cref="SmbFile.Watch"/>): each wait is one CHANGE_NOTIFY with the
/// watch's settings, pending on the server until something changes. A directory of a share with several
/// connections is open on the first connection only (<see cref="SmbShareGroup.OpenAsync"/>), so all its waits go
/// there too.</summary>
internal sealed class SmbDirectoryWatch(SmbFile directory, SmbChangeFilter filter, bool watchTree, int bufferBytes) : ISmbDirectoryWatch
{
    private int _waiting;

    public SmbChangeFilter Filter => filter;
    public bool WatchTree => watchTree;
    public int BufferBytes => bufferBytes;

    public async Task<SmbChangeBatch> WaitForChangesAsync(CancellationToken cancellationToken)
    {
        var tree = directory.Tree;
        string where = tree.Where(directory.Path);
        ObjectDisposedException.ThrowIf(directory.IsClosed, directory);
        // The server answers only one of two requests pending on a handle; a second would wait for nothing.
        if (Interlocked.Exchange(ref _waiting, 1) != 0)
            throw new InvalidOperationException($"{where}: a wait for changes of this directory is pending already");
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!tree.TryEnterWatch())
                throw new SmbException($"{where}: {tree.PendingWatches} directory watches wait on this connection already, " +
                                       $"the most its credits allow ({tree.MaxPendingWatches}); watch fewer directories");
            Connection.SmbResponse response;
            try
            {
                response = await directory.SendNotifyAsync(new ChangeNotifyRequest(directory.FileId, filter, watchTree, bufferBytes), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                tree.LeaveWatch();
            }
            using (response)
            {
                switch (response.Status)
                {
                    case NtStatus.STATUS_SUCCESS:
                        var changes = ChangeNotifyResponse.Parse(response.Message, bufferBytes);
                        // An empty success is how a server says "too much to describe" when it does not say ENUM_DIR.
                        return changes.Count == 0 ? SmbChangeBatch.Overflow : new SmbChangeBatch(SmbChangeBatchKind.Changes, changes);
                    case NtStatus.STATUS_NOTIFY_ENUM_DIR:
                        return SmbChangeBatch.Overflow;
                    case NtStatus.STATUS_NOTIFY_CLEANUP or NtStatus.STATUS_DELETE_PENDING or NtStatus.STATUS_FILE_CLOSED:
                        return SmbChangeBatch.Closed;
                    case NtStatus.STATUS_CANCELLED when cancellationToken.IsCancellationRequested:
                        throw new OperationCanceledException($"{where}: waiting for changes was cancelled", cancellationToken);
                    default:
                        throw new SmbStatusException(response.Status, where);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _waiting, 0);
        }
    }
}
