using System.Text;
using SmbDrive.Fuse.Tests.EndToEnd;
using SmbDrive.TestSupport;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>The folder the Samba share serves: a mixed tree for the copy, archive and search tools, names
/// with accents, CJK and emoji, a 10,000-entry folder, a path 8 folders deep, a 5 GiB sparse file with data
/// above 4 GiB, and a file of fio verification blocks. Every file has a twin on disk to compare with.</summary>
internal static class SambaTree
{
    public const string Tree = "tree";
    public const string Unicode = "unicode";
    public const string Many = "many";
    public const string Deep = "deep";
    public const string Sparse = "sparse.bin";
    public const string Pattern = "pattern.bin";
    public const int ManyCount = 10_000;
    public const int DeepLevels = 8;
    public const long SparseSize = 5L << 30;
    public const long PatternSize = 256L << 20;

    /// <summary>fio's verification settings for <see cref="Pattern"/>: a crc32c header in every 4 KiB, so that
    /// reads of any 4 KiB-aligned size can be verified.</summary>
    public static readonly string[] PatternVerifyArguments = ["--verify=crc32c", "--verify_interval=4096"];

    /// <summary>Data regions of the sparse file: the first bytes, one across the 4 GiB boundary, one above it
    /// at an odd offset, and the last bytes; everything else reads as zeros.</summary>
    public static IReadOnlyList<(long Offset, byte[] Data)> SparseRegions { get; } =
    [
        (0, RegionBytes(4096, 1)),
        ((4L << 30) - 3000, RegionBytes(6000, 2)),
        ((4L << 30) + 12345, RegionBytes(1 << 20, 3)),
        (SparseSize - 4096, RegionBytes(4096, 4)),
    ];

    public static void Create(string root)
    {
        CreateMixedTree(Path.Combine(root, Tree));
        TestData.CreateUnicodeFiles(Path.Combine(root, Unicode));
        TestData.CreateManyFiles(Path.Combine(root, Many), ManyCount, "f");
        TestData.CreateDeepPath(Path.Combine(root, Deep), DeepLevels);
        TestData.CreateSparseFile(Path.Combine(root, Sparse), SparseSize, SparseRegions);
        CreatePatternFile(Path.Combine(root, Pattern));
    }

    /// <summary>Relative path of the file at the bottom of <see cref="Deep"/>.</summary>
    public static string DeepFile => Deep + "/" + string.Join('/', Enumerable.Range(1, DeepLevels).Select(l => $"level-{l:D3}")) + "/bottom.txt";

    private static void CreateMixedTree(string dir)
    {
        var random = new Random(20250101);
        void Write(string relative, byte[] data, DateTime? modified = null)
        {
            string path = Path.Combine(dir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, data);
            if (modified is { } when)
                File.SetLastWriteTimeUtc(path, when);
        }
        byte[] Random(int length)
        {
            var data = new byte[length];
            random.NextBytes(data);
            return data;
        }

        Write("empty.txt", []);
        Write("one.bin", [0x5a]);
        Write("readme.txt", "a needle in the first file\nno match here\nneedle again\n"u8.ToArray(), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        Write("page-1.bin", Random(4095));
        Write("page.bin", Random(4096));
        Write("page+1.bin", Random(4097));
        Write("mib+1.bin", Random((1 << 20) + 1));
        Write("three-mb.bin", Random(3_000_001), new DateTime(2019, 12, 31, 23, 59, 59, DateTimeKind.Utc));
        Write(".hidden", "dot files are listed too, with a needle\n"u8.ToArray());
        Write("with spaces/a b c.txt", "spaces in the name\n"u8.ToArray());
        Write("a/b/c/nested.txt", "needle at depth three\n"u8.ToArray(), new DateTime(2010, 6, 15, 12, 0, 0, DateTimeKind.Utc));
        Write("a/b/blob.bin", Random(300_000));
        Write("a/lines.txt", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(1, 5000).Select(i => i % 97 == 0 ? $"line {i} needle\n" : $"line {i}\n"))));
        Write("café/ünïcødé 日本語.txt", Encoding.UTF8.GetBytes("needle in a unicode folder ✓\n"));
        Directory.CreateDirectory(Path.Combine(dir, "empty-folder"));
        // Folder times last: creating the files above changed them.
        Directory.SetLastWriteTimeUtc(Path.Combine(dir, "a", "b"), new DateTime(2015, 3, 4, 5, 6, 7, DateTimeKind.Utc));
    }

    /// <summary>fio writes the file itself, so the blocks carry exactly the headers its readers verify.</summary>
    private static void CreatePatternFile(string path)
    {
        var result = Shell.Run("fio", ["--name=pattern", $"--filename={path}", "--rw=write", "--bs=1M", $"--size={PatternSize}",
            .. PatternVerifyArguments, "--do_verify=0", "--output-format=terse"]);
        if (result.ExitCode != 0 || new FileInfo(path).Length != PatternSize)
            throw new InvalidOperationException($"fio could not write {path}: {result}");
    }

    private static byte[] RegionBytes(int length, int seed) => TestData.RandomContent(seed, 0, length);
}
