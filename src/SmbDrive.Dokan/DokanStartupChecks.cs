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
    /// is missing or stopped).</summary>
    public static string? CheckDriverVersion(uint driverVersion) => driverVersion == 0 ? NotInstalledMessage : null;

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
        DokanMainResult.VersionError => $"The installed Dokan library does not accept this program's version; install Dokan 2 from {DownloadUrl}.",
        DokanMainResult.StartError => "The Dokan driver refused to start the drive; the driver and dokan2.dll may not match, so reinstall Dokan 2 and restart Windows.",
        _ => $"Dokan could not mount the drive (error {result}).",
    };
}
