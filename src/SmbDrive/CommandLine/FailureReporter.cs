using System.Net.Sockets;
using SmbDrive.Commands;
using SmbDrive.Dokan;
using SmbDrive.Fuse;
using SmbDrive.Smb;

namespace SmbDrive.CommandLine;

/// <summary>Turns a failure into exactly one line on standard error, <c>smbdrive: WHAT: WHY</c>, and the exit code
/// of its class. SMB messages already name the UNC location and the NTSTATUS and carry no secret. Stack traces
/// are shown only with <c>--verbose</c>.</summary>
internal static class FailureReporter
{
    public static int Report(Exception exception, TextWriter error, bool verbose)
    {
        var (code, message) = Classify(exception);
        if (verbose && code != ExitCodes.Usage) error.WriteLine(exception.ToString());
        if (code == ExitCodes.OutputClosed) return code;
        error.WriteLine("smbdrive: " + message.ReplaceLineEndings(" ").Trim());
        error.Flush();
        return code;
    }

    internal static (int Code, string Message) Classify(Exception exception) => exception switch
    {
        UsageException e => (ExitCodes.Usage, e.Message),
        StandardOutputClosedException => (ExitCodes.OutputClosed, ""),
        // Ctrl+C, SIGTERM, or Ctrl+C at the password prompt (which cancels no token).
        OperationCanceledException => (ExitCodes.Cancelled, "interrupted"),
        SmbKerberosException e => (ExitCodes.Authentication, e.Message),
        SmbStatusException e when IsLogonRefusal(e.Status) => (ExitCodes.Authentication, e.Message),
        SmbStatusException e when IsConnectionLoss(e.Status) => (ExitCodes.Connection, e.Message),
        SmbConnectionException or SmbProtocolException => (ExitCodes.Connection, exception.Message),
        SmbException e => (ExitCodes.Failure, e.Message),
        SocketException or TimeoutException => (ExitCodes.Connection, exception.Message),
        IOException or UnauthorizedAccessException => (ExitCodes.Failure, exception.Message),
        MountFailedException or FuseException or DokanStartupException => (ExitCodes.Failure, exception.Message),
        PlatformNotSupportedException => (ExitCodes.Failure, exception.Message),
        _ => (ExitCodes.Internal, $"internal error: {exception.GetType().Name}: {exception.Message}"),
    };

    private static bool IsLogonRefusal(NtStatus status) => status is NtStatus.STATUS_LOGON_FAILURE
        or NtStatus.STATUS_WRONG_PASSWORD or NtStatus.STATUS_NO_SUCH_USER or NtStatus.STATUS_ACCOUNT_RESTRICTION
        or NtStatus.STATUS_INVALID_LOGON_HOURS or NtStatus.STATUS_INVALID_WORKSTATION
        or NtStatus.STATUS_PASSWORD_EXPIRED or NtStatus.STATUS_PASSWORD_MUST_CHANGE
        or NtStatus.STATUS_ACCOUNT_DISABLED or NtStatus.STATUS_ACCOUNT_LOCKED_OUT;

    private static bool IsConnectionLoss(NtStatus status) => status is NtStatus.STATUS_CONNECTION_DISCONNECTED
        or NtStatus.STATUS_CONNECTION_RESET or NtStatus.STATUS_CONNECTION_REFUSED
        or NtStatus.STATUS_NETWORK_UNREACHABLE or NtStatus.STATUS_HOST_UNREACHABLE or NtStatus.STATUS_IO_TIMEOUT
        or NtStatus.STATUS_INVALID_NETWORK_RESPONSE or NtStatus.STATUS_USER_SESSION_DELETED
        or NtStatus.STATUS_NETWORK_SESSION_EXPIRED;
}
