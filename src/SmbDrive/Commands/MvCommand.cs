using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive mv //HOST/SHARE/PATH NEWPATH</c>: renames within the share (SMB cannot move between shares);
/// NEWPATH is share-relative or a full address of the same share. An existing file at NEWPATH is replaced.</summary>
internal sealed class MvCommand : ICommand
{
    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: true);
        string target = context.Args.Operands[1];
        string newPath;
        if (target.StartsWith("//", StringComparison.Ordinal) || target.StartsWith(@"\\", StringComparison.Ordinal))
        {
            var to = context.Address(1, requirePath: true);
            if (!string.Equals(to.Host, address.Host, StringComparison.OrdinalIgnoreCase) || to.Port != address.Port
                || !string.Equals(to.Share, address.Share, StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"mv renames within one share: {to.Unc} is not on {address.Where("")}");
            newPath = to.Path;
        }
        else
        {
            newPath = target.Replace('/', '\\').Trim('\\');
            if (newPath.Length == 0) throw new UsageException("mv needs a new path");
        }
        await using var share = await context.ConnectAsync(address, cancellationToken);
        await WritableShare.Of(share, address).RenameAsync(address.Path, newPath, replaceIfExists: true, cancellationToken);
        return 0;
    }
}
