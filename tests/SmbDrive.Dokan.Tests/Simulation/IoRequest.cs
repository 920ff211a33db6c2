namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>The ZwCreateFile arguments the Windows I/O manager sends for common operations (dokan-api.md §1.3,
/// §6.1; wdm.h / winnt.h values). Access is already mapped from generic to specific rights, as the kernel does.</summary>
public static class IoRequest
{
    // Access rights
    public const uint ReadData = 0x1, ListDirectory = 0x1, WriteData = 0x2, AppendData = 0x4, ReadEa = 0x8,
        Execute = 0x20, ReadAttributes = 0x80, WriteAttributes = 0x100, Delete = 0x10000, ReadControl = 0x20000,
        Synchronize = 0x100000, MaximumAllowed = 0x2000000;
    public const uint FileGenericRead = 0x120089, FileGenericWrite = 0x120116, FileGenericExecute = 0x1200A0, FileAllAccess = 0x1F01FF;

    // Share access
    public const uint ShareRead = 1, ShareWrite = 2, ShareDelete = 4, ShareAll = 7;

    // Dispositions
    public const uint Supersede = 0, Open = 1, Create = 2, OpenIf = 3, Overwrite = 4, OverwriteIf = 5;

    // Create options
    public const uint DirectoryFile = 0x1, SequentialOnly = 0x4, SynchronousIoNonAlert = 0x20, NonDirectoryFile = 0x40, DeleteOnClose = 0x1000,
        OpenForBackupIntent = 0x4000, OpenReparsePoint = 0x200000;

    /// <summary>FindFirstFile's open of the folder to list (NtOpenFile in kernelbase).</summary>
    public static CreateArgs ListFolder => new(ListDirectory | Synchronize | ReadAttributes, ShareRead | ShareWrite, Open,
        DirectoryFile | SynchronousIoNonAlert | OpenForBackupIntent);

    /// <summary>Explorer's many attribute/icon opens of each child (#232).</summary>
    public static CreateArgs QueryAttributes => new(ReadAttributes | Synchronize, ShareAll, Open,
        SynchronousIoNonAlert | OpenReparsePoint | OpenForBackupIntent);

    /// <summary>CreateFile(GENERIC_READ, FILE_SHARE_READ|WRITE|DELETE, OPEN_EXISTING) on a file.</summary>
    public static CreateArgs ReadFile => new(FileGenericRead, ShareAll, Open, NonDirectoryFile | SynchronousIoNonAlert);

    /// <summary>The shell's desktop.ini probe: a plain read open.</summary>
    public static CreateArgs ProbeDesktopIni => new(FileGenericRead, ShareRead | ShareWrite, Open, NonDirectoryFile | SynchronousIoNonAlert);

    /// <summary>CreateFile(GENERIC_READ|GENERIC_WRITE, OPEN_EXISTING): an editor opening a file for saving.</summary>
    public static CreateArgs ReadWriteFile => new(FileGenericRead | FileGenericWrite, ShareRead, Open, NonDirectoryFile | SynchronousIoNonAlert);

    /// <summary>Explorer deleting: DELETE access with FILE_OPEN.</summary>
    public static CreateArgs DeleteIntent => new(Delete | ReadAttributes | Synchronize, ShareAll, Open, OpenReparsePoint | SynchronousIoNonAlert);

    /// <summary>CreateFile(CREATE_NEW).</summary>
    public static CreateArgs CreateNew => new(FileGenericRead | FileGenericWrite, 0, Create, NonDirectoryFile | SynchronousIoNonAlert);

    /// <summary>CreateFile(GENERIC_READ, OPEN_ALWAYS).</summary>
    public static CreateArgs OpenAlways => new(FileGenericRead, ShareRead, OpenIf, NonDirectoryFile | SynchronousIoNonAlert);

    /// <summary>CreateFile with FILE_FLAG_BACKUP_SEMANTICS on a folder, without FILE_DIRECTORY_FILE.</summary>
    public static CreateArgs OpenAnything => new(FileGenericRead, ShareAll, Open, SynchronousIoNonAlert | OpenForBackupIntent);

    /// <summary>Explorer's copy target (CopyFile2): GENERIC_WRITE | DELETE, no sharing, CREATE_NEW, sequential.</summary>
    public static CreateArgs CopyTarget => new(FileGenericWrite | ReadAttributes | Delete, 0, Create,
        NonDirectoryFile | SynchronousIoNonAlert | SequentialOnly);

    /// <summary>Word's temporary file for a save: GENERIC_READ | GENERIC_WRITE | DELETE, CREATE_NEW.</summary>
    public static CreateArgs SaveTemporary => new(FileGenericRead | FileGenericWrite | Delete, ShareRead, Create,
        NonDirectoryFile | SynchronousIoNonAlert);

    /// <summary>CreateFile(FILE_APPEND_DATA, OPEN_EXISTING): writes go to the end of the file.</summary>
    public static CreateArgs AppendOnly => new(AppendData | ReadAttributes | Synchronize, ShareRead, Open,
        NonDirectoryFile | SynchronousIoNonAlert);

    /// <summary>CreateDirectory: FILE_CREATE with FILE_DIRECTORY_FILE.</summary>
    public static CreateArgs CreateFolder => new(ListDirectory | Synchronize | ReadAttributes, ShareRead | ShareWrite, Create,
        DirectoryFile | SynchronousIoNonAlert | OpenForBackupIntent);

    /// <summary>A write open (GENERIC_READ | GENERIC_WRITE) with the given kernel disposition.</summary>
    public static CreateArgs WriteWith(uint disposition) => new(FileGenericRead | FileGenericWrite, ShareRead, disposition,
        NonDirectoryFile | SynchronousIoNonAlert);
}
