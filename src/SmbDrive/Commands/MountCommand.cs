using Serilog;
using SmbDrive.CommandLine;
using SmbDrive.Configuration;
using SmbDrive.Dokan;
using SmbDrive.Fuse;
using SmbDrive.Mappings;
using SmbDrive.Smb;
using SmbDrive.Vfs;

namespace SmbDrive.Commands;

/// <summary><c>smbdrive mount //HOST[/SHARE] MOUNTPOINT|DRIVE:</c>: serves the share (or, for //HOST, every share) through FUSE on Linux or Dokan
/// on Windows until it is unmounted or the process is stopped. The connection is made (and the credentials
/// checked) before anything is mounted. With <c>--daemon</c> (Linux) the mount runs in a detached copy of this
/// process and the command returns once the mount is ready.</summary>
internal sealed class MountCommand : ICommand
{
    /// <summary>Set for the detached child: it writes <see cref="ReadyLine"/> to standard output once mounted.</summary>
    public const string NotifyReadyVariable = "SMBDRIVE_NOTIFY_READY";
    public const string ReadyLine = "smbdrive: mounted";

    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var address = context.Address(0, requirePath: false, allowServer: true);
        if (address.Path.Length > 0)
            throw new UsageException($"mount takes a share, not a folder in it: //{address.Host}/{address.Share}");
        string mountPoint = context.Args.Operands[1];
        CheckPlatformOptions(context.Args);
        // Writable on every platform; --read-only (Vfs:ReadOnly) serves a write-protected volume.
        var vfsOptions = SettingsBinder.BindVfs(context.Configuration);

        if (OperatingSystem.IsLinux())
        {
            string? problem = FuseHost.CheckPrerequisites() ?? FuseHost.ValidateMountPoint(mountPoint);
            if (problem is not null) throw new MountFailedException(problem);
        }
        // Dokan missing, a busy letter or a stopped driver is reported before the password prompt and the connection.
        var dokanOptions = OperatingSystem.IsWindows() ? DokanOptions(context, mountPoint) : null;
        using var dokan = dokanOptions is null ? null : DokanHost.Prepare(dokanOptions);
        var credentials = context.ResolveCredentials(address);
        if (context.Args.Has("daemon"))
            return await DaemonLauncher.StartAsync(context, credentials, mountPoint, cancellationToken);

        await using var drive = await MountSource.ConnectAsync(context, address, credentials, vfsOptions, cancellationToken);
        if (dokan is null || dokanOptions is null || !OperatingSystem.IsWindows()) return await RunFuseAsync(context, drive, address, mountPoint, cancellationToken);
        // Recorded only once the logon has worked, so that a typo never comes back at every sign-in, and undone
        // when Dokan cannot mount.
        Action? undo = context.Args.Has("persistent")
            ? PersistentMappings.Record(context, address, credentials, mountPoint, MappingStore.ForCurrentUser(), new RunKeyRegistration())
            : null;
        try
        {
            return await RunDokanAsync(context, dokan, drive, dokanOptions with { WriteProtect = drive.IsReadOnly }, cancellationToken);
        }
        catch (DokanStartupException) when (undo is not null)
        {
            undo();
            throw;
        }
    }

    /// <summary>Dokan fails a request the file system has not answered within its timeout; every SMB round trip is
    /// bounded by Smb:RequestTimeoutSeconds, so the driver's clock gets that plus a margin.</summary>
    private static DokanMountOptions DokanOptions(CommandContext context, string mountPoint) => new()
    {
        MountPoint = mountPoint,
        FixedDrive = context.Args.Has("fixed-drive"),
        TimeoutMs = (context.SmbOptions.RequestTimeoutSeconds + 30) * 1000,
    };

    private static async Task<int> RunFuseAsync(CommandContext context, IDriveFileSystem drive, SmbAddress address,
        string mountPoint, CancellationToken cancellationToken)
    {
        var options = new FuseMountOptions
        {
            AllowOther = context.Args.Has("allow-other"),
            Uid = (uint?)context.Args.IntValue("uid", 0, int.MaxValue),
            Gid = (uint?)context.Args.IntValue("gid", 0, int.MaxValue),
            FileMode = OctalMode(context.Args, "file-mode"),
            DirectoryMode = OctalMode(context.Args, "dir-mode"),
            ReadOnly = SettingsBinder.BindVfs(context.Configuration).ReadOnly,
            FsName = address.IsServer ? $"//{address.Host}" : $"//{address.Host}/{address.Share}",
        };
        bool notifyReady = context.Environment.GetVariable(NotifyReadyVariable) == "1";
        var logger = context.Logger;
        void OnMounted()
        {
            logger.Information("Mounted {Share} on {MountPoint}", address.Where(""), mountPoint);
            if (notifyReady) NotifyReady(context.Environment.Out);
        }
        // libfuse's loop blocks its thread for the life of the mount.
        var result = await Task.Factory.StartNew(
            () => FuseHost.Run(drive, mountPoint, options, logger, OnMounted, cancellationToken),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!result.Succeeded) throw new MountFailedException(result.ErrorMessage ?? $"mount on {mountPoint} failed ({result.StopReason})");
        logger.Information("Unmounted {MountPoint} ({Reason})", mountPoint, result.StopReason);
        return ExitCodes.Success;
    }

    private static async Task<int> RunDokanAsync(CommandContext context, DokanSession dokan, IDriveFileSystem drive,
        DokanMountOptions options, CancellationToken cancellationToken)
    {
        var logger = context.Logger;
        await Task.Factory.StartNew(() => dokan.Run(drive, options, logger, cancellationToken),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return ExitCodes.Success;
    }

    private static void NotifyReady(TextWriter output)
    {
        try
        {
            output.Write(ReadyLine + "\n");
            output.Flush();
        }
        catch (IOException)
        {
            // The parent has gone already: nobody is waiting for the line.
        }
    }

    /// <summary>An octal permission value such as 0640 or 750; at most 07777.</summary>
    internal static uint? OctalMode(ParsedArguments args, string name)
    {
        string? text = args.Value(name);
        if (text is null) return null;
        uint mode = 0;
        if (text.Length is 0 or > 5 || text.Any(c => c is < '0' or > '7'))
            throw new UsageException($"--{name} expects an octal mode such as 0644, not '{text}'");
        foreach (char c in text) mode = mode * 8 + (uint)(c - '0');
        if (mode > 0xFFF) throw new UsageException($"--{name} expects an octal mode up to 07777, not '{text}'");
        return mode;
    }

    private static void CheckPlatformOptions(ParsedArguments args)
    {
        OctalMode(args, "file-mode");
        OctalMode(args, "dir-mode");
        string[] linuxOnly = ["allow-other", "uid", "gid", "daemon", "file-mode", "dir-mode"];
        if (!OperatingSystem.IsLinux() && linuxOnly.FirstOrDefault(args.Has) is { } linux)
            throw new UsageException($"--{linux} is for Linux (FUSE) mounts");
        if (!OperatingSystem.IsWindows() && args.Has("fixed-drive"))
            throw new UsageException("--fixed-drive is for Windows (Dokan) mounts");
        if (!OperatingSystem.IsWindows() && args.Has("persistent"))
            throw new UsageException("--persistent is for Windows drive letters; on Linux use an /etc/fstab line of type smbdrive (see install-mount-helper)");
    }
}
