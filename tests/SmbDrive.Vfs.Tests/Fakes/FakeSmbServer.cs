using System.Collections.Concurrent;
using SmbDrive.Smb;

namespace SmbDrive.Vfs.Tests.Fakes;

/// <summary>An in-memory SMB server for drive tests: a tree of files, a connection factory, counters of
/// every request, and switches to drop connections, refuse new ones, and intercept any request.</summary>
public sealed class FakeSmbServer
{
    private readonly object _lock = new();
    private readonly FakeEntry _root;
    private readonly List<FakeSmbShare> _shares = [];
    private readonly ConcurrentDictionary<FakeOperationKind, int> _counts = new();
    private long _nextFileId = 100;
    private long _bytesRead;

    public FakeSmbServer()
    {
        _root = new FakeEntry("", true, [], BaseTime, 1);
    }

    public static DateTime BaseTime { get; } = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    public string Host => "fakehost";
    public string ShareName => "share";
    public int MaxReadSize { get; set; } = 1024 * 1024;

    /// <summary>While true, new connections are refused.</summary>
    public volatile bool IsDown;

    /// <summary>Called before every request (after the broken-connection check); may delay or throw.</summary>
    public Func<FakeOperation, CancellationToken, ValueTask>? Interceptor { get; set; }

    /// <summary>Every read as (offset, length, remaining hint), in arrival order.</summary>
    public ConcurrentQueue<FakeOperation> Reads { get; } = new();

    public int Count(FakeOperationKind kind) => _counts.TryGetValue(kind, out int n) ? n : 0;

    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Server opens not yet closed.</summary>
    public int OpenFiles => Count(FakeOperationKind.Open) - Count(FakeOperationKind.Close) - FailedOpens;

    internal int FailedOpens;

    public Task<ISmbShare> ConnectAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Record(FakeOperationKind.Connect);
        if (IsDown) throw new SmbConnectionException($"{Host}: connection refused");
        var share = new FakeSmbShare(this);
        lock (_lock) _shares.Add(share);
        return Task.FromResult<ISmbShare>(share);
    }

    /// <summary>Breaks every live connection, as a server restart or a network failure would. A silent drop
    /// leaves IsBroken false until a request fails, like a peer that vanished without a reset.</summary>
    public void DropConnections(bool silently = false)
    {
        lock (_lock)
        {
            foreach (var share in _shares) share.Break(silently);
            _shares.Clear();
        }
    }

    public FakeEntry AddDirectory(string path) => Add(path, isDirectory: true, [], BaseTime);

    public FakeEntry AddFile(string path, byte[] content, DateTime? lastWriteUtc = null) =>
        Add(path, isDirectory: false, content, lastWriteUtc ?? BaseTime);

    /// <summary>Rewrites a file in place: same file id, new content and time (an editor saving over it).</summary>
    public void ChangeFile(string path, byte[] content, DateTime lastWriteUtc)
    {
        lock (_lock)
        {
            var entry = Find(path) ?? throw new ArgumentException($"no {path}");
            entry.SetContent(content, lastWriteUtc);
        }
    }

    /// <summary>Replaces a file by a new one under the same name (new file id); open handles keep the old one.</summary>
    public FakeEntry ReplaceFile(string path, byte[] content, DateTime lastWriteUtc)
    {
        lock (_lock)
        {
            var (parent, name) = SplitParent(path);
            var old = parent.Children[name];
            parent.Children.Remove(name);
            parent.ChildOrder.Remove(old);
        }
        return Add(path, isDirectory: false, content, lastWriteUtc);
    }

    /// <summary>Removes a name; open files keep reading what they opened.</summary>
    public void Delete(string path)
    {
        lock (_lock)
        {
            var (parent, name) = SplitParent(path);
            var old = parent.Children[name];
            parent.Children.Remove(name);
            parent.ChildOrder.Remove(old);
        }
    }

    internal void Record(FakeOperationKind kind) => _counts.AddOrUpdate(kind, 1, (_, n) => n + 1);

    internal void RecordRead(FakeOperation read, int bytes)
    {
        Reads.Enqueue(read);
        Interlocked.Add(ref _bytesRead, bytes);
    }

    internal ValueTask InterceptAsync(FakeOperation operation, CancellationToken cancellationToken) =>
        Interceptor?.Invoke(operation, cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>Looks a path up, ignoring case; throws the status Samba would answer with.</summary>
    internal FakeEntry Lookup(string path)
    {
        lock (_lock)
        {
            var entry = _root;
            string[] parts = Split(path);
            for (int i = 0; i < parts.Length; i++)
            {
                if (!entry.IsDirectory || !entry.Children.TryGetValue(parts[i], out var child))
                {
                    var status = i == parts.Length - 1 && entry.IsDirectory
                        ? NtStatus.STATUS_OBJECT_NAME_NOT_FOUND
                        : NtStatus.STATUS_OBJECT_PATH_NOT_FOUND;
                    throw new SmbStatusException(status, $@"\\{Host}\{ShareName}\{path}");
                }
                entry = child;
            }
            return entry;
        }
    }

    internal SmbFileInfo InfoOf(FakeEntry entry)
    {
        lock (_lock)
        {
            return new SmbFileInfo
            {
                Name = entry.Name,
                Attributes = entry.IsDirectory ? FileAttributes.Directory : FileAttributes.Archive,
                Size = entry.IsDirectory ? 0 : entry.Content.Length,
                AllocationSize = entry.IsDirectory ? 0 : (entry.Content.Length + 4095) / 4096 * 4096,
                CreationTimeUtc = BaseTime,
                LastAccessTimeUtc = entry.LastWriteUtc,
                LastWriteTimeUtc = entry.LastWriteUtc,
                ChangeTimeUtc = entry.LastWriteUtc,
                FileId = entry.FileId,
            };
        }
    }

    internal IReadOnlyList<SmbFileInfo> ListChildren(FakeEntry directory)
    {
        lock (_lock) return directory.ChildOrder.Select(InfoOf).ToArray();
    }

    private FakeEntry Add(string path, bool isDirectory, byte[] content, DateTime lastWriteUtc)
    {
        lock (_lock)
        {
            var (parent, name) = SplitParent(path);
            var entry = new FakeEntry(name, isDirectory, content, lastWriteUtc, (ulong)Interlocked.Increment(ref _nextFileId));
            parent.Children.Add(name, entry);
            parent.ChildOrder.Add(entry);
            return entry;
        }
    }

    private FakeEntry? Find(string path)
    {
        try
        {
            return Lookup(path);
        }
        catch (SmbStatusException)
        {
            return null;
        }
    }

    private (FakeEntry Parent, string Name) SplitParent(string path)
    {
        string[] parts = Split(path);
        var parent = _root;
        foreach (string part in parts[..^1])
        {
            if (!parent.Children.TryGetValue(part, out var next))
            {
                next = new FakeEntry(part, true, [], BaseTime, (ulong)Interlocked.Increment(ref _nextFileId));
                parent.Children.Add(part, next);
                parent.ChildOrder.Add(next);
            }
            parent = next;
        }
        return (parent, parts[^1]);
    }

    private static string[] Split(string path) => path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries);
}
