using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive rm [-r] //HOST/SHARE/PATH</c>: removes a file; with -r also a folder and everything in it
/// (depth first). A folder without -r is refused before anything is deleted.</summary>
internal sealed class RmCommand : ICommand
{
    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: true);
        await using var share = await context.ConnectAsync(address, cancellationToken);
        var writable = WritableShare.Of(share, address);
        var info = await share.GetInfoAsync(address.Path, cancellationToken);
        if (!info.IsDirectory)
        {
            await writable.DeleteAsync(address.Path, directory: false, cancellationToken);
            return 0;
        }
        if (!context.Args.Has("recursive"))
            throw new UsageException($"{address.Unc} is a folder: use rm -r to remove it and everything in it");
        await RemoveTreeAsync(writable, address.Path, cancellationToken);
        return 0;
    }

    private static async Task RemoveTreeAsync(ISmbWritableShare share, string folder, CancellationToken cancellationToken)
    {
        foreach (var entry in await share.ListAsync(folder, "*", cancellationToken))
        {
            string path = folder.TrimEnd('/', '\\') + "\\" + entry.Name;
            if (entry.IsDirectory) await RemoveTreeAsync(share, path, cancellationToken);
            else await share.DeleteAsync(path, directory: false, cancellationToken);
        }
        await share.DeleteAsync(folder, directory: true, cancellationToken);
    }
}
