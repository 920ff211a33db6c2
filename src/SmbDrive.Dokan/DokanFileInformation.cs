namespace SmbDrive.Dokan;

/// <summary>One file's metadata as a file system hands it to the callback layer, which writes it into
/// BY_HANDLE_FILE_INFORMATION or WIN32_FIND_DATAW (DokanNet's FileInformation, plus the file index).</summary>
public readonly record struct DokanFileInformation
{
    /// <summary>The name alone (no path); ignored by GetFileInformation.</summary>
    public string FileName { get; init; }
    public FileAttributes Attributes { get; init; }
    /// <summary>Null (or before 1601) means unknown and is reported as 0.</summary>
    public DateTime? CreationTime { get; init; }
    public DateTime? LastAccessTime { get; init; }
    public DateTime? LastWriteTime { get; init; }
    public long Length { get; init; }
    /// <summary>Stable, unique per file on the volume: becomes FileInternalInformation / FileId.</summary>
    public ulong FileIndex { get; init; }
}
