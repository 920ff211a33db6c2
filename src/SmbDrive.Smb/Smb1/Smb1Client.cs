using Serilog;
using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Session;

namespace SmbDrive.Smb.Smb1;

/// <summary>Entry point of the SMB1 (NT LM 0.12) client, for servers that speak nothing newer. Used only when the
/// user allows SMB1 (Smb:AllowSmb1) and <see cref="Smb1Negotiation.ProbeAsync"/> found that the server does not
/// offer SMB2.</summary>
public static class Smb1Client
{
    /// <summary>Connects to <c>address.Host:address.Port</c> on its own TCP connection, negotiates NT LM 0.12,
    /// authenticates with SPNEGO/NTLMv2 (signing when either side wants it) and connects to <c>address.Share</c>.
    /// Failures throw <see cref="SmbException"/> subclasses with one readable message, as the SMB2 client does.</summary>
    public static Task<ISmbShare> ConnectShareAsync(SmbAddress address, SmbCredentials credentials, SmbClientOptions options,
        ILogger? logger, CancellationToken cancellationToken) =>
        ConnectShareAsync(address, credentials, options, Smb1Tuning.Default, logger, cancellationToken);

    internal static async Task<ISmbShare> ConnectShareAsync(SmbAddress address, SmbCredentials credentials, SmbClientOptions options,
        Smb1Tuning tuning, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tuning);
        var log = (logger ?? Serilog.Core.Logger.None).ForContext("Share", address.Unc);
        var connection = await Smb1Connection.ConnectAsync(address.Host, address.Port, options, log, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.NegotiateAsync(tuning, cancellationToken).ConfigureAwait(false);
            var session = await Smb1Session.EstablishAsync(connection, credentials, options, tuning, address.Where(""), log, cancellationToken).ConfigureAwait(false);
            log.Warning("{Share}: connected with SMB1 (NT LM 0.12), a legacy protocol; prefer a server with SMB2 or later", address.Where(""));
            return await Smb1Tree.ConnectAsync(connection, session, address, options, tuning, log, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
