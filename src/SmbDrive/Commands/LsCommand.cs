using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive ls //HOST/SHARE[/PATH]</c>: one line per entry of a folder, or the one line of a file.</summary>
internal sealed class LsCommand : ICommand
{
    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: false);
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
