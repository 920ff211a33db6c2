namespace SmbDrive.Smb;

/// <summary>What a directory watch reports (CompletionFilter of SMB2 CHANGE_NOTIFY, MS-SMB2 2.2.35; the same bits
/// as FILE_NOTIFY_CHANGE_* of MS-FSCC 2.7.1).</summary>
[Flags]
public enum SmbChangeFilter : uint
{
    None = 0,
    /// <summary>A file was created, deleted or renamed.</summary>
    FileName = 0x1,
    /// <summary>A directory was created, deleted or renamed.</summary>
    DirectoryName = 0x2,
    Attributes = 0x4,
    Size = 0x8,
    LastWrite = 0x10,
    LastAccess = 0x20,
    Creation = 0x40,
    ExtendedAttributes = 0x80,
    Security = 0x100,
    StreamName = 0x200,
    StreamSize = 0x400,
    StreamWrite = 0x800,

    /// <summary>Everything a cache of names and metadata depends on: names, attributes, size, times, security.</summary>
    Everything = FileName | DirectoryName | Attributes | Size | LastWrite | LastAccess | Creation | Security,
}

/// <summary>FILE_NOTIFY_INFORMATION Action (MS-FSCC 2.7.1). A value outside these names is passed on as it came.</summary>
public enum SmbChangeAction : uint
{
    Added = 1,
    Removed = 2,
    Modified = 3,
    /// <summary>The name before a rename; its <see cref="RenamedNewName"/> follows in the same batch.</summary>
    RenamedOldName = 4,
    RenamedNewName = 5,
    AddedStream = 6,
    RemovedStream = 7,
    ModifiedStream = 8,
}

/// <summary>One change: what happened to which name. <see cref="Name"/> is relative to the watched directory, with
/// the server's separator <c>\</c> (a tree watch reports <c>sub\file.txt</c>).</summary>
public readonly record struct SmbChange(SmbChangeAction Action, string Name);

/// <summary>What one completed wait reports.</summary>
public enum SmbChangeBatchKind
{
    /// <summary><see cref="SmbChangeBatch.Changes"/> lists what changed, in the server's order.</summary>
    Changes,

    /// <summary>More changed than the server could describe (STATUS_NOTIFY_ENUM_DIR, or an empty answer): whatever
    /// the caller caches for this directory (and below it, for a tree watch) must be read again.</summary>
    Overflow,

    /// <summary>The directory handle is gone: closed by this client (STATUS_NOTIFY_CLEANUP), or the directory is
    /// being deleted (STATUS_DELETE_PENDING). No more changes will come from this open.</summary>
    Closed,
}

/// <summary>The answer of one <see cref="ISmbDirectoryWatch.WaitForChangesAsync"/>.</summary>
public sealed record SmbChangeBatch(SmbChangeBatchKind Kind, IReadOnlyList<SmbChange> Changes)
{
    public static readonly SmbChangeBatch Overflow = new(SmbChangeBatchKind.Overflow, []);
    public static readonly SmbChangeBatch Closed = new(SmbChangeBatchKind.Closed, []);
}

/// <summary>A directory open that can be watched for changes (SMB 2/3 CHANGE_NOTIFY, MS-SMB2 3.2.4.14). SMB1 opens do
/// not implement it. File opens of SMB 2/3 implement it too but refuse <see cref="Watch"/>: only a directory is
/// watched.</summary>
public interface ISmbWatchableDirectory : ISmbFile
{
    /// <summary>The watch of this open. The server fixes the filter, the tree flag and the buffer size at the first
    /// request of a handle (Samba does), so they are chosen here once: a second call with the same settings returns
    /// the same watch, one with other settings throws <see cref="InvalidOperationException"/> (open the directory a
    /// second time for other settings). <paramref name="watchTree"/> reports changes anywhere below the directory.
    /// <paramref name="bufferBytes"/> is the most the server may report in one answer (at most the server's
    /// MaxTransactSize and 64 KiB without multi-credit support); more changes than fit give an overflow.</summary>
    ISmbDirectoryWatch Watch(SmbChangeFilter filter, bool watchTree, int bufferBytes = SmbDirectoryWatchDefaults.BufferBytes);
}

/// <summary>Defaults of directory watches.</summary>
public static class SmbDirectoryWatchDefaults
{
    /// <summary>Room for several hundred changes in one answer, and one credit on the wire.</summary>
    public const int BufferBytes = 64 * 1024;
}

/// <summary>A watch on one directory open. Between two waits the server queues what changes, so a caller that waits
/// again at once misses nothing, short of an overflow. One wait at a time: the server answers only one of two
/// outstanding requests on a handle.</summary>
public interface ISmbDirectoryWatch
{
    SmbChangeFilter Filter { get; }
    bool WatchTree { get; }

    /// <summary>Waits, however long, for the next changes. The request stays pending on the server meanwhile and
    /// holds one credit of its connection (a connection refuses more pending waits than a quarter of its credit
    /// target, with an <see cref="SmbException"/>, so that watches never starve other requests). Closing the directory
    /// ends a pending wait with <see cref="SmbChangeBatchKind.Closed"/>. Cancelling
    /// <paramref name="cancellationToken"/> sends SMB2 CANCEL and ends in <see cref="OperationCanceledException"/>
    /// once the server confirms (changes the server reported before the CANCEL reached it are returned instead,
    /// so none is lost). Throws <see cref="InvalidOperationException"/> while another wait of this watch is pending
    /// and <see cref="ObjectDisposedException"/> once the directory is closed.</summary>
    Task<SmbChangeBatch> WaitForChangesAsync(CancellationToken cancellationToken);
}
