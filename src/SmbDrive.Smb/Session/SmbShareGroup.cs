using Serilog;

namespace SmbDrive.Smb.Session;

/// <summary>One share reached over several TCP connections, each with its own session, tree and opens.
/// Everything goes over the first connection except the reads of large files, which the read scheduler spreads
/// over all of them (<see cref="MultiConnectionFile"/>): a Samba server serves each connection in its own process, so this is how a single
/// large read gets more than one server core. Extra connections are made on first need; if one fails, its
/// share of the work goes back to the first connection and the caller never notices.</summary>
internal sealed partial class SmbShareGroup : ISmbShare
{
    private readonly SmbTree _primary;
    private readonly Func<CancellationToken, Task<SmbTree>> _connect;
    private readonly SmbClientOptions _options;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private SmbTree[]? _extra;
    private bool _extraFailed;
    private int _disposed;

    public SmbShareGroup(SmbTree primary, Func<CancellationToken, Task<SmbTree>> connect, SmbClientOptions options, ILogger log)
    {
        _primary = primary;
        _connect = connect;
        _options = options;
        _log = log;
    }

    public string Host => _primary.Host;
    public string Share => _primary.Share;
    public bool IsBroken => _primary.IsBroken;
    public int MaxReadSize => _primary.MaxReadSize;
    public SmbTree Primary => _primary;
    public IReadOnlyList<SmbTree> Extra => _extra ?? [];

    /// <summary>Connections currently usable for reads (the first one included).</summary>
    public int ActiveConnections => 1 + (_extra?.Count(t => !t.IsBroken) ?? 0);

    /// <summary>Directories and small files are opened on the first connection alone, so a directory's watch
    /// (CHANGE_NOTIFY) always waits on that one connection.</summary>
    public async Task<ISmbFile> OpenAsync(string path, SmbOpenKind kind, CancellationToken cancellationToken)
    {
        var file = (SmbFile)await _primary.OpenAsync(path, kind, cancellationToken).ConfigureAwait(false);
        return file.Info.IsDirectory || file.Info.Size < _options.StripeThresholdBytes ? file : new MultiConnectionFile(this, file, _log);
    }

    public Task<SmbFileInfo> GetInfoAsync(string path, CancellationToken cancellationToken) => _primary.GetInfoAsync(path, cancellationToken);
    public Task<IReadOnlyList<SmbFileInfo>> ListAsync(string path, string pattern, CancellationToken cancellationToken) => _primary.ListAsync(path, pattern, cancellationToken);
    public Task<SmbVolumeInfo> GetVolumeInfoAsync(CancellationToken cancellationToken) => _primary.GetVolumeInfoAsync(cancellationToken);

    public async Task EchoAsync(CancellationToken cancellationToken)
    {
        await _primary.EchoAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tree in _extra ?? [])
        {
            if (tree.IsBroken) continue;
            try { await tree.EchoAsync(cancellationToken).ConfigureAwait(false); }
            catch (SmbException) { /* an extra connection that died is simply not used any more */ }
        }
    }

    /// <summary>The extra connections, made once on first need; empty when they cannot be made.</summary>
    public async ValueTask<SmbTree[]> GetExtraAsync(CancellationToken cancellationToken)
    {
        if (_extra is not null || _extraFailed || _options.ConnectionsPerShare <= 1) return _extra ?? [];
        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_extra is not null || _extraFailed) return _extra ?? [];
            var trees = new List<SmbTree>();
            try
            {
                for (int i = 1; i < _options.ConnectionsPerShare; i++)
                {
                    var tree = await _connect(cancellationToken).ConfigureAwait(false);
                    tree.LeaseBreakHandler = LeaseBreakHandler;
                    trees.Add(tree);
                }
                _log.Debug("{Share}: {Count} extra connections for large reads", Share, trees.Count);
            }
            catch (SmbException e)
            {
                _log.Warning("{Share}: extra connection failed ({Reason}); large reads use one connection", Share, e.Message);
                _extraFailed = trees.Count == 0;
            }
            _extra = [.. trees];
            // A handler set while they were being made must reach them too.
            foreach (var tree in _extra) tree.LeaseBreakHandler = LeaseBreakHandler;
            return _extra;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        foreach (var tree in _extra ?? []) await tree.DisposeAsync().ConfigureAwait(false);
        await _primary.DisposeAsync().ConfigureAwait(false);
    }
}
