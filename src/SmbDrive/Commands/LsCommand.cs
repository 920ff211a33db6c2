using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive ls //HOST/SHARE[/PATH]</c>: one line per entry of a folder, or the one line of a file.
/// <c>smbdrive ls //HOST</c> lists the server's shares instead (<see cref="ShareListing"/>).</summary>
internal sealed class LsCommand : ICommand
{
    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: false, allowServer: true);
        if (address.IsServer) return await ShareListing.RunAsync(context, address, cancellationToken);
        if (context.Args.Has("all")) throw new UsageException("--all lists hidden shares: use it with //HOST, not with a share");
        await using var share = await context.ConnectAsync(address, cancellationToken);
        var info = await share.GetInfoAsync(address.Path, cancellationToken);
        IReadOnlyList<SmbFileInfo> entries = info.IsDirectory
            ? await share.ListAsync(address.Path, "*", cancellationToken)
            : [info];

        var output = context.Environment.Out;
        foreach (string line in ListingFormatter.Format(entries))
            await output.WriteAsync(line + "\n");
        await output.FlushAsync(cancellationToken);
        return 0;
    }
}
