using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>A file system served through Dokan. The methods and their meanings follow DokanNet's IDokanOperations,
/// so the callback layer reads naturally to anyone who has used it, with two deliberate differences: buffers are
/// the driver's native memory (no byte[] copies), and statuses are <see cref="VfsStatus"/> values, which are
/// NTSTATUS codes. File names are volume-relative and start with '\' ("\" is the root).
/// <para>Every method runs on a Dokan dispatcher thread, concurrently with the others (also for the same handle),
/// and may block. Exceptions are caught by the callback layer and reported as an I/O error; they never reach
/// native code. STATUS_NOT_IMPLEMENTED makes the library use its default where it has one (volume information,
/// free space, security, FindFilesWithPattern → FindFiles).</para></summary>
public interface IDokanFileSystem
{
    /// <summary>ZwCreateFile. <paramref name="mode"/>, <paramref name="options"/> and <paramref name="access"/> come
    /// from <see cref="CreateFlagsMapper"/>; <paramref name="createOptions"/> keeps the kernel bits that have no Win32
    /// counterpart (FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE). Set <see cref="DokanFileInfo.IsDirectory"/> when
    /// the target is a directory. An OPEN_ALWAYS/CREATE_ALWAYS request that opened an existing object returns
    /// STATUS_OBJECT_NAME_COLLISION instead of success.</summary>
    VfsStatus CreateFile(string fileName, DokanFileAccess access, FileShare share, FileMode mode, FileOptions options,
        FileAttributes attributes, NtCreateOptions createOptions, DokanFileInfo info);

    /// <summary>The last user handle was closed. Paging reads may still follow; release state in <see cref="CloseFile"/>.</summary>
    void Cleanup(string fileName, DokanFileInfo info);

    /// <summary>The last request for the handle has finished: release everything kept in the context.</summary>
    void CloseFile(string fileName, DokanFileInfo info);

    /// <summary>Fill <paramref name="buffer"/> (the driver's memory, valid only during the call) from
    /// <paramref name="offset"/>. Success with 0 bytes means end of file.</summary>
    VfsStatus ReadFile(string fileName, Memory<byte> buffer, out int bytesRead, long offset, DokanFileInfo info);

    VfsStatus WriteFile(string fileName, ReadOnlyMemory<byte> buffer, out int bytesWritten, long offset, DokanFileInfo info);

    VfsStatus FlushFileBuffers(string fileName, DokanFileInfo info);

    /// <summary>Any failure reaches the caller as STATUS_INVALID_PARAMETER, so keep this infallible for open handles.</summary>
    VfsStatus GetFileInformation(string fileName, out DokanFileInformation fileInfo, DokanFileInfo info);

    /// <summary>All entries of the directory, without "." and ".." (the library adds them).</summary>
    VfsStatus FindFiles(string fileName, out IEnumerable<DokanFileInformation> files, DokanFileInfo info);

    /// <summary>Entries matching <paramref name="searchPattern"/>, which may hold the DOS wildcards of
    /// <see cref="DokanWildcard"/> or be a plain name.</summary>
    VfsStatus FindFilesWithPattern(string fileName, string searchPattern, out IEnumerable<DokanFileInformation> files, DokanFileInfo info);

    VfsStatus SetFileAttributes(string fileName, FileAttributes attributes, DokanFileInfo info);

    VfsStatus SetFileTime(string fileName, DateTime? creationTime, DateTime? lastAccessTime, DateTime? lastWriteTime, DokanFileInfo info);

    /// <summary>Only checks whether the file may be deleted; the deletion happens in Cleanup when DeletePending.</summary>
    VfsStatus DeleteFile(string fileName, DokanFileInfo info);

    VfsStatus DeleteDirectory(string fileName, DokanFileInfo info);

    VfsStatus MoveFile(string oldName, string newName, bool replace, DokanFileInfo info);

    VfsStatus SetEndOfFile(string fileName, long length, DokanFileInfo info);

    VfsStatus SetAllocationSize(string fileName, long length, DokanFileInfo info);

    VfsStatus LockFile(string fileName, long offset, long length, DokanFileInfo info);

    VfsStatus UnlockFile(string fileName, long offset, long length, DokanFileInfo info);

    VfsStatus GetDiskFreeSpace(out long freeBytesAvailable, out long totalNumberOfBytes, out long totalNumberOfFreeBytes, DokanFileInfo info);

    /// <summary><paramref name="volumeSerialNumber"/> arrives preset to the instance's serial; whatever it holds on
    /// return is also reported in every GetFileInformation. Labels over 32 characters and file-system names over
    /// 10 are cut.</summary>
    VfsStatus GetVolumeInformation(out string volumeLabel, out FileSystemFeatures features, out string fileSystemName,
        out uint maximumComponentLength, ref uint volumeSerialNumber, DokanFileInfo info);

    /// <summary>Write a self-relative security descriptor into <paramref name="securityDescriptor"/>; when it does not
    /// fit, set <paramref name="lengthNeeded"/> and return STATUS_BUFFER_OVERFLOW.</summary>
    VfsStatus GetFileSecurity(string fileName, SecurityInformation requested, Span<byte> securityDescriptor, out int lengthNeeded, DokanFileInfo info);

    VfsStatus SetFileSecurity(string fileName, SecurityInformation provided, ReadOnlySpan<byte> securityDescriptor, DokanFileInfo info);

    /// <summary>Runs inside DokanCreateFileSystem, before it returns. <paramref name="mountPoint"/> is the real one
    /// (the mount manager may pick another drive letter).</summary>
    VfsStatus Mounted(string mountPoint, DokanFileInfo info);

    VfsStatus Unmounted(DokanFileInfo info);

    /// <summary>Alternate data streams (names like ":name:$DATA"); only called when ALT_STREAM is enabled.</summary>
    VfsStatus FindStreams(string fileName, out IEnumerable<DokanFileInformation> streams, DokanFileInfo info);
}
