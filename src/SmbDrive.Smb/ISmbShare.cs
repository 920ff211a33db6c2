namespace SmbDrive.Smb;

/// <summary>A connected share (an SMB tree connect on an authenticated session). Implemented by
/// <c>SmbTree</c>; an interface so that the drive layer can be unit-tested with a fake. Thread-safe:
/// many callers share one connection, each request matched to its response by MessageId.</summary>
public interface ISmbShare : IAsyncDisposable
{
    /// <summary>Server host name or address as the user gave it.</summary>
    string Host { get; }

    /// <summary>Share name.</summary>
    string Share { get; }

    /// <summary>True once the connection under this share has failed; every further call throws
    /// <see cref="SmbConnectionException"/> and the owner should reconnect.</summary>
    bool IsBroken { get; }

    /// <summary>Largest read the server accepts in one request.</summary>
    int MaxReadSize { get; }

    /// <summary>Opens an existing file or directory for reading.</summary>
    Task<ISmbFile> OpenAsync(string path, SmbOpenKind kind, CancellationToken cancellationToken);

    /// <summary>Information for a path (one compound CREATE + QUERY_INFO + CLOSE round trip).</summary>
    Task<SmbFileInfo> GetInfoAsync(string path, CancellationToken cancellationToken);

    /// <summary>Lists a directory, every page until STATUS_NO_MORE_FILES, without "." and "..".</summary>
    Task<IReadOnlyList<SmbFileInfo>> ListAsync(string path, string pattern, CancellationToken cancellationToken);

    /// <summary>Size, free space and attributes of the share's volume.</summary>
    Task<SmbVolumeInfo> GetVolumeInfoAsync(CancellationToken cancellationToken);

    /// <summary>Round trip that keeps an idle connection alive and checks it.</summary>
    Task EchoAsync(CancellationToken cancellationToken);
}

/// <summary>An open file or directory on a share.</summary>
public interface ISmbFile : IAsyncDisposable
{
    string Path { get; }

    /// <summary>Information returned by the open (times, size, attributes, file id).</summary>
    SmbFileInfo Info { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/> straight into
    /// <paramref name="buffer"/>. Large reads are split into several READ requests kept in flight at once, over
    /// the share's connections. Returns fewer bytes than asked only at end of file, 0 at or past it.
    /// <paramref name="remainingHint"/> is the caller's estimate of how many more bytes it will read after this
    /// call (SMB2 RemainingBytes). Cancellation ends in <see cref="OperationCanceledException"/>; any other
    /// failure is thrown as it happened.</summary>
    ValueTask<int> ReadAsync(long offset, Memory<byte> buffer, long remainingHint, CancellationToken cancellationToken);

    /// <summary>Reads from <paramref name="offset"/> to the end of the file and hands the bytes to
    /// <paramref name="sink"/> in order, with READs kept in flight while the sink works and memory bounded
    /// whatever the file's size. Returns the bytes handed over.</summary>
    Task<long> CopyToAsync(long offset, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken);

    /// <summary>Fresh information from the server for this open.</summary>
    Task<SmbFileInfo> QueryInfoAsync(CancellationToken cancellationToken);
}

public enum SmbOpenKind
{
    /// <summary>File or directory, whichever the path is.</summary>
    Any,
    /// <summary>Must be a file: a directory gives STATUS_FILE_IS_A_DIRECTORY.</summary>
    File,
    /// <summary>Must be a directory: a file gives STATUS_NOT_A_DIRECTORY.</summary>
    Directory,
}

/// <summary>Metadata of a file or directory. Times are UTC.</summary>
public sealed record SmbFileInfo
{
    /// <summary>Last path component ("" for the share root).</summary>
    public required string Name { get; init; }
    public required FileAttributes Attributes { get; init; }
    public required long Size { get; init; }
    public long AllocationSize { get; init; }
    public required DateTime CreationTimeUtc { get; init; }
    public required DateTime LastAccessTimeUtc { get; init; }
    public required DateTime LastWriteTimeUtc { get; init; }
    public required DateTime ChangeTimeUtc { get; init; }
    /// <summary>The server's 64-bit file id (0 when the server did not say).</summary>
    public ulong FileId { get; init; }
    public bool IsDirectory => (Attributes & FileAttributes.Directory) != 0;
}

public sealed record SmbVolumeInfo
{
    public required string Label { get; init; }
    public uint SerialNumber { get; init; }
    public required long TotalBytes { get; init; }
    public required long FreeBytes { get; init; }
    public required long AvailableBytes { get; init; }
    public int BytesPerSector { get; init; } = 512;
    public int SectorsPerAllocationUnit { get; init; } = 1;
    public string FileSystemName { get; init; } = "";
    /// <summary>FILE_FS_ATTRIBUTE_INFORMATION FileSystemAttributes (FILE_CASE_SENSITIVE_SEARCH = 1, …).</summary>
    public uint FileSystemAttributes { get; init; }
    public int MaxComponentLength { get; init; } = 255;
}
