using System.Text;

namespace SmbDrive.Fuse.Tests.EndToEnd;

/// <summary>The backing folder the end-to-end tests mount: sizes around page and request boundaries, nested
/// directories, a directory too large for one readdir page, and names with non-ASCII characters and emoji
/// (surrogate pairs in UTF-16).</summary>
internal static class TestTree
{
    public const string UnicodeName = "Ünïcødé 日本語.txt";
    public const string EmojiName = "emoji 😀👍🏽.txt";
    public const int ManyCount = 300;

    public static string Create()
    {
        string root = Directory.CreateTempSubdirectory("fuse-backing-").FullName;
        var random = new Random(20240601);
        void Bytes(string relative, int length)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Write(root, relative, data);
        }

        Write(root, "empty.txt", []);
        Write(root, "small.txt", "hello needle world\n"u8.ToArray());
        Bytes("page.bin", 4096);
        Bytes("odd.bin", 4097);
        Bytes("big.bin", 5 * 1024 * 1024 + 123);
        Write(root, "dir/a b c.txt", "spaces in the name\n"u8.ToArray());
        Write(root, "dir/nested/deep.txt", "another needle here\n"u8.ToArray());
        Bytes("dir/nested/blob.bin", 300_000);
        Write(root, UnicodeName, Encoding.UTF8.GetBytes("unicode content ✓\n"));
        Write(root, EmojiName, Encoding.UTF8.GetBytes("emoji content 😀\n"));
        Write(root, "faulty.txt", "the drive throws for this one\n"u8.ToArray());
        for (int i = 0; i < ManyCount; i++)
            Write(root, $"many/entry-{i:D3}-with-a-longer-name.txt", Encoding.ASCII.GetBytes(new string('m', i)));
        return root;
    }

    /// <summary>Every file and directory below <paramref name="root"/>, relative with '/' separators.</summary>
    public static SortedSet<string> RelativePaths(string root) =>
        new(Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')), StringComparer.Ordinal);

    private static void Write(string root, string relative, byte[] data)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, data);
    }
}
