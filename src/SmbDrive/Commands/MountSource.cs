using SmbDrive.Configuration;
using SmbDrive.Smb;
using SmbDrive.Vfs;
using SmbDrive.Vfs.ServerRoot;

namespace SmbDrive.Commands;

/// <summary>The drive a mount serves: one share's (<c>//HOST/SHARE</c>), or the server root (<c>//HOST</c>), whose
/// folders are the shares, each connected with the same credentials on first use.</summary>
internal static class MountSource
{
    public static async Task<IDriveFileSystem> ConnectAsync(CommandContext context, SmbAddress address, ResolvedCredentials credentials,
        VfsOptions options, CancellationToken cancellationToken)
    {
        if (!address.IsServer)
            return await SmbDriveFileSystem.ConnectAsync(ct => context.ConnectAsync(address, credentials, ct), options, context.Logger,
                cancellationToken: cancellationToken);

        var smbCredentials = credentials.ToSmbCredentials();
        return await ServerRootFileSystem.ConnectAsync(address.Host,
            ct => context.Environment.ListShares(address.Host, address.Port, smbCredentials, context.SmbOptions, context.Logger, ct),
            async (share, ct) => await SmbDriveFileSystem.ConnectAsync(
                c => context.ConnectAsync(address with { Share = share }, credentials, c), options, context.Logger, cancellationToken: ct),
            options, context.Logger, cancellationToken: cancellationToken);
    }
}
