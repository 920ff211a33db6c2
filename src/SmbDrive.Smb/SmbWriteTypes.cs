namespace SmbDrive.Smb;

/// <summary>CREATE DesiredAccess bits (MS-SMB2 2.2.13.1.1).</summary>
[Flags]
public enum SmbAccess : uint
{
    None = 0,
    ReadData = 0x1,
    WriteData = 0x2,
    AppendData = 0x4,
    ReadEa = 0x8,
    WriteEa = 0x10,
    ReadAttributes = 0x80,
    WriteAttributes = 0x100,
    Delete = 0x10000,
    ReadControl = 0x20000,
    Synchronize = 0x100000,
    GenericRead = ReadData | ReadEa | ReadAttributes | ReadControl | Synchronize,
    GenericWrite = WriteData | AppendData | WriteEa | WriteAttributes | ReadControl | Synchronize,
}

/// <summary>CREATE ShareAccess (MS-SMB2 2.2.13): what other opens may do while this one is open.</summary>
[Flags]
public enum SmbShareAccess : uint
{
    None = 0,
    Read = 1,
    Write = 2,
    Delete = 4,
    All = Read | Write | Delete,
}

/// <summary>CREATE CreateDisposition (MS-SMB2 2.2.13).</summary>
public enum SmbCreateDisposition : uint
{
    /// <summary>Replace an existing file, create a missing one.</summary>
    Supersede = 0,
    /// <summary>Open an existing file, else OBJECT_NAME_NOT_FOUND.</summary>
    Open = 1,
    /// <summary>Create a new file, else OBJECT_NAME_COLLISION.</summary>
    Create = 2,
    /// <summary>Open or create.</summary>
    OpenIf = 3,
    /// <summary>Open an existing file and truncate it, else OBJECT_NAME_NOT_FOUND.</summary>
    Overwrite = 4,
    /// <summary>Open and truncate, or create.</summary>
    OverwriteIf = 5,
}

/// <summary>CREATE CreateOptions (MS-SMB2 2.2.13).</summary>
[Flags]
public enum SmbCreateOptions : uint
{
    None = 0,
    DirectoryFile = 0x1,
    WriteThrough = 0x2,
    NoIntermediateBuffering = 0x8,
    NonDirectoryFile = 0x40,
    DeleteOnClose = 0x1000,
}

/// <summary>What a CREATE asks for: the caller's real access, sharing, disposition and options.</summary>
public sealed record SmbCreateParameters
{
    public required SmbAccess Access { get; init; }
    public SmbShareAccess ShareAccess { get; init; } = SmbShareAccess.All;
    public required SmbCreateDisposition Disposition { get; init; }
    public SmbCreateOptions Options { get; init; }
    /// <summary>Attributes of a file this CREATE makes (0 = the server's default, NORMAL).</summary>
    public FileAttributes Attributes { get; init; }
    /// <summary>A lease to ask for (SMB 2/3 only: SMB1 opens ignore it); the open reports what it got as
    /// <see cref="ISmbLeasedFile.Lease"/>.</summary>
    public SmbLeaseRequest? Lease { get; init; }
}

/// <summary>FILE_BASIC_INFORMATION values to set (MS-FSCC 2.4.7). Times are FILETIME values; 0 leaves a time
/// unchanged, −1 leaves it and stops the server from updating it on this handle, −2 resumes that. Attributes 0
/// leave the attributes unchanged; <see cref="FileAttributes.Normal"/> clears them all.</summary>
public readonly record struct SmbBasicInfo(long CreationTime, long LastAccessTime, long LastWriteTime, long ChangeTime, FileAttributes Attributes)
{
    public const long Keep = 0, KeepAndFreeze = -1, Resume = -2;

    /// <summary>Nothing changes.</summary>
    public static SmbBasicInfo Unchanged => default;

    public static long ToFileTime(DateTime utc) => utc.ToUniversalTime().ToFileTimeUtc();
}

/// <summary>The write side of a share, SMB 2/3 and SMB1 (NT LM 0.12) alike; over SMB1 a rename-over into another folder
/// takes two requests (see Smb1Tree.Rename.cs).</summary>
public interface ISmbWritableShare : ISmbShare
{
    /// <summary>Largest single WRITE: the server's MaxWriteSize, 64 KiB without multi-credit support (SMB1: one
    /// WRITE_ANDX, 124 KiB with CAP_LARGE_WRITEX unsigned, else what fits the server's MaxBufferSize).</summary>
    int MaxWriteSize { get; }

    /// <summary>CREATE with the given access, sharing, disposition and options; returns the open file.</summary>
    Task<ISmbWritableFile> CreateAsync(string path, SmbCreateParameters parameters, CancellationToken cancellationToken);

    /// <summary>Makes a directory; OBJECT_NAME_COLLISION when the name exists.</summary>
    Task CreateDirectoryAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes a file or an empty directory (CREATE with DELETE, SET_INFO disposition, CLOSE). A file with
    /// the read-only attribute is deleted too, as POSIX unlink does. DIRECTORY_NOT_EMPTY for a non-empty directory.</summary>
    Task DeleteAsync(string path, bool directory, CancellationToken cancellationToken);

    /// <summary>Renames a file or directory; with <paramref name="replaceIfExists"/> false an existing target gives
    /// OBJECT_NAME_COLLISION.</summary>
    Task RenameAsync(string path, string newPath, bool replaceIfExists, CancellationToken cancellationToken);

    /// <summary>Sets times and attributes by path.</summary>
    Task SetBasicInfoAsync(string path, SmbBasicInfo info, CancellationToken cancellationToken);

    /// <summary>Truncates or extends a file by path.</summary>
    Task SetEndOfFileAsync(string path, long size, CancellationToken cancellationToken);
}

/// <summary>An open file that can be written.</summary>
public interface ISmbWritableFile : ISmbFile
{
    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>: split into WRITEs of at most
    /// MaxWriteSize, several in flight at once, short counts continued. <paramref name="remainingHint"/> is how
    /// many more bytes the caller expects to write after this call (SMB2 RemainingBytes).</summary>
    ValueTask WriteAsync(long offset, ReadOnlyMemory<byte> data, long remainingHint, CancellationToken cancellationToken);

    /// <summary>FLUSH: the server commits what it was sent. A handle without write access counts as flushed.</summary>
    Task FlushAsync(CancellationToken cancellationToken);

    Task SetEndOfFileAsync(long size, CancellationToken cancellationToken);

    Task SetAllocationSizeAsync(long size, CancellationToken cancellationToken);

    Task SetBasicInfoAsync(SmbBasicInfo info, CancellationToken cancellationToken);

    /// <summary>Renames the open file (it must have been opened with DELETE access).</summary>
    Task RenameAsync(string newPath, bool replaceIfExists, CancellationToken cancellationToken);

    /// <summary>Marks the file to be deleted at its last close, or takes that back.</summary>
    Task SetDeleteOnCloseAsync(bool delete, CancellationToken cancellationToken);
}
