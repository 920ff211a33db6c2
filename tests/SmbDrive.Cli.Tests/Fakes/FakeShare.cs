using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Fakes;

/// <summary>A share held in memory: folders and files by share path ('\' separators, "" = root). Missing paths
/// fail the way the real client does, with an SmbStatusException naming the UNC path.</summary>
internal sealed class FakeShare : ISmbShare
{
    public static readonly DateTime Time = new(2026, 11, 23, 20, 15, 3, DateTimeKind.Utc);

    private readonly Dictionary<string, (SmbFileInfo Info, byte[]? Data)> _entries = new(StringComparer.OrdinalIgnoreCase);

    public FakeShare(string host = "server", string share = "share")
    {
        Host = host;
        Share = share;
        _entries[""] = (Info("", isDirectory: true, 0), null);
    }

    public string Host { get; }
    public string Share { get; }
    public bool IsBroken => false;
    public int MaxReadSize => 8 * 1024 * 1024;
    public bool Disposed { get; private set; }
    public List<FakeFile> OpenedFiles { get; } = [];
    public Action<FakeFile>? ConfigureFile { get; set; }

    public FakeShare AddFolder(string path, DateTime? time = null)
    {
        _entries[path] = (Info(Leaf(path), isDirectory: true, 0, time), null);
        return this;
    }

    public FakeShare AddFile(string path, byte[] data, DateTime? time = null)
    {
        _entries[path] = (Info(Leaf(path), isDirectory: false, data.Length, time), data);
        return this;
    }

    public Task<ISmbFile> OpenAsync(string path, SmbOpenKind kind, CancellationToken cancellationToken)
    {
        var entry = Find(path);
        if (kind == SmbOpenKind.File && entry.Info.IsDirectory) throw Status(NtStatus.STATUS_FILE_IS_A_DIRECTORY, path);
        var file = new FakeFile(path, entry.Info, entry.Data ?? []);
        ConfigureFile?.Invoke(file);
        OpenedFiles.Add(file);
        return Task.FromResult<ISmbFile>(file);
    }

    public Task<SmbFileInfo> GetInfoAsync(string path, CancellationToken cancellationToken) => Task.FromResult(Find(path).Info);

    public Task<IReadOnlyList<SmbFileInfo>> ListAsync(string path, string pattern, CancellationToken cancellationToken)
    {
        var folder = Find(path);
        if (!folder.Info.IsDirectory) throw Status(NtStatus.STATUS_NOT_A_DIRECTORY, path);
        string prefix = path.Length == 0 ? "" : path + "\\";
        IReadOnlyList<SmbFileInfo> children = _entries
            .Where(e => e.Key.Length > prefix.Length && e.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                        && !e.Key[prefix.Length..].Contains('\\'))
            .Select(e => e.Value.Info)
            .ToList();
        return Task.FromResult(children);
    }

    public Task<SmbVolumeInfo> GetVolumeInfoAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new SmbVolumeInfo { Label = Share, TotalBytes = 1 << 30, FreeBytes = 1 << 29, AvailableBytes = 1 << 29 });

    public Task EchoAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private (SmbFileInfo Info, byte[]? Data) Find(string path) =>
        _entries.TryGetValue(path, out var entry) ? entry : throw Status(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, path);

    private SmbStatusException Status(NtStatus status, string path) =>
        new(status, new SmbAddress(Host, SmbAddress.DefaultPort, Share, path).Unc);

    private static string Leaf(string path) => path[(path.LastIndexOf('\\') + 1)..];

    private static SmbFileInfo Info(string name, bool isDirectory, long size, DateTime? time = null) => new()
    {
        Name = name,
        Attributes = isDirectory ? FileAttributes.Directory : FileAttributes.Archive,
        Size = size,
        CreationTimeUtc = time ?? Time,
        LastAccessTimeUtc = time ?? Time,
        LastWriteTimeUtc = time ?? Time,
        ChangeTimeUtc = time ?? Time,
    };
}
