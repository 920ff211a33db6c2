using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>What <see cref="DokanDrive"/> keeps in DOKAN_FILE_INFO.Context for one open: the drive handle, and the
/// handles opened on demand for a file object that was not opened for them (paging I/O may use any file object): a
/// data handle when an attributes-only open is read after all, a writable handle when the cache manager writes through
/// a file object opened for reading.</summary>
internal sealed class DokanOpenFile
{
    private readonly Lock _lock = new();
    private VfsHandle? _dataHandle;
    private VfsHandle? _writeHandle;
    private int _closed;

    public DokanOpenFile(VfsHandle handle, VfsOpenIntent intent, DokanOpenWrites writes = default)
    {
        Handle = handle;
        Intent = intent;
        Writes = writes;
    }

    public VfsHandle Handle { get; }
    public VfsOpenIntent Intent { get; }
    public DokanOpenWrites Writes { get; }
    public bool IsDirectory => Handle.IsDirectory;

    /// <summary>The handle to read through, if one is already there.</summary>
    public VfsHandle? ReadHandle
    {
        get
        {
            if (Intent != VfsOpenIntent.AttributesOnly)
            {
                return Handle;
            }
            lock (_lock)
            {
                return _dataHandle;
            }
        }
    }

    /// <summary>The handle to write through, if one is already there.</summary>
    public VfsHandle? WriteHandle
    {
        get
        {
            if (Writes.Writable)
            {
                return Handle;
            }
            lock (_lock)
            {
                return _writeHandle;
            }
        }
    }

    /// <summary>Keeps <paramref name="candidate"/> as the data handle unless another thread was first. Returns the
    /// handle to read through and the one the caller must close once the read is done (null if none).</summary>
    public (VfsHandle Use, VfsHandle? CloseAfterUse) AdoptDataHandle(VfsHandle candidate) => Adopt(ref _dataHandle, candidate);

    /// <summary>The same for a writable handle.</summary>
    public (VfsHandle Use, VfsHandle? CloseAfterUse) AdoptWriteHandle(VfsHandle candidate) => Adopt(ref _writeHandle, candidate);

    /// <summary>The handles to close, exactly once.</summary>
    public IReadOnlyList<VfsHandle> TakeHandlesForClose()
    {
        lock (_lock)
        {
            if (_closed != 0)
            {
                return [];
            }
            _closed = 1;
            var handles = new List<VfsHandle>(3) { Handle };
            if (_dataHandle is not null)
            {
                handles.Add(_dataHandle);
            }
            if (_writeHandle is not null)
            {
                handles.Add(_writeHandle);
            }
            _dataHandle = _writeHandle = null;
            return handles;
        }
    }

    public override string ToString() => Handle.ToString();

    private (VfsHandle Use, VfsHandle? CloseAfterUse) Adopt(ref VfsHandle? slot, VfsHandle candidate)
    {
        lock (_lock)
        {
            if (slot is not null)
            {
                return (slot, candidate);
            }
            if (_closed != 0)
            {
                return (candidate, candidate);
            }
            slot = candidate;
            return (candidate, null);
        }
    }
}

/// <summary>How an open of a writable drive may change its file: <see cref="Writable"/> when its handle came from
/// IDriveFileSystem.CreateAsync (with DELETE access when <see cref="ServerDeleteAccess"/>), and whether it was opened
/// with FILE_DELETE_ON_CLOSE.</summary>
internal readonly record struct DokanOpenWrites(bool Writable, bool ServerDeleteAccess, bool DeleteOnClose);
