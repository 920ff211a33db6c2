namespace SmbDrive.Vfs.Caching;

/// <summary>What the drive knows about one path: its information, or the status that says it does not
/// exist (a negative entry). Timestamps are <see cref="TimeProvider.GetTimestamp"/> values.</summary>
internal sealed record MetadataEntry(VfsFileInfo? Info, VfsStatus Status, long FetchedAt, long ExpiresAt)
{
    public bool Exists => Info is not null;

    public static MetadataEntry Found(VfsFileInfo info, long fetchedAt, long expiresAt) =>
        new(info, VfsStatus.STATUS_SUCCESS, fetchedAt, expiresAt);

    public static MetadataEntry Missing(VfsStatus status, long fetchedAt, long expiresAt) =>
        new(null, status, fetchedAt, expiresAt);
}
