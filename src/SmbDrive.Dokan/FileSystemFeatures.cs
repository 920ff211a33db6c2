namespace SmbDrive.Dokan;

/// <summary>FILE_* file-system flags that GetVolumeInformation reports (winnt.h; dokan-api.md §4.6).</summary>
[Flags]
public enum FileSystemFeatures : uint
{
    None = 0,
    CaseSensitiveSearch = 0x1,
    CasePreservedNames = 0x2,
    UnicodeOnDisk = 0x4,
    PersistentAcls = 0x8,
    SupportsSparseFiles = 0x40,
    SupportsReparsePoints = 0x80,
    SupportsRemoteStorage = 0x100,
    NamedStreams = 0x40000,
    ReadOnlyVolume = 0x80000,
    SupportsHardLinks = 0x400000,
    SupportsOpenByFileId = 0x1000000,
}
