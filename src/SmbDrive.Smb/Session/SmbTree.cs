using System.Buffers.Binary;
using Serilog;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Session;

/// <summary>A tree connect to one share, owning its session and connection (one share per connection keeps
/// a mount's traffic independent of any other). Implements the client surface <see cref="ISmbShare"/>.</summary>
internal sealed partial class SmbTree : ISmbShare
{
    private const uint ListAccess = 0x1 /* FILE_LIST_DIRECTORY */ | CreateRequest.FileReadAttributes | CreateRequest.Synchronize;
    private const uint AttributesAccess = CreateRequest.FileReadAttributes | CreateRequest.Synchronize;
    private const int QueryInfoOutput = 4096;

    private readonly SmbConnection _connection;
    private readonly SmbSession _session;
    private readonly SmbAddress _address;
    private readonly ILogger _log;
    private readonly SmbClientOptions _options;
    private int _disposed;

    private SmbTree(SmbConnection connection, SmbSession session, SmbAddress address, uint treeId, SmbClientOptions options, ILogger log)
    {
        _options = options;
        _connection = connection;
        _session = session;
        _address = address;
        TreeId = treeId;
        _log = log;
    }

    public string Host => _address.Host;
    public string Share => _address.Share;
    public uint TreeId { get; }
    public bool IsBroken => _connection.IsBroken;
    public SmbDialect Dialect => _connection.Dialect;
    public SmbSession Session => _session;
    internal SmbConnection Connection => _connection;

    /// <summary>Largest single READ: the server's limit, 64 KiB without multi-credit support.</summary>
    public int MaxReadSize => _connection.LargeMtu ? (int)Math.Min(_connection.Negotiated!.MaxReadSize, 8u * 1024 * 1024) : 65536;

    internal int MaxTransact => _connection.LargeMtu ? (int)Math.Min(_connection.Negotiated!.MaxTransactSize, 1024u * 1024) : 65536;

    public string Where(string path) => _address.Where(path);

    public static async Task<SmbTree> ConnectAsync(SmbConnection connection, SmbSession session, SmbAddress address, SmbClientOptions options, ILogger log, CancellationToken cancellationToken)
    {
        string where = address.Where("");
        using var response = await connection.SendAsync(new TreeConnectRequest($@"\\{address.Host}\{address.Share}"), 0, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, where);
        var tree = TreeConnectResponse.Parse(response.Message);
        var result = new SmbTree(connection, session, address, response.Header.TreeId, options, log);
        connection.BreakReceiver = result;
        if (tree.EncryptData) session.RequireEncryption(where);
        if (connection.Dialect is SmbDialect.Smb300 or SmbDialect.Smb302 && session.Security?.Signer is not null)
            await result.ValidateNegotiateAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>FSCTL_VALIDATE_NEGOTIATE_INFO (MS-SMB2 3.2.5.14.12): the signed answer must repeat what was
    /// negotiated, or somebody rewrote the NEGOTIATE exchange to force a weaker dialect.</summary>
    private async Task ValidateNegotiateAsync(CancellationToken cancellationToken)
    {
        var offered = _connection.NegotiateRequest;
        var negotiated = _connection.Negotiated!;
        byte[] input = new byte[24 + 2 * offered.Dialects.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(input, (uint)offered.Capabilities);
        offered.ClientGuid.TryWriteBytes(input.AsSpan(4, 16));
        BinaryPrimitives.WriteUInt16LittleEndian(input.AsSpan(20), offered.SecurityMode);
        BinaryPrimitives.WriteUInt16LittleEndian(input.AsSpan(22), (ushort)offered.Dialects.Count);
        for (int i = 0; i < offered.Dialects.Count; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(input.AsSpan(24 + 2 * i), (ushort)offered.Dialects[i]);
        using var response = await _connection.SendAsync(
            new IoctlRequest(IoctlRequest.FsctlValidateNegotiateInfo, Smb2FileId.Related, input, 24), TreeId, cancellationToken).ConfigureAwait(false);
        string where = Where("");
        if (response.Status != NtStatus.STATUS_SUCCESS)
            throw new SmbProtocolException($"{where}: secure dialect negotiation failed ({response.Status.Name()})");
        var output = IoctlResponse.Output(response.Message);
        if (output.Length < 24 ||
            BinaryPrimitives.ReadUInt32LittleEndian(output) != (uint)negotiated.Capabilities ||
            new Guid(output.Slice(4, 16)) != negotiated.ServerGuid ||
            BinaryPrimitives.ReadUInt16LittleEndian(output[20..]) != negotiated.SecurityMode ||
            BinaryPrimitives.ReadUInt16LittleEndian(output[22..]) != negotiated.DialectRevision)
            throw new SmbProtocolException($"{where}: VALIDATE_NEGOTIATE_INFO does not match the negotiation (downgrade attempt); connection closed");
    }

    public Task<ISmbFile> OpenAsync(string path, SmbOpenKind kind, CancellationToken cancellationToken) =>
        WithReauthenticationAsync(() => OpenCoreAsync(path, kind, cancellationToken), cancellationToken);

    private async Task<ISmbFile> OpenCoreAsync(string path, SmbOpenKind kind, CancellationToken cancellationToken)
    {
        uint options = kind switch
        {
            SmbOpenKind.File => CreateRequest.OptionNonDirectoryFile,
            SmbOpenKind.Directory => CreateRequest.OptionDirectoryFile,
            _ => 0,
        };
        uint access = kind == SmbOpenKind.Directory ? ListAccess : CreateRequest.GenericRead;
        var responses = await _connection.SendCompoundAsync(
            [new CreateRequest(path, access, options),
             new QueryInfoRequest(FileInformation.InfoTypeFile, FileInformation.FileAllInformation, Smb2FileId.Related, QueryInfoOutput)],
            TreeId, cancellationToken).ConfigureAwait(false);
        using var create = responses[0];
        using var query = responses[1];
        if (create.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(create.Status, Where(path));
        var created = CreateResponse.Parse(create.Message);
        SmbFileInfo info = query.Status == NtStatus.STATUS_SUCCESS
            ? FileInformation.ParseAll(OutputBufferResponse.Parse(query.Message, "QUERY_INFO"), LastComponent(path))
            : created.ToFileInfo(LastComponent(path));
        return new SmbFile(this, path, created.FileId, info, _options);
    }

    public Task<SmbFileInfo> GetInfoAsync(string path, CancellationToken cancellationToken) =>
        WithReauthenticationAsync(() => GetInfoCoreAsync(path, cancellationToken), cancellationToken);

    private async Task<SmbFileInfo> GetInfoCoreAsync(string path, CancellationToken cancellationToken)
    {
        var responses = await _connection.SendCompoundAsync(
            [new CreateRequest(path, AttributesAccess, 0),
             new QueryInfoRequest(FileInformation.InfoTypeFile, FileInformation.FileAllInformation, Smb2FileId.Related, QueryInfoOutput),
             new CloseRequest(Smb2FileId.Related)],
            TreeId, cancellationToken).ConfigureAwait(false);
        try
        {
            if (responses[0].Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(responses[0].Status, Where(path));
            if (responses[1].Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(responses[1].Status, Where(path));
            return FileInformation.ParseAll(OutputBufferResponse.Parse(responses[1].Message, "QUERY_INFO"), LastComponent(path));
        }
        finally
        {
            foreach (var r in responses) r.Dispose();
        }
    }

    public Task<IReadOnlyList<SmbFileInfo>> ListAsync(string path, string pattern, CancellationToken cancellationToken) =>
        WithReauthenticationAsync(() => ListCoreAsync(path, pattern, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<SmbFileInfo>> ListCoreAsync(string path, string pattern, CancellationToken cancellationToken)
    {
        var entries = new List<SmbFileInfo>();
        int output = MaxTransact;
        // First page in the same round trip as the open (MS-SMB2 3.2.4.1.4 related compounding).
        var first = await _connection.SendCompoundAsync(
            [new CreateRequest(path, ListAccess, CreateRequest.OptionDirectoryFile),
             new QueryDirectoryRequest(Smb2FileId.Related, pattern, output, restart: true)],
            TreeId, cancellationToken).ConfigureAwait(false);
        Smb2FileId fileId;
        bool more;
        using (var create = first[0])
        using (var page = first[1])
        {
            if (create.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(create.Status, Where(path));
            fileId = CreateResponse.Parse(create.Message).FileId;
            more = TakePage(page, entries, path);
        }
        try
        {
            while (more)
            {
                using var page = await _connection.SendAsync(new QueryDirectoryRequest(fileId, pattern, output, restart: false), TreeId, cancellationToken).ConfigureAwait(false);
                more = TakePage(page, entries, path);
            }
        }
        finally
        {
            await CloseQuietlyAsync(fileId).ConfigureAwait(false);
        }
        return entries;
    }

    private bool TakePage(SmbResponse page, List<SmbFileInfo> into, string path)
    {
        // NO_SUCH_FILE: nothing matched the pattern (Samba); NO_MORE_FILES: the normal end of a listing.
        if (page.Status is NtStatus.STATUS_NO_MORE_FILES or NtStatus.STATUS_NO_SUCH_FILE) return false;
        if (page.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(page.Status, Where(path));
        var data = OutputBufferResponse.Parse(page.Message, "QUERY_DIRECTORY");
        if (data.IsEmpty) return false;
        FileInformation.ParseIdBothDirectory(data, into);
        return true;
    }

    public Task<SmbVolumeInfo> GetVolumeInfoAsync(CancellationToken cancellationToken) =>
        WithReauthenticationAsync(() => GetVolumeInfoCoreAsync(cancellationToken), cancellationToken);

    private async Task<SmbVolumeInfo> GetVolumeInfoCoreAsync(CancellationToken cancellationToken)
    {
        var responses = await _connection.SendCompoundAsync(
            [new CreateRequest("", AttributesAccess, CreateRequest.OptionDirectoryFile),
             new QueryInfoRequest(FileInformation.InfoTypeFileSystem, FileInformation.FileFsFullSizeInformation, Smb2FileId.Related, 64),
             new QueryInfoRequest(FileInformation.InfoTypeFileSystem, FileInformation.FileFsVolumeInformation, Smb2FileId.Related, 1024),
             new QueryInfoRequest(FileInformation.InfoTypeFileSystem, FileInformation.FileFsAttributeInformation, Smb2FileId.Related, 1024),
             new CloseRequest(Smb2FileId.Related)],
            TreeId, cancellationToken).ConfigureAwait(false);
        try
        {
            for (int i = 0; i < 4; i++)
                if (responses[i].Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(responses[i].Status, Where(""));
            var size = FileInformation.ParseFullSize(OutputBufferResponse.Parse(responses[1].Message, "QUERY_INFO"));
            var volume = FileInformation.ParseVolume(OutputBufferResponse.Parse(responses[2].Message, "QUERY_INFO"));
            var attributes = FileInformation.ParseAttribute(OutputBufferResponse.Parse(responses[3].Message, "QUERY_INFO"));
            long unit = (long)size.SectorsPerUnit * size.BytesPerSector;
            return new SmbVolumeInfo
            {
                Label = volume.Label.Length > 0 ? volume.Label : Share,
                SerialNumber = volume.Serial,
                TotalBytes = size.Total * unit,
                FreeBytes = size.ActualAvailable * unit,
                AvailableBytes = size.CallerAvailable * unit,
                BytesPerSector = size.BytesPerSector,
                SectorsPerAllocationUnit = size.SectorsPerUnit,
                FileSystemName = attributes.FileSystem,
                FileSystemAttributes = attributes.Attributes,
                MaxComponentLength = attributes.MaxComponent,
            };
        }
        finally
        {
            foreach (var r in responses) r.Dispose();
        }
    }

    public Task EchoAsync(CancellationToken cancellationToken) =>
        WithReauthenticationAsync(async () => { await EchoCoreAsync(cancellationToken).ConfigureAwait(false); return true; }, cancellationToken);

    private async Task EchoCoreAsync(CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(EmptyRequest.Echo, 0, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, Where(""));
    }

    /// <summary>Runs an operation; if the server says the session expired, authenticates again on the same
    /// session and runs it once more (MS-SMB2 3.2.5.1.6).</summary>
    internal async Task<T> WithReauthenticationAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        int generation = _session.Generation;
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (SmbStatusException e) when (e.Status == NtStatus.STATUS_NETWORK_SESSION_EXPIRED)
        {
            await _session.ReauthenticateAsync(generation, cancellationToken).ConfigureAwait(false);
            return await operation().ConfigureAwait(false);
        }
    }

    internal async Task CloseQuietlyAsync(Smb2FileId fileId)
    {
        ForgetOplock(fileId);
        if (_connection.IsBroken) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(CloseTimeoutSeconds));
            using var _ = await _connection.SendAsync(new CloseRequest(fileId), TreeId, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmbException or OperationCanceledException)
        {
            _log.Debug("Close on {Share} failed: {Reason}", Share, e.Message);
        }
    }

    private const int CloseTimeoutSeconds = 10;

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
                using var _ = await _connection.SendAsync(EmptyRequest.TreeDisconnect, TreeId, cts.Token).ConfigureAwait(false);
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
