using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Serilog;
using SmbDrive.Dokan.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>Mounts an <see cref="IDriveFileSystem"/> as a Windows drive through dokan2.dll and keeps it mounted
/// until cancelled or unmounted from outside (Explorer's Disconnect, <c>dokanctl /u</c>). Compiles everywhere,
/// runs on Windows only.</summary>
public static class DokanHost
{
    /// <summary>Checks everything on the Windows side that can fail, before the caller asks for a password and
    /// connects: the processor architecture, dokan2.dll in System32 and its version, the mount point, the driver
    /// (missing, stopped, awaiting a restart, or not matching the library) and, for a network drive, Dokan's network
    /// provider. Throws <see cref="DokanStartupException"/> with a plain message. The returned session holds
    /// DokanInit until it is disposed.</summary>
    public static DokanSession Prepare(DokanMountOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "Mounting as a drive letter uses Dokan and works on Windows only; on Linux and macOS the share is mounted with FUSE.");
        }
        // The plan's own checks (mount point syntax, UNC length) with a stand-in share name; Run makes the real plan.
        var plan = DokanMountPlan.Create(options, @"\server\share", driveIsReadOnly: true);
        return PrepareOnWindows(plan);
    }

    /// <summary>Blocks until the drive is unmounted. Throws <see cref="DokanStartupException"/> with a plain message
    /// when Dokan is missing or too old, the mount point is taken, or the mount fails.</summary>
    public static void Run(IDriveFileSystem drive, DokanMountOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        using var session = Prepare(options);
        session.Run(drive, options, logger, cancellationToken);
    }

    /// <summary>Asks the Dokan driver to unmount the drive at <paramref name="mountPoint"/> ("M", "M:", "M:\" or a folder),
    /// whichever process mounted it; that process's <see cref="Run"/> then returns. The unmount completes
    /// asynchronously. False when no Dokan drive is mounted there.</summary>
    public static bool Unmount(string mountPoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mountPoint);
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Dokan drives exist on Windows only; on Linux and macOS unmount the FUSE mount.");
        }
        string target = DokanMountPlan.TryGetDriveLetter(mountPoint.Trim(), out char letter) ? $"{letter}:\\" : mountPoint.Trim();
        LoadLibraryVersion();
        return RemoveMountPoint(target);
    }

    private static unsafe bool RemoveMountPoint(string mountPoint)
    {
        // DokanRemoveMountPoint only sends the driver a release request; it needs no DokanInit.
        fixed (char* name = mountPoint)
        {
            return DokanNative.DokanRemoveMountPoint(name) != 0;
        }
    }

    [SupportedOSPlatform("windows")]
    private static DokanSession PrepareOnWindows(DokanMountPlan plan)
    {
        Fail(DokanStartupChecks.CheckArchitecture(RuntimeInformation.OSArchitecture, RuntimeInformation.ProcessArchitecture));
        uint libraryVersion = LoadLibraryVersion();
        Fail(DokanStartupChecks.CheckLibraryVersion(libraryVersion));
        Fail(DokanStartupChecks.CheckMountPoint(plan.MountPoint, Kernel32Native.GetLogicalDrives(), FileSystemOf));

        var session = new DokanSession(libraryVersion);
        try
        {
            Fail(DokanStartupChecks.CheckDriver(DokanNative.DokanDriverVersion(), DokanRegistry.DriverService(), libraryVersion));
            if (plan.Flags.HasFlag(DokanOptionFlags.NetworkDrive))
            {
                Fail(DokanStartupChecks.CheckNetworkProvider(DokanRegistry.ProviderOrder(), DokanRegistry.NetworkProviderKeyExists()));
            }
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>DokanVersion of the System32 dokan2.dll; a missing, foreign or broken library gives its own message.</summary>
    private static uint LoadLibraryVersion()
    {
        string? path = DokanLibraryLoader.PathIn(Environment.SystemDirectory);
        if (path is null || !File.Exists(path))
        {
            throw new DokanStartupException(DokanStartupChecks.NotInstalledMessage);
        }
        try
        {
            return DokanNative.DokanVersion();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new DokanStartupException(DokanStartupChecks.DescribeLoadFailure(ex, RuntimeInformation.ProcessArchitecture), ex);
        }
    }

    internal static void Fail(string? message)
    {
        if (message is not null)
        {
            throw new DokanStartupException(message);
        }
    }

    private static string? FileSystemOf(string folder)
    {
        try
        {
            string? root = Path.GetPathRoot(folder);
            return root is null ? null : new DriveInfo(root).DriveFormat;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
