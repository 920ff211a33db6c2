using System.Runtime.InteropServices;
using SmbDrive.Dokan.Native;

namespace SmbDrive.Dokan;

/// <summary>The checks and plain messages of <see cref="DokanHost"/>'s startup (dokan-api.md §1.2, §7.3), kept free of
/// native calls so they can be tested anywhere.</summary>
public static class DokanStartupChecks
{
    public const string DownloadUrl = "https://github.com/dokan-dev/dokany/releases";

    public static string NotInstalledMessage =>
        $"Dokan 2 is not installed; get it from {DownloadUrl} (DokanSetup.exe), install it, then run smbdrive again.";

    /// <summary>"2.3.1" for 231, the form DokanVersion returns.</summary>
    public static string FormatVersion(uint version) => string.Join('.', version.ToString(System.Globalization.CultureInfo.InvariantCulture).ToCharArray());

    /// <summary>Null when <paramref name="libraryVersion"/> is new enough, else the message.</summary>
    public static string? CheckLibraryVersion(uint libraryVersion) =>
        libraryVersion >= DokanNative.MinimumLibraryVersion ? null
            : $"Dokan {FormatVersion(libraryVersion)} is installed, but smbdrive needs Dokan {FormatVersion(DokanNative.MinimumLibraryVersion)} or newer; get it from {DownloadUrl}.";

    /// <summary>Null when the driver answered, else the not-installed message (DokanDriverVersion is 0 when the driver
    /// is missing or stopped). <see cref="CheckDriver"/> tells those apart.</summary>
    public static string? CheckDriverVersion(uint driverVersion) => driverVersion == 0 ? NotInstalledMessage : null;

    /// <summary>Null when the driver answered with the protocol version dokan2.dll speaks; otherwise why not, told apart by
    /// what the registry says of the driver's service (dokan-api.md §7.2–§7.3).</summary>
    public static string? CheckDriver(uint driverVersion, DokanDriverService service, uint libraryVersion)
    {
        if (driverVersion == DokanNative.ExpectedDriverVersion)
        {
            return null;
        }
        if (driverVersion != 0)
        {
            return $"The Dokan driver (protocol {driverVersion:X}) does not match dokan2.dll {FormatVersion(libraryVersion)} (protocol "
                + $"{DokanNative.ExpectedDriverVersion:X}): Dokan was updated or removed without restarting Windows, or parts of two "
                + "Dokan versions are installed. Restart Windows; if this message stays, uninstall Dokan, restart, and install Dokan 2 again.";
        }
        return service switch
        {
            DokanDriverService.RemovalPending =>
                "Windows must restart to finish installing or removing Dokan (its driver is marked for deletion); restart Windows, then run smbdrive again.",
            DokanDriverService.Installed =>
                "The Dokan driver is installed but not running; start it with \"sc start dokan2\" as administrator, or restart Windows.",
            _ => NotInstalledMessage,
        };
    }

    /// <summary>Null when this process can load the Dokan library installed for this Windows; else the message for a
    /// build of smbdrive for another processor (the x64 build on ARM64 Windows, say: its emulated process cannot load
    /// the ARM64 dokan2.dll that Dokan installs there).</summary>
    public static string? CheckArchitecture(Architecture operatingSystem, Architecture process) =>
        operatingSystem == process ? null
            : $"This is the {Name(process)} build of smbdrive, but Windows runs on {Name(operatingSystem)}: Dokan's driver and "
                + $"dokan2.dll there are {Name(operatingSystem)} code, which a {Name(process)} program cannot load. Use the "
                + $"win-{Name(operatingSystem).ToLowerInvariant()} build of smbdrive.";

    /// <summary>The message for dokan2.dll failing to load or to provide an export.</summary>
    public static string DescribeLoadFailure(Exception exception, Architecture process) => exception switch
    {
        BadImageFormatException =>
            $"dokan2.dll in the Windows system folder is not a {Name(process)} library (wrong processor, or damaged); reinstall "
                + $"Dokan 2 with DokanSetup.exe from {DownloadUrl}, which installs the library for this Windows.",
        EntryPointNotFoundException =>
            $"dokan2.dll in the Windows system folder lacks functions of Dokan 2.0.0.2000 and later; install a current Dokan 2 from {DownloadUrl}.",
        _ => NotInstalledMessage,
    };

    /// <summary>Null when Dokan's network provider is registered (in the provider order, with its key); else the
    /// message. Without it Explorer shows a network drive as disconnected (#199).</summary>
    public static string? CheckNetworkProvider(string? providerOrder, bool providerKeyExists)
    {
        bool listed = (providerOrder ?? "").Split(',', StringSplitOptions.TrimEntries)
            .Any(p => string.Equals(p, DokanNative.NetworkProviderName, StringComparison.OrdinalIgnoreCase));
        return listed && providerKeyExists ? null
            : "Dokan's network provider is not registered, so Windows would show the network drive as disconnected; reinstall "
                + $"Dokan 2 with DokanSetup.exe from {DownloadUrl} (it registers the provider), or mount with --fixed-drive.";
    }

    private static string Name(Architecture architecture) => architecture switch
    {
        Architecture.X64 => "x64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "ARM64",
        Architecture.Arm => "ARM",
        _ => architecture.ToString(),
    };

    /// <summary>Null when the mount point can be used, else why not. <paramref name="logicalDrives"/> is the
    /// GetLogicalDrives bit mask; <paramref name="fileSystemOf"/> names the file system a folder lies on.</summary>
    public static string? CheckMountPoint(string mountPoint, uint logicalDrives, Func<string, string?> fileSystemOf)
    {
        ArgumentNullException.ThrowIfNull(fileSystemOf);
        if (DokanMountPlan.TryGetDriveLetter(mountPoint, out char letter))
        {
            return (logicalDrives & (1u << (letter - 'A'))) != 0
                ? $"Drive letter {letter}: is already in use; choose a free letter or unmount what is there."
                : null;
        }
        if (!Path.IsPathFullyQualified(mountPoint))
        {
            return $"The mount point {mountPoint} is neither a drive letter nor a full folder path.";
        }
        if (!Directory.Exists(mountPoint))
        {
            return $"The folder {mountPoint} does not exist; create an empty folder on an NTFS volume to mount into.";
        }
        if (Directory.EnumerateFileSystemEntries(mountPoint).Any())
        {
            return $"The folder {mountPoint} is not empty; Dokan mounts only into an empty folder.";
        }
        string? fileSystem = fileSystemOf(mountPoint);
        return string.Equals(fileSystem, "NTFS", StringComparison.OrdinalIgnoreCase) ? null
            : $"The folder {mountPoint} lies on a {fileSystem ?? "unknown"} volume; Dokan mounts only into folders on NTFS.";
    }

    /// <summary>The message for a failed DokanCreateFileSystem.</summary>
    public static string DescribeMountResult(int result, string mountPoint) => (DokanMainResult)result switch
    {
        DokanMainResult.DriverInstallError => NotInstalledMessage,
        DokanMainResult.DriveLetterError => $"Dokan cannot use {mountPoint} as a drive letter; choose a letter from D: to Z:.",
        DokanMainResult.MountError => $"Dokan could not mount at {mountPoint}: the drive letter is already in use or the mount was refused.",
        DokanMainResult.MountPointError => $"Dokan rejected the mount point {mountPoint}: use a free drive letter or an empty folder on an NTFS volume.",
        DokanMainResult.VersionError => $"dokan2.dll refused the Dokan {FormatVersion(DokanNative.CompiledVersion)} interface smbdrive uses; install a current Dokan 2 from {DownloadUrl}.",
        DokanMainResult.StartError => "The Dokan driver refused to start the drive: the driver and dokan2.dll probably come from different Dokan versions. Restart Windows; if this message stays, uninstall Dokan, restart, and install Dokan 2 again.",
        _ => $"Dokan could not mount the drive (error {result}).",
    };
}
