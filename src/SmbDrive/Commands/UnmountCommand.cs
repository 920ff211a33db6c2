using SmbDrive.CommandLine;
using SmbDrive.Fuse;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive unmount MOUNTPOINT</c>: removes a FUSE mount (fusermount3 -u); the smbdrive process serving
/// it then exits by itself.</summary>
internal sealed class UnmountCommand : ICommand
{
    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string mountPoint = context.Args.Operands[0];
        if (!OperatingSystem.IsLinux())
        {
            // DokanHost offers no unmount entry point yet; the drive is removed by stopping its smbdrive mount.
            throw new PlatformNotSupportedException(
                $"unmount {mountPoint}: on Windows stop the smbdrive mount process (Ctrl+C) or disconnect the drive in Explorer");
        }
        FuseHost.Unmount(mountPoint);
        context.Logger.Information("Unmounted {MountPoint}", mountPoint);
        return Task.FromResult(ExitCodes.Success);
    }
}
