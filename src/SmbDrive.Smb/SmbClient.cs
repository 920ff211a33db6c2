using Serilog;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Session;
using SmbDrive.Smb.Smb1;

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
        // SMB1 only when asked for, and only when the server has nothing newer (multi-protocol NEGOTIATE probe).
        if (options.AllowSmb1 && await Smb1Negotiation.ProbeAsync(address.Host, address.Port, options, log, cancellationToken).ConfigureAwait(false) == Smb1ProbeResult.Smb1)
            return await Smb1Client.ConnectShareAsync(address, credentials, options, logger, cancellationToken).ConfigureAwait(false);
        SmbTree primary;
        try
        {
            primary = await ConnectTreeAsync(address, credentials, options, log, cancellationToken).ConfigureAwait(false);
        }
        catch (SmbConnectionException e) when (!options.AllowSmb1)
        {
            // An SMB1-only server hangs up on an SMB2 NEGOTIATE: say what is wrong and which setting changes it.
            if (await Smb1Negotiation.SpeaksOnlySmb1Async(address.Host, address.Port, options, log, cancellationToken).ConfigureAwait(false))
                throw Smb1Negotiation.Smb1OnlyError(address, e);
            throw;
        }
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
