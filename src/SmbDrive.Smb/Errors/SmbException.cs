namespace SmbDrive.Smb;

/// <summary>Base of every failure the SMB client reports. The message is one readable line that names
/// where the failure happened (host, share, path) and, where the server answered, the NTSTATUS name.
/// No password, hash or key ever goes into a message.</summary>
public class SmbException : Exception
{
    public SmbException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The server answered a request with an error status.</summary>
public sealed class SmbStatusException : SmbException
{
    public SmbStatusException(NtStatus status, string where, Exception? inner = null)
        : base($"{where}: {status.Name()}", inner)
    {
        Status = status;
        Where = where;
    }

    public NtStatus Status { get; }

    /// <summary>The UNC location the request was about, such as <c>\\127.0.0.1\share\dir\a.txt</c>.</summary>
    public string Where { get; }
}

/// <summary>The connection failed (refused, reset, timed out, closed). Every request in flight on it fails
/// with this exception; callers may reconnect and retry idempotent operations.</summary>
public sealed class SmbConnectionException : SmbException
{
    public SmbConnectionException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The server sent something that breaks the protocol: a truncated or malformed message, a bad
/// signature, a failed decryption, a downgrade. The connection is closed; no data from it reaches a caller.</summary>
public sealed class SmbProtocolException : SmbException
{
    public SmbProtocolException(string message, Exception? inner = null) : base(message, inner) { }
}
