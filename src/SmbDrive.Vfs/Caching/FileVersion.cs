namespace SmbDrive.Vfs.Caching;

/// <summary>Which bytes a file holds: its identity on the server plus its last-write time and size. Cached
/// blocks are keyed by it, so a file that changed (or was replaced by another file of the same name) can
/// never be served from the blocks of what was there before. When the server gives no file id, the path
/// stands in for it.</summary>
internal readonly record struct FileVersion(ulong FileId, string PathIdentity, long LastWriteTicks, long Size)
{
    public static FileVersion Of(VfsFileInfo info, string path) =>
        new(info.FileId, info.FileId != 0 ? "" : path, info.LastWriteTimeUtc.Ticks, info.Size);

    /// <summary>Same bytes as <paramref name="other"/>: equal time and size, and equal file ids where both
    /// sides know theirs (a CREATE response may carry no file id while a listing does).</summary>
    public bool IsSameContentAs(FileVersion other) =>
        LastWriteTicks == other.LastWriteTicks && Size == other.Size
        && (FileId == 0 || other.FileId == 0 || FileId == other.FileId);

    public override string ToString() => $"id {FileId:x} written {new DateTime(LastWriteTicks, DateTimeKind.Utc):O} size {Size}";
}
