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
    private const uint PollMilliseconds = 250;

    /// <summary>Blocks until the drive is unmounted. Throws <see cref="DokanStartupException"/> with a plain message
    /// when Dokan is missing or too old, the mount point is taken, or the mount fails.</summary>
    public static void Run(IDriveFileSystem drive, DokanMountOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (!OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException(
                "Mounting as a drive letter uses Dokan and works on Windows only; on Linux and macOS the share is mounted with FUSE.");
        }
        var plan = DokanMountPlan.Create(options, drive.UncName, drive.IsReadOnly);
        RunOnWindows(drive, plan, logger, cancellationToken);
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
        string system32 = Environment.GetFolderPath(Environment.SpecialFolder.System);
        if (!File.Exists(Path.Combine(system32, "dokan2.dll")))
        {
            throw new DokanStartupException(DokanStartupChecks.NotInstalledMessage);
        }
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
    private static void RunOnWindows(IDriveFileSystem drive, DokanMountPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        string system32 = Environment.GetFolderPath(Environment.SpecialFolder.System);
        if (!File.Exists(Path.Combine(system32, "dokan2.dll")))
        {
            throw new DokanStartupException(DokanStartupChecks.NotInstalledMessage);
        }
        uint libraryVersion;
        try
        {
            libraryVersion = DokanNative.DokanVersion();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw new DokanStartupException(DokanStartupChecks.NotInstalledMessage, ex);
        }
        Fail(DokanStartupChecks.CheckLibraryVersion(libraryVersion));
        Fail(DokanStartupChecks.CheckMountPoint(plan.MountPoint, Kernel32Native.GetLogicalDrives(), FileSystemOf));

        // Every DokanInit is matched by exactly one DokanShutdown; one too many raises an SEH exception.
        DokanNative.DokanInit();
        try
        {
            Fail(DokanStartupChecks.CheckDriverVersion(DokanNative.DokanDriverVersion()));
            logger.Information("Dokan {Version} found; mounting {Share} at {MountPoint} ({Kind}{ReadOnly})",
                DokanStartupChecks.FormatVersion(libraryVersion), drive.UncName, plan.MountPoint,
                plan.Flags.HasFlag(DokanOptionFlags.NetworkDrive) ? "network drive" : "fixed drive",
                plan.Flags.HasFlag(DokanOptionFlags.WriteProtect) ? ", read-only" : "");
            using var dokanDrive = new DokanDrive(drive, new DokanDriveOptions { RequestTimeout = TimeSpan.FromMilliseconds(plan.TimeoutMs) }, logger);
            var instance = new DokanInstance(dokanDrive, new DokanLibraryServices(), logger, plan.VolumeSerialNumber);
            using var memory = new DokanMountMemory(plan, instance);
            MountAndWait(memory, plan, logger, cancellationToken);
            if (instance.UnexpectedErrors > 0)
            {
                logger.Warning("{Count} Dokan callbacks failed unexpectedly during the mount", instance.UnexpectedErrors);
            }
        }
        finally
        {
            DokanNative.DokanShutdown();
        }
    }

    /// <summary>The options memory must outlive the file system, so <paramref name="memory"/> is disposed by the caller
    /// only after DokanCloseHandle has returned.</summary>
    private static unsafe void MountAndWait(DokanMountMemory memory, DokanMountPlan plan, ILogger logger, CancellationToken cancellationToken)
    {
        nint instance = 0;
        int result = DokanNative.DokanCreateFileSystem(memory.Options, memory.Operations, &instance);
        if (result != (int)DokanMainResult.Success)
        {
            throw new DokanStartupException(DokanStartupChecks.DescribeMountResult(result, plan.MountPoint));
        }
        try
        {
            while (DokanNative.DokanWaitForFileSystemClosed(instance, PollMilliseconds) == DokanNative.WaitTimeout)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    logger.Information("Unmounting {MountPoint}", plan.MountPoint);
                    break;
                }
            }
        }
        finally
        {
            // Unmounts if still mounted, waits for the callbacks to finish and frees the instance; never called from a callback.
            DokanNative.DokanCloseHandle(instance);
        }
    }

    private static void Fail(string? message)
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
