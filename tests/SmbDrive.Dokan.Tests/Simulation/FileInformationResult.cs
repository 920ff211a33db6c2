namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>One BY_HANDLE_FILE_INFORMATION as GetFileInformation filled it; <paramref name="Status"/> is what the caller
/// sees (the library turns every failure into STATUS_INVALID_PARAMETER).</summary>
public readonly record struct FileInformationResult(int CallbackStatus, int Status, FileAttributes Attributes, long Size,
    ulong FileIndex, uint VolumeSerialNumber, uint NumberOfLinks, long CreationTime, long LastAccessTime, long LastWriteTime);
