using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;
using Serilog;

namespace SmbDrive.Fuse;

/// <summary>Entry points for the CLI: mount a drive with libfuse 3 and serve it until it is unmounted, and
/// unmount a mount point. Linux on x86-64 only (the struct stat layout this binding writes).</summary>
public static class FuseHost
{
    /// <summary>libfuse 3.2 exports fuse_loop_mt_31, the newest entry point this binding calls.</summary>
    private const int MinimumLibFuseVersion = 302;

    private static readonly TimeSpan s_unmountTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Mounts <paramref name="drive"/> on <paramref name="mountPoint"/> and serves it on the calling thread
    /// until the mount is unmounted (smbdrive unmount, fusermount3 -u), a SIGINT/SIGTERM/SIGHUP arrives (when
    /// <see cref="FuseMountOptions.HandleSignals"/>) or <paramref name="cancellationToken"/> is cancelled; then
    /// unmounts and cleans up. <paramref name="onMounted"/> runs once, on another thread, as soon as the mount
    /// answers requests. The mount point is checked first (<see cref="ValidateMountPoint"/>). The drive stays
    /// owned by the caller.</summary>
    public static FuseMountResult Run(IDriveFileSystem drive, string mountPoint, FuseMountOptions options, ILogger logger,
        Action? onMounted = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(mountPoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);

        string? problem = CheckPrerequisites() ?? ValidateMountPoint(mountPoint);
        if (problem != null)
            return FuseMountResult.NotMounted(problem);
        if (cancellationToken.IsCancellationRequested)
            return new FuseMountResult(true, FuseStopReason.NotMounted, null);

        string resolved = MountPointValidator.Resolve(Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint)));
        return new FuseSession(drive, resolved, options, logger).Run(onMounted, cancellationToken);
    }

    /// <summary>Null when <paramref name="mountPoint"/> can be mounted on: an existing, empty directory that is not
    /// already a mount point. Otherwise a sentence saying what is wrong and what to do.</summary>
    public static string? ValidateMountPoint(string mountPoint) => MountPointValidator.Validate(mountPoint);

    /// <summary>Null when this machine can mount with FUSE: Linux on x86-64, /dev/fuse present, libfuse3.so.3 3.2 or
    /// later loadable. Otherwise what is missing and how to get it.</summary>
    public static string? CheckPrerequisites()
    {
        if (!OperatingSystem.IsLinux())
            return "Mounting with FUSE needs Linux.";
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return $"The FUSE front-end supports x86-64 only; this is {RuntimeInformation.ProcessArchitecture} (its struct stat layout differs).";
        if (!File.Exists("/dev/fuse"))
            return "/dev/fuse is missing: load the fuse kernel module (modprobe fuse), or start the container with --device /dev/fuse.";
        if (!NativeLibrary.TryLoad(LibFuse.LibraryName, out nint library))
            return $"{LibFuse.LibraryName} could not be loaded: install libfuse 3 (Debian/Ubuntu: apt-get install fuse3).";
        NativeLibrary.Free(library);
        int version = LibFuse.FuseVersion();
        if (version < MinimumLibFuseVersion)
            return $"libfuse {version / 100}.{version % 100} is too old: 3.2 or later is needed.";
        return null;
    }

    /// <summary>Unmounts a FUSE mount with <c>fusermount3 -u</c> (<c>-z</c> when <paramref name="lazy"/>: detach now,
    /// finish when the last open file is closed). Throws <see cref="FuseException"/> with a clear message when the
    /// path is not mounted, not a FUSE mount, busy, or fusermount3 is missing.</summary>
    public static void Unmount(string mountPoint, bool lazy = false)
    {
        ArgumentNullException.ThrowIfNull(mountPoint);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
        MountEntry? entry;
        try
        {
            entry = MountTable.Find(full) ?? MountTable.Find(MountPointValidator.Resolve(full));
        }
        catch (IOException ex)
        {
            throw new FuseException($"Cannot read the mount table ({MountTable.MountInfoPath}): {ex.Message}", ex);
        }
        if (entry == null)
            throw new FuseException($"'{full}' is not mounted.");
        if (!entry.FileSystemType.StartsWith("fuse", StringComparison.Ordinal))
            throw new FuseException($"'{full}' is a {entry.FileSystemType} mount, not a FUSE mount; smbdrive unmount only removes FUSE mounts.");

        var start = new ProcessStartInfo("fusermount3")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(lazy ? "-uz" : "-u");
        start.ArgumentList.Add("--");
        start.ArgumentList.Add(entry.MountPoint);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new FuseException("fusermount3 could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new FuseException("fusermount3 was not found: install the fuse3 package (apt-get install fuse3).", ex);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(s_unmountTimeout))
            {
                process.Kill();
                throw new FuseException($"fusermount3 -u '{entry.MountPoint}' did not finish within {s_unmountTimeout.TotalSeconds:0} s.");
            }
            string message = (stderr.GetAwaiter().GetResult() + stdout.GetAwaiter().GetResult()).Trim();
            if (process.ExitCode == 0)
                return;
            if (message.Contains("busy", StringComparison.OrdinalIgnoreCase))
            {
                throw new FuseException($"'{entry.MountPoint}' is busy: a program still has a file or its working directory there. "
                    + $"Close it (fuser -vm '{entry.MountPoint}' lists them) and try again, or unmount lazily.");
            }
            throw new FuseException($"fusermount3 -u '{entry.MountPoint}' failed: {(message.Length > 0 ? message : "exit code " + process.ExitCode)}");
        }
    }
}
