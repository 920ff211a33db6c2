using SmbDrive.CommandLine;
using SmbDrive.Fuse;
using SmbDrive.Mappings;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive unmount MOUNTPOINT</c>: removes a FUSE mount (fusermount3 -u); the smbdrive process serving
/// it then exits by itself. On Windows it asks Dokan to remove the drive (DokanRemoveMountPoint); with
/// <c>--forget</c> it also forgets the drive's persistent mapping.</summary>
internal sealed class UnmountCommand : ICommand
{
    public Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        string mountPoint = context.Args.Operands[0];
        bool forgotten = false;
        if (context.Args.Has("forget"))
        {
            if (!OperatingSystem.IsWindows()) throw new UsageException("--forget removes a Windows persistent mapping; on Linux edit /etc/fstab");
            // Forgotten first: a drive that is not mounted right now can still be forgotten.
            forgotten = MappingForgetter.Forget(context, mountPoint, MappingStore.ForCurrentUser(), new RunKeyRegistration());
        }
        if (OperatingSystem.IsWindows())
        {
            if (!SmbDrive.Dokan.DokanHost.Unmount(mountPoint))
            {
                if (forgotten) return Task.FromResult(ExitCodes.Success);
                throw new MountFailedException(context.Args.Has("forget")
                    ? $"no SmbDrive drive is mounted at {mountPoint} and no persistent mapping is recorded for it"
                    : $"no SmbDrive drive is mounted at {mountPoint}");
            }
            context.Logger.Information("Unmounted {MountPoint}", mountPoint);
            return Task.FromResult(ExitCodes.Success);
        }
        FuseHost.Unmount(mountPoint);
        context.Logger.Information("Unmounted {MountPoint}", mountPoint);
        return Task.FromResult(ExitCodes.Success);
    }
}
