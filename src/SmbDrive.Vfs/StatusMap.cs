namespace SmbDrive.Vfs;

/// <summary>The one table that translates drive statuses for both front-ends: errno for FUSE, Win32 error
/// codes for messages on Windows. Dokan takes the NTSTATUS value itself.</summary>
public static class StatusMap
{
    // Linux errno values (asm-generic/errno-base.h, errno.h).
    public const int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, ENXIO = 6, EBADF = 9, ENOMEM = 12, EACCES = 13, EBUSY = 16,
        EEXIST = 17, ENOTDIR = 20, EISDIR = 21, EINVAL = 22, ENOSPC = 28, EROFS = 30, ERANGE = 34,
        ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ENODATA = 61, ETIMEDOUT = 110, EHOSTUNREACH = 113,
        ENOTSUP = 95, EXDEV = 18, ECONNRESET = 104, ECANCELED = 125, ENETUNREACH = 101, EAGAIN = 11, ENOLCK = 37,
        ESTALE = 116;

    private static readonly Dictionary<VfsStatus, (int Errno, int Win32)> s_table = new()
    {
        [VfsStatus.STATUS_SUCCESS] = (0, 0),
        [VfsStatus.STATUS_BUFFER_OVERFLOW] = (ERANGE, 234),          // ERROR_MORE_DATA
        [VfsStatus.STATUS_NO_MORE_FILES] = (ENOENT, 18),              // ERROR_NO_MORE_FILES
        [VfsStatus.STATUS_UNSUCCESSFUL] = (EIO, 31),                  // ERROR_GEN_FAILURE
        [VfsStatus.STATUS_NOT_IMPLEMENTED] = (ENOSYS, 1),             // ERROR_INVALID_FUNCTION
        [VfsStatus.STATUS_INVALID_HANDLE] = (EBADF, 6),               // ERROR_INVALID_HANDLE
        [VfsStatus.STATUS_INVALID_PARAMETER] = (EINVAL, 87),          // ERROR_INVALID_PARAMETER
        [VfsStatus.STATUS_NO_SUCH_FILE] = (ENOENT, 2),                // ERROR_FILE_NOT_FOUND
        [VfsStatus.STATUS_INVALID_DEVICE_REQUEST] = (EISDIR, 1),      // READ on a directory
        [VfsStatus.STATUS_END_OF_FILE] = (0, 38),                     // ERROR_HANDLE_EOF; a read of 0 bytes
        [VfsStatus.STATUS_NO_MEMORY] = (ENOMEM, 8),                   // ERROR_NOT_ENOUGH_MEMORY
        [VfsStatus.STATUS_ACCESS_DENIED] = (EACCES, 5),               // ERROR_ACCESS_DENIED
        [VfsStatus.STATUS_BUFFER_TOO_SMALL] = (ERANGE, 122),          // ERROR_INSUFFICIENT_BUFFER
        [VfsStatus.STATUS_OBJECT_NAME_INVALID] = (EINVAL, 123),       // ERROR_INVALID_NAME
        [VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND] = (ENOENT, 2),       // ERROR_FILE_NOT_FOUND
        [VfsStatus.STATUS_OBJECT_NAME_COLLISION] = (EEXIST, 183),     // ERROR_ALREADY_EXISTS
        [VfsStatus.STATUS_OBJECT_PATH_INVALID] = (ENOENT, 161),       // ERROR_BAD_PATHNAME
        [VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND] = (ENOENT, 3),       // ERROR_PATH_NOT_FOUND
        [VfsStatus.STATUS_SHARING_VIOLATION] = (EBUSY, 32),           // ERROR_SHARING_VIOLATION
        [VfsStatus.STATUS_DELETE_PENDING] = (ENOENT, 303),            // ERROR_DELETE_PENDING
        // A byte-range lock held by another open. EAGAIN is what fcntl(F_SETLK) reports for a lock held
        // elsewhere, and what read/write report for a region under a mandatory lock (fcntl(2)): the caller may
        // try again once the holder lets go, which EACCES ("not allowed") would not tell it.
        [VfsStatus.STATUS_LOCK_NOT_GRANTED] = (EAGAIN, 33),           // ERROR_LOCK_VIOLATION
        [VfsStatus.STATUS_FILE_LOCK_CONFLICT] = (EAGAIN, 33),         // ERROR_LOCK_VIOLATION
        [VfsStatus.STATUS_RANGE_NOT_LOCKED] = (ENOLCK, 158),          // ERROR_NOT_LOCKED
        [VfsStatus.STATUS_INVALID_LOCK_RANGE] = (EINVAL, 307),        // ERROR_INVALID_LOCK_RANGE
        [VfsStatus.STATUS_DISK_FULL] = (ENOSPC, 112),                 // ERROR_DISK_FULL
        [VfsStatus.STATUS_INSUFFICIENT_RESOURCES] = (ENOMEM, 1450),   // ERROR_NO_SYSTEM_RESOURCES
        [VfsStatus.STATUS_MEDIA_WRITE_PROTECTED] = (EROFS, 19),       // ERROR_WRITE_PROTECT
        [VfsStatus.STATUS_IO_TIMEOUT] = (ETIMEDOUT, 1460),            // ERROR_TIMEOUT
        [VfsStatus.STATUS_FILE_IS_A_DIRECTORY] = (EISDIR, 5),         // Win32 reports ACCESS_DENIED
        [VfsStatus.STATUS_NOT_SUPPORTED] = (ENOTSUP, 50),             // ERROR_NOT_SUPPORTED
        [VfsStatus.STATUS_NETWORK_NAME_DELETED] = (EIO, 64),          // ERROR_NETNAME_DELETED
        [VfsStatus.STATUS_BAD_NETWORK_NAME] = (ENOENT, 67),           // ERROR_BAD_NET_NAME
        [VfsStatus.STATUS_DIRECTORY_NOT_EMPTY] = (ENOTEMPTY, 145),    // ERROR_DIR_NOT_EMPTY
        [VfsStatus.STATUS_NOT_A_DIRECTORY] = (ENOTDIR, 267),          // ERROR_DIRECTORY
        [VfsStatus.STATUS_CANCELLED] = (ECANCELED, 995),              // ERROR_OPERATION_ABORTED
        [VfsStatus.STATUS_CANNOT_DELETE] = (EACCES, 5),               // ERROR_ACCESS_DENIED
        [VfsStatus.STATUS_NOT_SAME_DEVICE] = (EXDEV, 17),             // ERROR_NOT_SAME_DEVICE
        [VfsStatus.STATUS_FILE_CLOSED] = (EBADF, 6),
        [VfsStatus.STATUS_CONNECTION_DISCONNECTED] = (EIO, 64),       // ERROR_NETNAME_DELETED
        [VfsStatus.STATUS_NETWORK_UNREACHABLE] = (ENETUNREACH, 1231), // ERROR_NETWORK_UNREACHABLE
        [VfsStatus.STATUS_LOGON_FAILURE] = (EACCES, 1326),            // ERROR_LOGON_FAILURE
        [VfsStatus.STATUS_FILE_INVALID] = (EIO, 1006),                // ERROR_FILE_INVALID
        [VfsStatus.STATUS_DEVICE_NOT_READY] = (EIO, 21),              // ERROR_NOT_READY
    };

    /// <summary>Every status the table knows, for tests that walk it entry by entry.</summary>
    public static IEnumerable<VfsStatus> KnownStatuses => s_table.Keys;

    /// <summary>Positive errno (FUSE callbacks return its negation); EIO for anything unknown.</summary>
    public static int ToErrno(VfsStatus status) => s_table.TryGetValue(status, out var e) ? e.Errno : EIO;

    /// <summary>Win32 error code as GetLastError would report it; ERROR_GEN_FAILURE (31) for anything unknown.</summary>
    public static int ToWin32Error(VfsStatus status) => s_table.TryGetValue(status, out var e) ? e.Win32 : 31;

    /// <summary>NTSTATUS as a signed int, the form Dokan callbacks return.</summary>
    public static int ToNtStatus(VfsStatus status) => unchecked((int)(uint)status);
}
