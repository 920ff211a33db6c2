namespace SmbDrive.Vfs.Tests.Fakes;

/// <summary>A file or directory of the in-memory share. A file's content is swapped as a whole, so every
/// single read sees one version, like a server reading one state of a file.</summary>
public sealed class FakeEntry
{
    private byte[] _content;

    internal FakeEntry(string name, bool isDirectory, byte[] content, DateTime lastWriteUtc, ulong fileId)
    {
        Name = name;
        IsDirectory = isDirectory;
        _content = content;
        LastWriteUtc = lastWriteUtc;
        FileId = fileId;
    }

    public string Name { get; internal set; }
    public bool IsDirectory { get; }
    public ulong FileId { get; }
    public DateTime LastWriteUtc { get; internal set; }

    /// <summary>Children by name, ignoring case as Samba does by default; insertion order kept for listings.</summary>
    internal Dictionary<string, FakeEntry> Children { get; } = new(StringComparer.OrdinalIgnoreCase);
    internal List<FakeEntry> ChildOrder { get; } = [];

    public byte[] Content => Volatile.Read(ref _content);

    internal void SetContent(byte[] content, DateTime lastWriteUtc)
    {
        // Time first under the server's lock; readers take the info and content under the same lock.
        LastWriteUtc = lastWriteUtc;
        Volatile.Write(ref _content, content);
    }
}
