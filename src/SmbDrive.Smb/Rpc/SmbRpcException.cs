namespace SmbDrive.Smb;

/// <summary>The server answered an RPC call over a named pipe with a refusal: a bind_nak, a rejected interface,
/// a fault PDU or a Win32 error code in the reply (such as WERR_ACCESS_DENIED).</summary>
public sealed class SmbRpcException : SmbException
{
    public SmbRpcException(string message, uint code = 0) : base(message)
    {
        Code = code;
    }

    /// <summary>The fault status or Win32 error code; 0 when the refusal carried none.</summary>
    public uint Code { get; }
}
