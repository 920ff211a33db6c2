using System.Net.Sockets;
using SmbDrive.Smb;

namespace SmbDrive.Vfs.Errors;

/// <summary>Turns SMB client failures into drive statuses. Both front-ends then share one translation
/// (<see cref="StatusMap"/>), so a failure reads the same on Linux and on Windows.</summary>
internal static class VfsErrorMapper
{
    /// <summary>An NTSTATUS from the server, by numeric value where the drive enum has the same code.
    /// A few server codes that the drive does not list are folded into the nearest one it does.</summary>
    public static VfsStatus FromNtStatus(NtStatus status)
    {
        var value = (VfsStatus)(uint)status;
        if (Enum.IsDefined(value)) return value;
        return status switch
        {
            NtStatus.STATUS_NOT_FOUND => VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND,
            NtStatus.STATUS_OBJECT_PATH_SYNTAX_BAD => VfsStatus.STATUS_OBJECT_NAME_INVALID,
            NtStatus.STATUS_NETWORK_ACCESS_DENIED or NtStatus.STATUS_PRIVILEGE_NOT_HELD => VfsStatus.STATUS_ACCESS_DENIED,
            NtStatus.STATUS_WRONG_PASSWORD or NtStatus.STATUS_ACCOUNT_DISABLED or NtStatus.STATUS_ACCOUNT_LOCKED_OUT
                or NtStatus.STATUS_PASSWORD_EXPIRED or NtStatus.STATUS_ACCOUNT_RESTRICTION => VfsStatus.STATUS_LOGON_FAILURE,
            NtStatus.STATUS_HOST_UNREACHABLE or NtStatus.STATUS_BAD_NETWORK_PATH => VfsStatus.STATUS_NETWORK_UNREACHABLE,
            NtStatus.STATUS_CONNECTION_RESET or NtStatus.STATUS_CONNECTION_REFUSED or NtStatus.STATUS_PIPE_BROKEN
                or NtStatus.STATUS_USER_SESSION_DELETED or NtStatus.STATUS_NETWORK_SESSION_EXPIRED
                => VfsStatus.STATUS_CONNECTION_DISCONNECTED,
            NtStatus.STATUS_TOO_MANY_OPENED_FILES => VfsStatus.STATUS_INSUFFICIENT_RESOURCES,
            NtStatus.STATUS_QUOTA_EXCEEDED => VfsStatus.STATUS_DISK_FULL,
            _ => VfsStatus.STATUS_UNSUCCESSFUL,
        };
    }

    /// <summary>The status for an exception that reached a public method. Returns false for exceptions
    /// that are bugs, which must propagate.</summary>
    public static bool TryMap(Exception exception, out VfsStatus status)
    {
        status = exception switch
        {
            VfsStatusException e => e.Status,
            SmbStatusException e => FromNtStatus(e.Status),
            // Only reaches a caller once reconnecting has given up.
            SmbConnectionException or IOException or SocketException => VfsStatus.STATUS_CONNECTION_DISCONNECTED,
            SmbProtocolException => VfsStatus.STATUS_UNSUCCESSFUL,
            SmbException => VfsStatus.STATUS_UNSUCCESSFUL,
            OperationCanceledException => VfsStatus.STATUS_CANCELLED,
            TimeoutException => VfsStatus.STATUS_IO_TIMEOUT,
            _ => VfsStatus.STATUS_SUCCESS,
        };
        return status != VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>True when the failure means the connection (or the session or tree on it) is gone, so that
    /// reconnecting and retrying is the cure.</summary>
    public static bool IsConnectionLoss(Exception exception, ISmbShare? share) => exception switch
    {
        SmbConnectionException or IOException or SocketException => true,
        // Another open's byte-range lock is the server's answer about the file, never a sign of a lost
        // connection, even on a share already marked broken: repeating it elsewhere would not change it.
        SmbStatusException { Status: var status } when status.IsLockConflict() => false,
        SmbStatusException e => e.Status is NtStatus.STATUS_NETWORK_NAME_DELETED or NtStatus.STATUS_USER_SESSION_DELETED
            or NtStatus.STATUS_NETWORK_SESSION_EXPIRED or NtStatus.STATUS_CONNECTION_DISCONNECTED
            or NtStatus.STATUS_CONNECTION_RESET or NtStatus.STATUS_PIPE_BROKEN
            || share is { IsBroken: true },
        OperationCanceledException => false,
        // Only shares that the supervisor already replaced are disposed under a running request.
        ObjectDisposedException => true,
        SmbException => share is { IsBroken: true },
        _ => false,
    };
}
