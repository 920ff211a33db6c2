namespace SmbDrive.Vfs;

// The write side of the drive. Each member has a default that refuses the write as a read-only drive does,
// so that drives (and test doubles) without writes need not implement them.
public partial interface IDriveFileSystem
{
    /// <summary>Opens or creates a file for writing (and reading), with the caller's disposition. Durability rule:
    /// every write has reached the server when <see cref="WriteAsync"/> returns, so the data is on the server
    /// when close, flush or unmount returns.</summary>
    ValueTask<VfsResult<VfsHandle>> CreateAsync(string path, VfsCreateRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult<VfsResult<VfsHandle>>(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/> of a handle from
    /// <see cref="CreateAsync"/>; returns the byte count. Writing past the end extends the file.</summary>
    ValueTask<VfsResult<int>> WriteAsync(VfsHandle handle, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        ValueTask.FromResult<VfsResult<int>>(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Asks the server to commit the handle's data to stable storage (fsync, FlushFileBuffers).</summary>
    ValueTask<VfsStatus> FlushAsync(VfsHandle handle, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_SUCCESS);

    /// <summary>Truncates or extends the file of a writable handle.</summary>
    ValueTask<VfsStatus> SetSizeAsync(VfsHandle handle, long size, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Truncates or extends a file by path (truncate(2) without a descriptor).</summary>
    ValueTask<VfsStatus> SetSizeAsync(string path, long size, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Sets the allocation size of a writable handle (SetAllocationSize); the file's size never grows by it.</summary>
    ValueTask<VfsStatus> SetAllocationSizeAsync(VfsHandle handle, long size, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Sets times and attributes by path; null members are left unchanged.</summary>
    ValueTask<VfsStatus> SetBasicInfoAsync(string path, VfsBasicInfo info, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Sets times and attributes through an open handle; null members are left unchanged.</summary>
    ValueTask<VfsStatus> SetBasicInfoAsync(VfsHandle handle, VfsBasicInfo info, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Makes a directory; STATUS_OBJECT_NAME_COLLISION when the name exists.</summary>
    ValueTask<VfsStatus> CreateDirectoryAsync(string path, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Deletes a file (<paramref name="directory"/> false) or an empty directory (true).</summary>
    ValueTask<VfsStatus> DeleteAsync(string path, bool directory, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Renames a file or directory; without <paramref name="replaceIfExists"/> an existing target gives
    /// STATUS_OBJECT_NAME_COLLISION.</summary>
    ValueTask<VfsStatus> RenameAsync(string path, string newPath, bool replaceIfExists, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);

    /// <summary>Close-to-open: asks the server for the file's current information at open, so that what another
    /// client wrote and closed is seen. Returns true when it differs from what the drive knew before.</summary>
    ValueTask<VfsResult<bool>> RevalidateAsync(VfsHandle handle, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsResult<bool>.Success(false));

    /// <summary>Marks the file of a writable handle to be deleted when the handle closes (Windows DeleteFile at Cleanup).</summary>
    ValueTask<VfsStatus> SetDeleteOnCloseAsync(VfsHandle handle, bool delete, CancellationToken cancellationToken) =>
        ValueTask.FromResult(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED);
}

/// <summary>What to do when the name exists or does not (the NT CreateDisposition values).</summary>
public enum VfsCreateDisposition
{
    /// <summary>Replace an existing file, create a missing one.</summary>
    Supersede = 0,
    /// <summary>Existing only (STATUS_OBJECT_NAME_NOT_FOUND otherwise).</summary>
    Open = 1,
    /// <summary>New only (STATUS_OBJECT_NAME_COLLISION otherwise): O_CREAT|O_EXCL, CREATE_NEW.</summary>
    Create = 2,
    /// <summary>Open or create: O_CREAT, OPEN_ALWAYS.</summary>
    OpenIf = 3,
    /// <summary>Existing only, truncated: O_TRUNC, TRUNCATE_EXISTING.</summary>
    Overwrite = 4,
    /// <summary>Truncate or create: O_CREAT|O_TRUNC, CREATE_ALWAYS.</summary>
    OverwriteIf = 5,
}

/// <summary>A writable open: disposition, whether the caller also reads, the attributes of a new file, and the
/// sharing other opens are allowed (POSIX callers share everything, so renames and unlinks of open files work).</summary>
public sealed record VfsCreateRequest
{
    public required VfsCreateDisposition Disposition { get; init; }
    public bool Read { get; init; } = true;
    public FileAttributes NewFileAttributes { get; init; }
    public FileShare Share { get; init; } = FileShare.ReadWrite | FileShare.Delete;
    /// <summary>Also open with DELETE access, for <see cref="IDriveFileSystem.SetDeleteOnCloseAsync"/>.</summary>
    public bool DeleteAccess { get; init; }
}

/// <summary>Times and attributes to set; null leaves a value unchanged.</summary>
public sealed record VfsBasicInfo
{
    public DateTime? CreationTimeUtc { get; init; }
    public DateTime? LastAccessTimeUtc { get; init; }
    public DateTime? LastWriteTimeUtc { get; init; }
    public DateTime? ChangeTimeUtc { get; init; }
    /// <summary>The new attributes; <see cref="FileAttributes.Normal"/> clears them all.</summary>
    public FileAttributes? Attributes { get; init; }
}
