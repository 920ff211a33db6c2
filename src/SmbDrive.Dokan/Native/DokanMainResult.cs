namespace SmbDrive.Dokan.Native;

/// <summary>Return codes of DokanMain / DokanCreateFileSystem (dokan.h; dokan-api.md §1.2).</summary>
internal enum DokanMainResult
{
    Success = 0,
    Error = -1,
    DriveLetterError = -2,
    DriverInstallError = -3,
    StartError = -4,
    MountError = -5,
    MountPointError = -6,
    VersionError = -7,
}
