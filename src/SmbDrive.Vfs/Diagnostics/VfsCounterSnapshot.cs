namespace SmbDrive.Vfs.Diagnostics;

/// <summary>The counters of a drive at one moment. Subtract two snapshots to get what happened in between.</summary>
public sealed record VfsCounterSnapshot
{
    public long ServerOpens { get; init; }
    public long ServerCloses { get; init; }
    /// <summary>ISmbFile.ReadAsync calls (each at most one block, so at most one READ of the client's chunk size).</summary>
    public long ServerReads { get; init; }
    public long ServerBytesRead { get; init; }
    /// <summary>Directory listings (each may be several QUERY_DIRECTORY pages inside the client).</summary>
    public long ServerListings { get; init; }
    /// <summary>Information queries by path.</summary>
    public long ServerInfoQueries { get; init; }
    /// <summary>Information queries on an open server file (version checks).</summary>
    public long ServerHandleQueries { get; init; }
    public long ServerVolumeQueries { get; init; }
    public long ServerEchoes { get; init; }
    public long BlockCacheHits { get; init; }
    public long BlockCacheMisses { get; init; }
    /// <summary>Blocks fetched ahead of the reader.</summary>
    public long ReadAheadBlocks { get; init; }
    public long MetadataCacheHits { get; init; }
    public long MetadataCacheMisses { get; init; }
    public long NegativeCacheHits { get; init; }
    public long DirectoryCacheHits { get; init; }
    public long DirectoryCacheMisses { get; init; }
    public long Reconnects { get; init; }
    public long ReconnectFailures { get; init; }
    /// <summary>Operations repeated after a lost connection came back.</summary>
    public long RetriedRequests { get; init; }
    /// <summary>Times a handle found that its file had changed on the server.</summary>
    public long VersionChanges { get; init; }

    /// <summary>Every request the drive sent to the server, echoes included.</summary>
    public long ServerRoundTrips =>
        ServerOpens + ServerCloses + ServerReads + ServerListings + ServerInfoQueries + ServerHandleQueries
        + ServerVolumeQueries + ServerEchoes;

    public static VfsCounterSnapshot operator -(VfsCounterSnapshot after, VfsCounterSnapshot before) => new()
    {
        ServerOpens = after.ServerOpens - before.ServerOpens,
        ServerCloses = after.ServerCloses - before.ServerCloses,
        ServerReads = after.ServerReads - before.ServerReads,
        ServerBytesRead = after.ServerBytesRead - before.ServerBytesRead,
        ServerListings = after.ServerListings - before.ServerListings,
        ServerInfoQueries = after.ServerInfoQueries - before.ServerInfoQueries,
        ServerHandleQueries = after.ServerHandleQueries - before.ServerHandleQueries,
        ServerVolumeQueries = after.ServerVolumeQueries - before.ServerVolumeQueries,
        ServerEchoes = after.ServerEchoes - before.ServerEchoes,
        BlockCacheHits = after.BlockCacheHits - before.BlockCacheHits,
        BlockCacheMisses = after.BlockCacheMisses - before.BlockCacheMisses,
        ReadAheadBlocks = after.ReadAheadBlocks - before.ReadAheadBlocks,
        MetadataCacheHits = after.MetadataCacheHits - before.MetadataCacheHits,
        MetadataCacheMisses = after.MetadataCacheMisses - before.MetadataCacheMisses,
        NegativeCacheHits = after.NegativeCacheHits - before.NegativeCacheHits,
        DirectoryCacheHits = after.DirectoryCacheHits - before.DirectoryCacheHits,
        DirectoryCacheMisses = after.DirectoryCacheMisses - before.DirectoryCacheMisses,
        Reconnects = after.Reconnects - before.Reconnects,
        ReconnectFailures = after.ReconnectFailures - before.ReconnectFailures,
        RetriedRequests = after.RetriedRequests - before.RetriedRequests,
        VersionChanges = after.VersionChanges - before.VersionChanges,
    };
}
