using Serilog;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

/// <summary>An SMB1 tree connect to one share, owning its session and connection: the SMB1 implementation of
/// <see cref="ISmbShare"/>. Metadata operations live in the partial file Smb1Tree.Metadata.cs.</summary>
internal sealed partial class Smb1Tree : ISmbShare
{
    private const int CloseTimeoutSeconds = 10;
    private const int KiB = 1024;

    private readonly Smb1Connection _connection;
    private readonly Smb1Session _session;
    private readonly SmbAddress _address;
    private readonly SmbClientOptions _options;
    private readonly Smb1Tuning _tuning;
    private readonly ILogger _log;
    private int _coreRead;
    private int _disposed;

    private Smb1Tree(Smb1Connection connection, Smb1Session session, SmbAddress address, ushort tid, SmbClientOptions options, Smb1Tuning tuning, ILogger log)
    {
        _connection = connection;
        _session = session;
        _address = address;
        Tid = tid;
        _options = options;
        _tuning = tuning;
        _log = log;
        _coreRead = tuning.ForceCoreRead ? 1 : 0;
    }

    public string Host => _address.Host;
    public string Share => _address.Share;
    public ushort Tid { get; }
    public bool IsBroken => _connection.IsBroken;
    internal Smb1Connection Connection => _connection;
    internal Smb1Session Session => _session;
    internal Smb1Tuning Tuning => _tuning;
    internal SmbClientOptions Options => _options;

    /// <summary>True once reads use SMB_COM_READ: forced, or after the server refused READ_ANDX.</summary>
    public bool UsesCoreRead => Volatile.Read(ref _coreRead) != 0;

    public int MaxReadSize => ReadChunkSize;

    /// <summary>Bytes per read request. Samba serves up to 16 MiB per READ_ANDX when unsigned and with its UNIX
    /// extensions, but only up to 0x1FFFF bytes per message when signing (source3/smbd/smb1_reply.c
    /// calc_max_read_pdu); other servers are held to 64 KiB. Without CAP_LARGE_READX, and for SMB_COM_READ, a read
    /// must fit the smaller of the two buffer sizes.</summary>
    public int ReadChunkSize
    {
        get
        {
            var caps = _connection.Capabilities;
            if (UsesCoreRead || (caps & Smb1Capabilities.LargeReadX) == 0) return BufferLimitedChunk;
            if (_tuning.ReadChunk is int forced) return forced;
            if (_connection.IsSigning || (caps & Smb1Capabilities.Unix) == 0) return 64 * KiB;
            return Math.Clamp(_options.MaxReadChunk, 64 * KiB, 8 * 1024 * KiB);
        }
    }

    private int BufferLimitedChunk
    {
        get
        {
            // 32-byte header, 12 words, ByteCount, pad: 60 bytes; rounded down to whole KiB for the server's disk.
            long buffer = Math.Min(_connection.Negotiated!.MaxBufferSize, _tuning.ClientMaxBufferSize);
            long usable = Math.Min(buffer - 64, ushort.MaxValue);
            return (int)Math.Max(512, usable / KiB * KiB);
        }
    }

    public string Where(string path) => _address.Where(path);

    public static async Task<Smb1Tree> ConnectAsync(Smb1Connection connection, Smb1Session session, SmbAddress address, SmbClientOptions options,
        Smb1Tuning tuning, ILogger log, CancellationToken cancellationToken)
    {
        string where = address.Where("");
        using var response = await connection.SendAsync(new TreeConnectAndXRequest($@"\\{address.Host}\{address.Share}"), 0, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, where);
        var tree = new Smb1Tree(connection, session, address, response.Header.Tid, options, tuning, log);
        string service = TreeConnectAndXResponse.ParseService(response.Message);
        if (service != TreeConnectAndXResponse.DiskService)
        {
            await tree.DisposeAsync().ConfigureAwait(false);
            throw new SmbException($"{where}: not a disk share (service type '{service}')");
        }
        log.Debug("SMB1 tree {Tid} for {Where}: read chunk {Chunk} bytes, MaxMpx {Mpx}", tree.Tid, where, tree.ReadChunkSize, connection.MaxMpxCount);
        return tree;
    }

    public async Task<ISmbFile> OpenAsync(string path, SmbOpenKind kind, CancellationToken cancellationToken)
    {
        uint options = kind switch
        {
            SmbOpenKind.File => CreateRequest.OptionNonDirectoryFile,
            SmbOpenKind.Directory => CreateRequest.OptionDirectoryFile,
            _ => 0,
        };
        uint access = kind == SmbOpenKind.Directory ? ListAccess : CreateRequest.GenericRead;
        using var response = await _connection.SendAsync(
            new NtCreateAndXRequest(Smb1Strings.SharePath(path), access, options), Tid, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, Where(path));
        var created = NtCreateAndXResponse.Parse(response.Message);
        return new Smb1File(this, path, created.Fid, created.ToInfo(LastComponent(path)));
    }

    private const uint ListAccess = 0x1 /* FILE_LIST_DIRECTORY */ | CreateRequest.FileReadAttributes | CreateRequest.Synchronize;

    public async Task EchoAsync(CancellationToken cancellationToken)
    {
        byte[] data = "SmbDrive"u8.ToArray();
        using var response = await _connection.SendAsync(Smb1SimpleRequest.Echo(data), Tid, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, Where(""));
        var reader = new Smb1Reader(response.Message, "ECHO");
        if (!reader.Bytes.SequenceEqual(data)) throw new SmbProtocolException($"{Where("")}: the ECHO response does not carry the data sent");
    }

    /// <summary>The server refused READ_ANDX: read with SMB_COM_READ from now on.</summary>
    internal void FallBackToCoreRead(NtStatus status)
    {
        if (Interlocked.Exchange(ref _coreRead, 1) == 0)
            _log.Warning("{Where}: the server refused READ_ANDX ({Status}); reading with SMB_COM_READ from now on", Where(""), status.Name());
    }

    internal async Task CloseQuietlyAsync(ushort fid)
    {
        if (_connection.IsBroken) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(CloseTimeoutSeconds));
            using var _ = await _connection.SendAsync(Smb1SimpleRequest.Close(fid), Tid, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmbException or OperationCanceledException)
        {
            _log.Debug("SMB1 close on {Share} failed: {Reason}", Share, e.Message);
        }
    }

    internal static string LastComponent(string path)
    {
        string p = path.Replace('/', '\\').TrimEnd('\\');
        int slash = p.LastIndexOf('\\');
        return slash < 0 ? p : p[(slash + 1)..];
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (!_connection.IsBroken)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var _ = await _connection.SendAsync(Smb1SimpleRequest.TreeDisconnect(), Tid, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SmbException or OperationCanceledException)
            {
                // Best effort.
            }
            await _session.LogoffAsync().ConfigureAwait(false);
        }
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
