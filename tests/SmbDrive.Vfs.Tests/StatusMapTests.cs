namespace SmbDrive.Vfs.Tests;

/// <summary>The one status table both front-ends use, checked entry by entry against values written out
/// here from Linux errno.h / errno-base.h and the Win32 system error codes (winerror.h).</summary>
public class StatusMapTests
{
    // Linux errno values.
    private const int ENOENT = 2, EIO = 5, EBADF = 9, ENOMEM = 12, EACCES = 13, EBUSY = 16, EEXIST = 17, EXDEV = 18, ENOTDIR = 20,
        EISDIR = 21, EINVAL = 22, ENOSPC = 28, EROFS = 30, ERANGE = 34, ENOSYS = 38, ENOTEMPTY = 39, ENOTSUP = 95,
        ENETUNREACH = 101, ETIMEDOUT = 110, ECANCELED = 125, EAGAIN = 11, ENOLCK = 37;

    // Win32 error codes.
    private const int ERROR_INVALID_FUNCTION = 1, ERROR_FILE_NOT_FOUND = 2, ERROR_PATH_NOT_FOUND = 3,
        ERROR_ACCESS_DENIED = 5, ERROR_INVALID_HANDLE = 6, ERROR_NOT_ENOUGH_MEMORY = 8, ERROR_NO_MORE_FILES = 18,
        ERROR_WRITE_PROTECT = 19, ERROR_NOT_READY = 21, ERROR_GEN_FAILURE = 31, ERROR_SHARING_VIOLATION = 32,
        ERROR_NOT_SAME_DEVICE = 17, ERROR_HANDLE_EOF = 38, ERROR_NOT_SUPPORTED = 50, ERROR_NETNAME_DELETED = 64, ERROR_BAD_NET_NAME = 67,
        ERROR_INVALID_PARAMETER = 87, ERROR_DISK_FULL = 112, ERROR_INSUFFICIENT_BUFFER = 122, ERROR_INVALID_NAME = 123,
        ERROR_DIR_NOT_EMPTY = 145, ERROR_BAD_PATHNAME = 161, ERROR_ALREADY_EXISTS = 183, ERROR_MORE_DATA = 234,
        ERROR_DIRECTORY = 267, ERROR_DELETE_PENDING = 303, ERROR_OPERATION_ABORTED = 995, ERROR_FILE_INVALID = 1006,
        ERROR_NETWORK_UNREACHABLE = 1231, ERROR_LOGON_FAILURE = 1326, ERROR_NO_SYSTEM_RESOURCES = 1450, ERROR_TIMEOUT = 1460,
        ERROR_LOCK_VIOLATION = 33, ERROR_NOT_LOCKED = 158, ERROR_INVALID_LOCK_RANGE = 307;

    private static readonly Dictionary<VfsStatus, (int Errno, int Win32)> Expected = new()
    {
        [VfsStatus.STATUS_SUCCESS] = (0, 0),
        [VfsStatus.STATUS_BUFFER_OVERFLOW] = (ERANGE, ERROR_MORE_DATA),
        [VfsStatus.STATUS_NO_MORE_FILES] = (ENOENT, ERROR_NO_MORE_FILES),
        [VfsStatus.STATUS_UNSUCCESSFUL] = (EIO, ERROR_GEN_FAILURE),
        [VfsStatus.STATUS_NOT_IMPLEMENTED] = (ENOSYS, ERROR_INVALID_FUNCTION),
        [VfsStatus.STATUS_INVALID_HANDLE] = (EBADF, ERROR_INVALID_HANDLE),
        [VfsStatus.STATUS_INVALID_PARAMETER] = (EINVAL, ERROR_INVALID_PARAMETER),
        [VfsStatus.STATUS_NO_SUCH_FILE] = (ENOENT, ERROR_FILE_NOT_FOUND),
        [VfsStatus.STATUS_INVALID_DEVICE_REQUEST] = (EISDIR, ERROR_INVALID_FUNCTION),
        [VfsStatus.STATUS_END_OF_FILE] = (0, ERROR_HANDLE_EOF),
        [VfsStatus.STATUS_NO_MEMORY] = (ENOMEM, ERROR_NOT_ENOUGH_MEMORY),
        [VfsStatus.STATUS_ACCESS_DENIED] = (EACCES, ERROR_ACCESS_DENIED),
        [VfsStatus.STATUS_BUFFER_TOO_SMALL] = (ERANGE, ERROR_INSUFFICIENT_BUFFER),
        [VfsStatus.STATUS_OBJECT_NAME_INVALID] = (EINVAL, ERROR_INVALID_NAME),
        [VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND] = (ENOENT, ERROR_FILE_NOT_FOUND),
        [VfsStatus.STATUS_OBJECT_NAME_COLLISION] = (EEXIST, ERROR_ALREADY_EXISTS),
        [VfsStatus.STATUS_OBJECT_PATH_INVALID] = (ENOENT, ERROR_BAD_PATHNAME),
        [VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND] = (ENOENT, ERROR_PATH_NOT_FOUND),
        [VfsStatus.STATUS_SHARING_VIOLATION] = (EBUSY, ERROR_SHARING_VIOLATION),
        [VfsStatus.STATUS_DELETE_PENDING] = (ENOENT, ERROR_DELETE_PENDING),
        [VfsStatus.STATUS_DISK_FULL] = (ENOSPC, ERROR_DISK_FULL),
        [VfsStatus.STATUS_INSUFFICIENT_RESOURCES] = (ENOMEM, ERROR_NO_SYSTEM_RESOURCES),
        [VfsStatus.STATUS_MEDIA_WRITE_PROTECTED] = (EROFS, ERROR_WRITE_PROTECT),
        [VfsStatus.STATUS_IO_TIMEOUT] = (ETIMEDOUT, ERROR_TIMEOUT),
        [VfsStatus.STATUS_FILE_IS_A_DIRECTORY] = (EISDIR, ERROR_ACCESS_DENIED),
        [VfsStatus.STATUS_NOT_SUPPORTED] = (ENOTSUP, ERROR_NOT_SUPPORTED),
        [VfsStatus.STATUS_NETWORK_NAME_DELETED] = (EIO, ERROR_NETNAME_DELETED),
        [VfsStatus.STATUS_BAD_NETWORK_NAME] = (ENOENT, ERROR_BAD_NET_NAME),
        [VfsStatus.STATUS_DIRECTORY_NOT_EMPTY] = (ENOTEMPTY, ERROR_DIR_NOT_EMPTY),
        [VfsStatus.STATUS_NOT_A_DIRECTORY] = (ENOTDIR, ERROR_DIRECTORY),
        [VfsStatus.STATUS_CANCELLED] = (ECANCELED, ERROR_OPERATION_ABORTED),
        [VfsStatus.STATUS_FILE_CLOSED] = (EBADF, ERROR_INVALID_HANDLE),
        [VfsStatus.STATUS_CONNECTION_DISCONNECTED] = (EIO, ERROR_NETNAME_DELETED),
        [VfsStatus.STATUS_NETWORK_UNREACHABLE] = (ENETUNREACH, ERROR_NETWORK_UNREACHABLE),
        [VfsStatus.STATUS_LOGON_FAILURE] = (EACCES, ERROR_LOGON_FAILURE),
        [VfsStatus.STATUS_FILE_INVALID] = (EIO, ERROR_FILE_INVALID),
        [VfsStatus.STATUS_DEVICE_NOT_READY] = (EIO, ERROR_NOT_READY),
        [VfsStatus.STATUS_CANNOT_DELETE] = (EACCES, ERROR_ACCESS_DENIED),
        [VfsStatus.STATUS_NOT_SAME_DEVICE] = (EXDEV, ERROR_NOT_SAME_DEVICE),
        [VfsStatus.STATUS_LOCK_NOT_GRANTED] = (EAGAIN, ERROR_LOCK_VIOLATION),
        [VfsStatus.STATUS_FILE_LOCK_CONFLICT] = (EAGAIN, ERROR_LOCK_VIOLATION),
        [VfsStatus.STATUS_RANGE_NOT_LOCKED] = (ENOLCK, ERROR_NOT_LOCKED),
        [VfsStatus.STATUS_INVALID_LOCK_RANGE] = (EINVAL, ERROR_INVALID_LOCK_RANGE),
    };

    private static IEnumerable<VfsStatus> KnownStatuses() => StatusMap.KnownStatuses;

    [TestCaseSource(nameof(KnownStatuses))]
    public void ToErrnoAndToWin32Error_KnownStatus_MatchExpectedTable(VfsStatus status)
    {
        Assert.That(Expected.ContainsKey(status), Is.True, $"{status} is mapped but missing from this test's table");
        Assert.That(StatusMap.ToErrno(status), Is.EqualTo(Expected[status].Errno), $"errno of {status}");
        Assert.That(StatusMap.ToWin32Error(status), Is.EqualTo(Expected[status].Win32), $"Win32 error of {status}");
    }

    [Test]
    public void KnownStatuses_CoverEveryDriveStatus()
    {
        Assert.That(StatusMap.KnownStatuses, Is.EquivalentTo(Enum.GetValues<VfsStatus>()));
        Assert.That(Expected.Keys, Is.EquivalentTo(Enum.GetValues<VfsStatus>()));
    }

    [Test]
    public void ToErrnoAndToWin32Error_UnknownStatus_GiveGenericIoError()
    {
        var unknown = (VfsStatus)0xC0001234;
        Assert.That(StatusMap.ToErrno(unknown), Is.EqualTo(EIO));
        Assert.That(StatusMap.ToWin32Error(unknown), Is.EqualTo(ERROR_GEN_FAILURE));
    }

    [TestCase(VfsStatus.STATUS_SUCCESS, 0)]
    [TestCase(VfsStatus.STATUS_BUFFER_OVERFLOW, unchecked((int)0x80000005))]
    [TestCase(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND, unchecked((int)0xC0000034))]
    [TestCase(VfsStatus.STATUS_CONNECTION_DISCONNECTED, unchecked((int)0xC000020C))]
    public void ToNtStatus_IsTheSignedNtStatusValue(VfsStatus status, int expected)
    {
        Assert.That(StatusMap.ToNtStatus(status), Is.EqualTo(expected));
    }
}
