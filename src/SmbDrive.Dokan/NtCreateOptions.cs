namespace SmbDrive.Dokan;

/// <summary>Kernel CreateOptions bits as ZwCreateFile receives them (wdm.h FILE_*; dokan-api.md §1.3). Only the
/// low 24 bits reach user mode; the disposition travels separately.</summary>
[Flags]
public enum NtCreateOptions : uint
{
    None = 0,
    DirectoryFile = 0x1,
    WriteThrough = 0x2,
    SequentialOnly = 0x4,
    NoIntermediateBuffering = 0x8,
    SynchronousIoAlert = 0x10,
    SynchronousIoNonAlert = 0x20,
    NonDirectoryFile = 0x40,
    CreateTreeConnection = 0x80,
    CompleteIfOplocked = 0x100,
    NoEaKnowledge = 0x200,
    RandomAccess = 0x800,
    DeleteOnClose = 0x1000,
    OpenByFileId = 0x2000,
    OpenForBackupIntent = 0x4000,
    NoCompression = 0x8000,
    OpenRequiringOplock = 0x10000,
    SessionAware = 0x40000,
    ReserveOpFilter = 0x100000,
    OpenReparsePoint = 0x200000,
    OpenNoRecall = 0x400000,
    OpenForFreeSpaceQuery = 0x800000,
}
