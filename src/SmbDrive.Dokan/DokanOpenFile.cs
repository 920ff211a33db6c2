using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>What <see cref="DokanDrive"/> keeps in DOKAN_FILE_INFO.Context for one open: the drive handle, and a data
/// handle opened on demand when an attributes-only open is read after all (paging I/O may use any file object).</summary>
internal sealed class DokanOpenFile
{
    private readonly Lock _lock = new();
    private VfsHandle? _dataHandle;
    private int _closed;

    public DokanOpenFile(VfsHandle handle, VfsOpenIntent intent)
    {
        Handle = handle;
        Intent = intent;
    }

    public VfsHandle Handle { get; }
    public VfsOpenIntent Intent { get; }
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

    /// <summary>Keeps <paramref name="candidate"/> as the data handle unless another thread was first. Returns the
    /// handle to read through and the one the caller must close once the read is done (null if none).</summary>
    public (VfsHandle Use, VfsHandle? CloseAfterUse) AdoptDataHandle(VfsHandle candidate)
    {
        lock (_lock)
        {
            if (_dataHandle is not null)
            {
                return (_dataHandle, candidate);
            }
            if (_closed != 0)
            {
                return (candidate, candidate);
            }
            _dataHandle = candidate;
            return (candidate, null);
        }
    }

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
            var data = _dataHandle;
            _dataHandle = null;
            return data is null ? [Handle] : [Handle, data];
        }
    }

    public override string ToString() => Handle.ToString();
}
