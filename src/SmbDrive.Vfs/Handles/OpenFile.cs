using SmbDrive.Smb;
using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.ReadAhead;

namespace SmbDrive.Vfs.Handles;

/// <summary>Drive state of one front-end open (kept in <see cref="VfsHandle.State"/>): the server open,
/// made lazily on the first read that misses the cache, the version of the file that the handle reads, and
/// its read-ahead state. Lock order: <see cref="OpenLock"/> before <see cref="Sync"/>; nothing is awaited
/// while <see cref="Sync"/> is held.</summary>
internal sealed class OpenFile
{
    public OpenFile(VfsHandle handle, FileVersion version, long versionCheckedAt, SequentialDetector readAhead)
    {
        Handle = handle;
        Version = version;
        VersionCheckedAt = versionCheckedAt;
        ReadAhead = readAhead;
    }

    public VfsHandle Handle { get; }
    public string Path => Handle.Path;
    public object Sync { get; } = new();

    /// <summary>Serializes opening and re-opening the server file.</summary>
    public SemaphoreSlim OpenLock { get; } = new(1, 1);

    public SequentialDetector ReadAhead { get; }

    // Guarded by Sync.
    public ISmbFile? ServerFile { get; set; }
    public int ServerGeneration { get; set; }

    /// <summary>Once the handle has had a server open, a re-open after reconnecting must find the same file.</summary>
    public bool HadServerOpen { get; set; }

    public FileVersion Version { get; set; }

    /// <summary>TimeProvider timestamp of the last time the version was confirmed (or of the metadata it came from).</summary>
    public long VersionCheckedAt { get; set; }

    /// <summary>Set when the handle can no longer be used (file replaced while disconnected).</summary>
    public VfsStatus? FailedStatus { get; set; }

    public bool Closed { get; set; }

    /// <summary>The byte-range locks the server granted this handle and that it has not released, one entry per lock
    /// (stacked locks repeat). Non-empty, the handle is not re-opened after a reconnect. Guarded by Sync.</summary>
    public List<LockRange> Locks { get; } = [];

    /// <summary>Opened for writing (<see cref="SmbDriveFileSystem.CreateAsync"/>): its server open carries
    /// <see cref="Access"/>, its reads bypass the block cache, and its information is asked of the server after
    /// each change. Set before the handle is returned, never changed afterwards.</summary>
    public bool IsWritable { get; set; }

    /// <summary>Opened on the server at once with the caller's share mode, which denies other opens something
    /// (<see cref="SmbDriveFileSystem.OpenAsync(string, VfsOpenIntent, VfsSharing, CancellationToken)"/>): re-opened
    /// with <see cref="Access"/> and <see cref="ShareAccess"/> like a writable handle. Set before the handle is returned,
    /// never changed afterwards.</summary>
    public bool KeepsShareMode { get; set; }

    /// <summary>DesiredAccess of a writable or share-mode handle's server open, used again when re-opening after a
    /// reconnect.</summary>
    public SmbAccess Access { get; set; }

    /// <summary>ShareAccess of a writable or share-mode handle's server open, used again when re-opening after a
    /// reconnect, so that what the caller denied other clients stays denied.</summary>
    public SmbShareAccess ShareAccess { get; set; } = SmbShareAccess.All;

    /// <summary>Counts this handle's changes to its file; <see cref="InfoSequence"/> is the change count the
    /// handle's information reflects. Guarded by Sync.</summary>
    public long ChangeSequence { get; set; }
    public long InfoSequence { get; set; }

    /// <summary>The version query that is running or ran last, shared by readers that need one started
    /// after a given event sequence.</summary>
    public Task<FileVersion>? Probe { get; set; }
    public long ProbeSequence { get; set; }

    public override string ToString() => Handle.ToString();
}
