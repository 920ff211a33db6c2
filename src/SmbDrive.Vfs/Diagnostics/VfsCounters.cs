namespace SmbDrive.Vfs.Diagnostics;

/// <summary>Live counters of one drive: server round trips by kind and cache hits and misses. Tests and
/// benchmarks assert on them (take a <see cref="Snapshot"/> before and after and subtract). Thread-safe.</summary>
public sealed class VfsCounters
{
    private long _serverOpens;
    private long _serverCloses;
    private long _serverReads;
    private long _serverBytesRead;
    private long _serverListings;
    private long _serverInfoQueries;
    private long _serverHandleQueries;
    private long _serverVolumeQueries;
    private long _serverEchoes;
    private long _blockHits;
    private long _blockMisses;
    private long _readAheadBlocks;
    private long _metadataHits;
    private long _metadataMisses;
    private long _negativeHits;
    private long _directoryHits;
    private long _directoryMisses;
    private long _reconnects;
    private long _reconnectFailures;
    private long _retriedRequests;
    private long _versionChanges;

    internal void ServerOpen() => Interlocked.Increment(ref _serverOpens);
    internal void ServerClose() => Interlocked.Increment(ref _serverCloses);
    internal void ServerRead(long bytes)
    {
        Interlocked.Increment(ref _serverReads);
        Interlocked.Add(ref _serverBytesRead, bytes);
    }
    internal void ServerListing() => Interlocked.Increment(ref _serverListings);
    internal void ServerInfoQuery() => Interlocked.Increment(ref _serverInfoQueries);
    internal void ServerHandleQuery() => Interlocked.Increment(ref _serverHandleQueries);
    internal void ServerVolumeQuery() => Interlocked.Increment(ref _serverVolumeQueries);
    internal void ServerEcho() => Interlocked.Increment(ref _serverEchoes);
    internal void BlockHit() => Interlocked.Increment(ref _blockHits);
    internal void BlockMiss() => Interlocked.Increment(ref _blockMisses);
    internal void ReadAheadBlock() => Interlocked.Increment(ref _readAheadBlocks);
    internal void MetadataHit() => Interlocked.Increment(ref _metadataHits);
    internal void MetadataMiss() => Interlocked.Increment(ref _metadataMisses);
    internal void NegativeHit() => Interlocked.Increment(ref _negativeHits);
    internal void DirectoryHit() => Interlocked.Increment(ref _directoryHits);
    internal void DirectoryMiss() => Interlocked.Increment(ref _directoryMisses);
    internal void Reconnect() => Interlocked.Increment(ref _reconnects);
    internal void ReconnectFailure() => Interlocked.Increment(ref _reconnectFailures);
    internal void RetriedRequest() => Interlocked.Increment(ref _retriedRequests);
    internal void VersionChange() => Interlocked.Increment(ref _versionChanges);

    public VfsCounterSnapshot Snapshot() => new()
    {
        ServerOpens = Interlocked.Read(ref _serverOpens),
        ServerCloses = Interlocked.Read(ref _serverCloses),
        ServerReads = Interlocked.Read(ref _serverReads),
        ServerBytesRead = Interlocked.Read(ref _serverBytesRead),
        ServerListings = Interlocked.Read(ref _serverListings),
        ServerInfoQueries = Interlocked.Read(ref _serverInfoQueries),
        ServerHandleQueries = Interlocked.Read(ref _serverHandleQueries),
        ServerVolumeQueries = Interlocked.Read(ref _serverVolumeQueries),
        ServerEchoes = Interlocked.Read(ref _serverEchoes),
        BlockCacheHits = Interlocked.Read(ref _blockHits),
        BlockCacheMisses = Interlocked.Read(ref _blockMisses),
        ReadAheadBlocks = Interlocked.Read(ref _readAheadBlocks),
        MetadataCacheHits = Interlocked.Read(ref _metadataHits),
        MetadataCacheMisses = Interlocked.Read(ref _metadataMisses),
        NegativeCacheHits = Interlocked.Read(ref _negativeHits),
        DirectoryCacheHits = Interlocked.Read(ref _directoryHits),
        DirectoryCacheMisses = Interlocked.Read(ref _directoryMisses),
        Reconnects = Interlocked.Read(ref _reconnects),
        ReconnectFailures = Interlocked.Read(ref _reconnectFailures),
        RetriedRequests = Interlocked.Read(ref _retriedRequests),
        VersionChanges = Interlocked.Read(ref _versionChanges),
    };
}
