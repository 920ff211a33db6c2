using SmbDrive.Smb;

namespace SmbDrive.Vfs.Tests.Fakes;

/// <summary>One connection to the <see cref="FakeSmbServer"/>. Once broken, every request fails with
/// <see cref="SmbConnectionException"/>, like a real connection after a reset.</summary>
public sealed class FakeSmbShare : ISmbShare
{
    private readonly FakeSmbServer _server;
    private volatile bool _broken;
    private volatile bool _failing;

    internal FakeSmbShare(FakeSmbServer server)
    {
        _server = server;
    }

    public string Host => _server.Host;
    public string Share => _server.ShareName;
    public bool IsBroken => _broken;
    public int MaxReadSize => _server.MaxReadSize;
    internal FakeSmbServer Server => _server;

    internal void Break(bool silently)
    {
        _failing = true;
        if (!silently) _broken = true;
    }

    public async Task<ISmbFile> OpenAsync(string path, SmbOpenKind kind, CancellationToken cancellationToken)
    {
        await BeginAsync(new FakeOperation(FakeOperationKind.Open, path), cancellationToken);
        FakeEntry entry;
        try
        {
            entry = _server.Lookup(path);
            if (kind == SmbOpenKind.File && entry.IsDirectory)
                throw new SmbStatusException(NtStatus.STATUS_FILE_IS_A_DIRECTORY, path);
            if (kind == SmbOpenKind.Directory && !entry.IsDirectory)
                throw new SmbStatusException(NtStatus.STATUS_NOT_A_DIRECTORY, path);
        }
        catch (SmbStatusException)
        {
            Interlocked.Increment(ref _server.FailedOpens);
            throw;
        }
        return new FakeSmbFile(this, path, entry);
    }

    public async Task<SmbFileInfo> GetInfoAsync(string path, CancellationToken cancellationToken)
    {
        await BeginAsync(new FakeOperation(FakeOperationKind.GetInfo, path), cancellationToken);
        return _server.InfoOf(_server.Lookup(path));
    }

    public async Task<IReadOnlyList<SmbFileInfo>> ListAsync(string path, string pattern, CancellationToken cancellationToken)
    {
        await BeginAsync(new FakeOperation(FakeOperationKind.List, path), cancellationToken);
        if (pattern != "*") throw new NotSupportedException("the fake lists with '*' only");
        var entry = _server.Lookup(path);
        if (!entry.IsDirectory) throw new SmbStatusException(NtStatus.STATUS_NOT_A_DIRECTORY, path);
        return _server.ListChildren(entry);
    }

    public async Task<SmbVolumeInfo> GetVolumeInfoAsync(CancellationToken cancellationToken)
    {
        await BeginAsync(new FakeOperation(FakeOperationKind.Volume, ""), cancellationToken);
        return new SmbVolumeInfo
        {
            Label = "fakevolume",
            SerialNumber = 0x1234ABCD,
            TotalBytes = 1L << 40,
            FreeBytes = 1L << 39,
            AvailableBytes = 1L << 38,
            FileSystemName = "NTFS",
            FileSystemAttributes = 0x3,
            BytesPerSector = 512,
            SectorsPerAllocationUnit = 8,
        };
    }

    public Task EchoAsync(CancellationToken cancellationToken) =>
        BeginAsync(new FakeOperation(FakeOperationKind.Echo, ""), cancellationToken).AsTask();

    public ValueTask DisposeAsync()
    {
        _failing = true;
        _broken = true;
        return ValueTask.CompletedTask;
    }

    internal async ValueTask BeginAsync(FakeOperation operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfBroken();
        _server.Record(operation.Kind);
        await _server.InterceptAsync(operation, cancellationToken);
        // The interceptor may have dropped the connection under this very request.
        ThrowIfBroken();
    }

    private void ThrowIfBroken()
    {
        if (_failing)
        {
            _broken = true;
            throw new SmbConnectionException($@"\\{Host}\{Share}: connection reset");
        }
    }
}
