namespace SmbDrive.Dokan.Tests.Fakes;

/// <summary>A temporary folder with the shapes Explorer meets on a share: small, empty, odd-sized and
/// multi-megabyte files, nested folders, spaces and non-ASCII names. Content is seeded, so every run is the same.</summary>
public sealed class LocalTree : IDisposable
{
    public const string BigFile = "big.bin";
    public const string SmallFile = "readme.txt";
    public const string EmptyFile = "empty.dat";
    public const string Folder = "Folder";
    public const string NestedFile = "Folder\\inner.txt";
    public const string UnicodeFile = "Ünïcödé ファイル.txt";

    public LocalTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "smbdrive-dokan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        var random = new Random(4711);
        Write(BigFile, Bytes(random, 3 * 1024 * 1024 + 12345));
        Write(SmallFile, "Hello from the share.\r\n"u8.ToArray());
        Write(EmptyFile, []);
        Write(UnicodeFile, Bytes(random, 4097));
        Write("odd size.bin", Bytes(random, 65537));
        Directory.CreateDirectory(Path.Combine(Root, Folder, "Sub"));
        Write(NestedFile, Bytes(random, 777));
        Write("Folder\\Sub\\deep.txt", Bytes(random, 10));
    }

    public string Root { get; }

    public string FullPath(string relative) => Path.Combine(Root, relative.Replace('\\', Path.DirectorySeparatorChar));

    public byte[] Content(string relative) => File.ReadAllBytes(FullPath(relative));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }

    private void Write(string relative, byte[] content)
    {
        string path = FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
