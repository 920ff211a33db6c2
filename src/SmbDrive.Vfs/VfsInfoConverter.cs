using SmbDrive.Smb;

namespace SmbDrive.Vfs;

/// <summary>SMB client records → drive records.</summary>
internal static class VfsInfoConverter
{
    // FILE_FS_ATTRIBUTE_INFORMATION FileSystemAttributes bits (MS-FSCC 2.5.1).
    private const uint FileCaseSensitiveSearch = 0x1;
    private const uint FileCasePreservedNames = 0x2;
    private const uint FileUnicodeOnDisk = 0x4;

    public static VfsFileInfo ToFileInfo(SmbFileInfo info, string name) => new()
    {
        Name = name,
        IsDirectory = info.IsDirectory,
        Size = info.Size,
        AllocationSize = info.AllocationSize,
        Attributes = info.Attributes,
        CreationTimeUtc = info.CreationTimeUtc,
        LastAccessTimeUtc = info.LastAccessTimeUtc,
        LastWriteTimeUtc = info.LastWriteTimeUtc,
        ChangeTimeUtc = info.ChangeTimeUtc,
        FileId = info.FileId,
    };

    public static VfsVolumeInfo ToVolumeInfo(SmbVolumeInfo info, string label, string uncName)
    {
        // Servers that do not answer FileFsAttributeInformation report 0; assume the Windows-like defaults then.
        uint attributes = info.FileSystemAttributes;
        bool known = attributes != 0;
        return new VfsVolumeInfo
        {
            Label = label,
            FileSystemName = string.IsNullOrEmpty(info.FileSystemName) ? "NTFS" : info.FileSystemName,
            TotalBytes = info.TotalBytes,
            FreeBytes = info.FreeBytes,
            AvailableBytes = info.AvailableBytes,
            SerialNumber = info.SerialNumber != 0 ? info.SerialNumber : StableSerial(uncName),
            MaxComponentLength = info.MaxComponentLength > 0 ? info.MaxComponentLength : 255,
            CaseSensitive = (attributes & FileCaseSensitiveSearch) != 0,
            CasePreserved = !known || (attributes & FileCasePreservedNames) != 0,
            UnicodeOnDisk = !known || (attributes & FileUnicodeOnDisk) != 0,
            BytesPerSector = info.BytesPerSector > 0 ? info.BytesPerSector : 512,
            SectorsPerAllocationUnit = info.SectorsPerAllocationUnit > 0 ? info.SectorsPerAllocationUnit : 8,
        };
    }

    /// <summary>FNV-1a of the share name: the same serial for the same share on every mount (string hash
    /// codes are randomized per process, so they cannot serve).</summary>
    internal static uint StableSerial(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text.ToUpperInvariant())
        {
            hash = (hash ^ (byte)c) * 16777619;
            hash = (hash ^ (byte)(c >> 8)) * 16777619;
        }
        return hash;
    }
}
