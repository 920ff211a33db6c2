using Serilog;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Session;

namespace SmbDrive.Smb;

/// <summary>Entry point of the SMB client.</summary>
public static class SmbClient
{
    /// <summary>Connects to <c>address.Host:address.Port</c>, negotiates, authenticates and connects to
    /// <c>address.Share</c>. Failures throw <see cref="SmbException"/> subclasses with one readable message.</summary>
    public static async Task<ISmbShare> ConnectShareAsync(SmbAddress address, SmbCredentials credentials,
        SmbClientOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        var log = (logger ?? Serilog.Core.Logger.None).ForContext("Share", address.Unc);
        if (options.AllowSmb1)
            log.Warning("Smb:AllowSmb1 is set, but this build speaks SMB 2.0.2 and later only");
        var primary = await ConnectTreeAsync(address, credentials, options, log, cancellationToken).ConfigureAwait(false);
        if (options.ConnectionsPerShare <= 1) return primary;
        return new SmbShareGroup(primary, ct => ConnectTreeAsync(address, credentials, options, log, ct), options, log);
    }

    /// <summary>One connection: TCP, NEGOTIATE, SESSION_SETUP, TREE_CONNECT.</summary>
    internal static async Task<SmbTree> ConnectTreeAsync(SmbAddress address, SmbCredentials credentials,
        SmbClientOptions options, ILogger log, CancellationToken cancellationToken)
    {
        var connection = await SmbConnection.ConnectAsync(address.Host, address.Port, options, log, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.NegotiateAsync(cancellationToken).ConfigureAwait(false);
            var session = await SmbSession.EstablishAsync(connection, credentials, options, address.Where(""), log, cancellationToken).ConfigureAwait(false);
            return await SmbTree.ConnectAsync(connection, session, address, options, log, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
