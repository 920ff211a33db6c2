namespace SmbDrive.CommandLine;

/// <summary>Process exit codes. Scripts may rely on them; they are listed in the usage text.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server refused the operation (an NTSTATUS such as STATUS_OBJECT_NAME_NOT_FOUND or
    /// STATUS_BAD_NETWORK_NAME), or a local file could not be written.</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments, bad configuration or no usable credentials.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached, the connection broke, or the server broke the protocol.</summary>
    public const int Connection = 3;

    /// <summary>The server refused the logon (wrong user or password, account disabled or expired), or Kerberos
    /// failed (no or expired ticket, unknown service principal, KDC unreachable, clock skew, NTLM-only server).</summary>
    public const int Authentication = 4;

    /// <summary>Interrupted by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>Standard output was closed by its reader (128 + SIGPIPE, what shells show for a tool killed by
    /// it); nothing is written to standard error.</summary>
    public const int OutputClosed = 141;

    /// <summary>An unexpected error: a bug in smbdrive (EX_SOFTWARE from sysexits.h).</summary>
    public const int Internal = 70;
}
