using SmbDrive.CommandLine;
using SmbDrive.Fuse;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive unmount MOUNTPOINT</c>: removes a FUSE mount (fusermount3 -u); the smbdrive process serving
/// it then exits by itself. On Windows it asks Dokan to remove the drive (DokanRemoveMountPoint).</summary>
internal sealed class UnmountCommand : ICommand
{
    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string mountPoint = context.Args.Operands[0];
        if (OperatingSystem.IsWindows())
        {
            if (!SmbDrive.Dokan.DokanHost.Unmount(mountPoint))
                throw new MountFailedException($"no SmbDrive drive is mounted at {mountPoint}");
            context.Logger.Information("Unmounted {MountPoint}", mountPoint);
            return Task.FromResult(ExitCodes.Success);
        }
        FuseHost.Unmount(mountPoint);
        context.Logger.Information("Unmounted {MountPoint}", mountPoint);
        return Task.FromResult(ExitCodes.Success);
    }
}
