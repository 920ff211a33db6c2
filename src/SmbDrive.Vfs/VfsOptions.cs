namespace SmbDrive.Vfs;

/// <summary>Settings of the drive layer, bound from the <c>Vfs</c> configuration section. The lifetimes
/// default to the Windows redirector's (FileInfoCacheLifetime 10 s, FileNotFoundCacheLifetime 5 s,
/// DirectoryCacheLifetime 10 s). Seconds are fractional so that tests can use short timeouts.</summary>
public sealed class VfsOptions
{
    /// <summary>Refuse every write (EROFS, ERROR_WRITE_PROTECT) even where the server would allow it.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>How long file information (positive metadata) is trusted.</summary>
    public double FileInfoLifetimeSeconds { get; set; } = 10;

    /// <summary>How long "this name does not exist" is trusted.</summary>
    public double NotFoundLifetimeSeconds { get; set; } = 5;

    /// <summary>How long a directory listing is trusted.</summary>
    public double DirectoryLifetimeSeconds { get; set; } = 10;

    /// <summary>Memory for file data blocks; 0 turns the block cache and read-ahead off.</summary>
    public int CacheMemoryMB { get; set; } = 256;

    /// <summary>Size of one cached block, the unit of read-ahead fetching and of eviction (a multiple of
    /// 4 KiB). The default matches the client's largest READ, so one block is one request. Random reads
    /// fetch only the 16 KiB-aligned part of a block they need.</summary>
    public int BlockSizeKB { get; set; } = 1024;

    /// <summary>First read-ahead window once a handle reads sequentially.</summary>
    public int ReadAheadInitialKB { get; set; } = 128;

    /// <summary>Largest read-ahead window; 0 turns read-ahead off.</summary>
    public int ReadAheadMaxMB { get; set; } = 16;

    /// <summary>How long a request waits for a lost connection to come back before it fails with a network error.</summary>
    public double ReconnectTimeoutSeconds { get; set; } = 60;

    /// <summary>An ECHO is sent when the connection has been idle this long; 0 turns keep-alive off.</summary>
    public double KeepAliveSeconds { get; set; } = 60;

    internal TimeSpan FileInfoLifetime => TimeSpan.FromSeconds(FileInfoLifetimeSeconds);
    internal TimeSpan NotFoundLifetime => TimeSpan.FromSeconds(NotFoundLifetimeSeconds);
    internal TimeSpan DirectoryLifetime => TimeSpan.FromSeconds(DirectoryLifetimeSeconds);
    internal TimeSpan ReconnectTimeout => TimeSpan.FromSeconds(ReconnectTimeoutSeconds);
    internal TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(KeepAliveSeconds);
    internal long CacheBytes => CacheMemoryMB * 1024L * 1024L;
    internal int BlockSize => BlockSizeKB * 1024;
    internal long ReadAheadInitialBytes => ReadAheadInitialKB * 1024L;
    internal long ReadAheadMaxBytes => ReadAheadMaxMB * 1024L * 1024L;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        Check(FileInfoLifetimeSeconds is >= 0 and <= 86_400, nameof(FileInfoLifetimeSeconds), "0 to 86400");
        Check(NotFoundLifetimeSeconds is >= 0 and <= 86_400, nameof(NotFoundLifetimeSeconds), "0 to 86400");
        Check(DirectoryLifetimeSeconds is >= 0 and <= 86_400, nameof(DirectoryLifetimeSeconds), "0 to 86400");
        Check(CacheMemoryMB is >= 0 and <= 1_048_576, nameof(CacheMemoryMB), "0 to 1048576");
        Check(BlockSizeKB is >= 4 and <= 16_384 && BlockSizeKB % 4 == 0, nameof(BlockSizeKB), "a multiple of 4 from 4 to 16384");
        Check(ReadAheadInitialKB is >= 4 and <= 1_048_576, nameof(ReadAheadInitialKB), "4 to 1048576");
        Check(ReadAheadMaxMB is >= 0 and <= 1024, nameof(ReadAheadMaxMB), "0 to 1024");
        Check(ReconnectTimeoutSeconds is >= 0 and <= 86_400, nameof(ReconnectTimeoutSeconds), "0 to 86400");
        Check(KeepAliveSeconds is >= 0 and <= 86_400, nameof(KeepAliveSeconds), "0 to 86400");
        if (CacheMemoryMB > 0 && CacheBytes < BlockSize * 4L)
            throw new ArgumentException($"Vfs:CacheMemoryMB must hold at least four blocks of Vfs:BlockSizeKB ({BlockSizeKB} KiB)");
    }

    public VfsOptions Clone() => (VfsOptions)MemberwiseClone();

    private static void Check(bool ok, string name, string range)
    {
        // Comparisons with NaN are false, so NaN lands here too.
        if (!ok) throw new ArgumentException($"Vfs:{name} must be {range}");
    }
}
