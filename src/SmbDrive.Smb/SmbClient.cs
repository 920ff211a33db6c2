using Serilog;

namespace SmbDrive.Smb;

/// <summary>Entry point of the SMB client.</summary>
public static class SmbClient
{
    /// <summary>Connects to <c>address.Host:address.Port</c>, negotiates, authenticates and connects to
    /// <c>address.Share</c>. Failures throw <see cref="SmbException"/> subclasses with one readable message.</summary>
    public static Task<ISmbShare> ConnectShareAsync(SmbAddress address, SmbCredentials credentials,
        SmbClientOptions options, ILogger? logger, CancellationToken cancellationToken)
        => throw new NotImplementedException("the connection core is being written in the core branch");
}
