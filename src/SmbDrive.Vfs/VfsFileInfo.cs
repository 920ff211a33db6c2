namespace SmbDrive.Vfs;

/// <summary>Metadata of one file or directory as the front-ends need it. Times are UTC.</summary>
public sealed record VfsFileInfo
{
    public required string Name { get; init; }
    public required bool IsDirectory { get; init; }
    public required long Size { get; init; }
    public long AllocationSize { get; init; }
    /// <summary>Windows FILE_ATTRIBUTE_* bits as the server reports them.</summary>
    public required FileAttributes Attributes { get; init; }
    public required DateTime CreationTimeUtc { get; init; }
    public required DateTime LastAccessTimeUtc { get; init; }
    public required DateTime LastWriteTimeUtc { get; init; }
    public required DateTime ChangeTimeUtc { get; init; }
    /// <summary>The server's file id (stable per file on a share): inode number and Windows file index.</summary>
    public ulong FileId { get; init; }
}

public sealed record VfsVolumeInfo
{
    public required string Label { get; init; }
    public string FileSystemName { get; init; } = "NTFS";
    public required long TotalBytes { get; init; }
    public required long FreeBytes { get; init; }
    public required long AvailableBytes { get; init; }
    public uint SerialNumber { get; init; }
    public int MaxComponentLength { get; init; } = 255;
    public bool CaseSensitive { get; init; }
    public bool CasePreserved { get; init; } = true;
    public bool UnicodeOnDisk { get; init; } = true;
    public int BytesPerSector { get; init; } = 512;
    public int SectorsPerAllocationUnit { get; init; } = 8;
}

/// <summary>One open of a file or directory by a front-end. Front-ends keep it and hand it back; its
/// identity is its <see cref="Id"/>.</summary>
public sealed class VfsHandle
{
    public VfsHandle(long id, string path, VfsFileInfo info)
    {
        Id = id;
        Path = path;
        Info = info;
    }

    public long Id { get; }
    /// <summary>Normalized share-relative path with '\' separators and no leading separator ("" = root).</summary>
    /// <summary>Follows renames made through the drive.</summary>
    public string Path { get; internal set; }
    public VfsFileInfo Info { get; internal set; }
    public bool IsDirectory => Info.IsDirectory;

    /// <summary>State owned by the drive implementation (server open, read-ahead).</summary>
    internal object? State { get; set; }

    public override string ToString() => $"#{Id} {Path}";
}
