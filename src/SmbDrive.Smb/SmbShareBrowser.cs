using Serilog;
using SmbDrive.Smb.Rpc;
using SmbDrive.Smb.Session;
using SmbDrive.Smb.Smb1;

namespace SmbDrive.Smb;

/// <summary>Lists a server's shares: srvsvc NetShareEnumAll (MS-SRVS 3.1.4.8) over the \PIPE\srvsvc named pipe
/// of the IPC$ share, as <c>net view</c> and <c>smbclient -L</c> do.</summary>
public static class SmbShareBrowser
{
    public const string IpcShare = "IPC$";
    private const string PipeName = "srvsvc";

    /// <summary>Connects to <c>\\host\IPC$</c> and returns every share, hidden ones included; callers filter.
    /// A refusal (pipe not openable, RPC fault, an error code in the reply) throws an <see cref="SmbException"/>
    /// that names the server and the status.</summary>
    public static async Task<IReadOnlyList<SmbShareInfo>> ListSharesAsync(string host, int port, SmbCredentials credentials,
        SmbClientOptions options, ILogger? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(options);
        var address = new SmbAddress(host, port, IpcShare, "");
        var log = (logger ?? Serilog.Core.Logger.None).ForContext("Share", address.Unc);
        SmbTree ipc;
        try
        {
            ipc = await SmbClient.ConnectTreeAsync(address, credentials, options, log, cancellationToken).ConfigureAwait(false);
        }
        catch (SmbConnectionException e)
        {
            if (await Smb1Negotiation.SpeaksOnlySmb1Async(host, port, options, log, cancellationToken).ConfigureAwait(false))
                throw new SmbException($"{address.Unc}: the server speaks only SMB1, over which listing shares is not supported; name a share: //{host}/SHARE", e);
            throw;
        }
        await using (ipc.ConfigureAwait(false))
        {
            return await ListSharesAsync(ipc, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static async Task<IReadOnlyList<SmbShareInfo>> ListSharesAsync(SmbTree ipc, CancellationToken cancellationToken)
    {
        var pipe = await SmbNamedPipe.OpenAsync(ipc, PipeName, cancellationToken).ConfigureAwait(false);
        await using (pipe.ConfigureAwait(false))
        {
            var channel = await RpcPipeChannel.BindAsync(pipe, RpcSyntax.Srvsvc, cancellationToken).ConfigureAwait(false);
            byte[] reply = await channel.CallAsync(SrvsvcNetShareEnumAll.Opnum, SrvsvcNetShareEnumAll.EncodeRequest(ipc.Host), cancellationToken).ConfigureAwait(false);
            return SrvsvcNetShareEnumAll.ParseResponse(reply, pipe.Where);
        }
    }
}
