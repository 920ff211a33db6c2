using System.Text;

namespace SmbDrive.TestSupport;

/// <summary>
/// Deterministic test files: every byte can be recomputed from the arguments (see <see cref="SplitMix64.Fill"/>,
/// <see cref="ManyFileContent"/>, <see cref="DeepFileContent"/>), so tests can compare what they read with what must be there.
/// </summary>
public static class TestData
{
    private const int ChunkSize = 1 << 20;

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode FileMode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Names with accents, CJK, emoji (surrogate pairs) and spaces, all in NFC.</summary>
    public static IReadOnlyList<string> UnicodeNames { get; } =
    [
        "café.txt",
        "naïve résumé.txt",
        "日本語のファイル.txt",
        "文件夹",
        "😀 smile.txt",
        "Ελληνικά.bin",
        "Кириллица и пробелы.txt",
        "한국어 파일.dat",
        "𝄞 music 🎵.txt",
    ];

    /// <summary>Shared across test processes and runs: /tmp/smbdrive-testdata (world-readable, so a share may point at it).</summary>
    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "smbdrive-testdata");

    /// <summary>Writes the first <paramref name="size"/> bytes of the SplitMix64 stream for <paramref name="seed"/>.</summary>
    public static void CreateRandomFile(string path, long size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        CreateParent(path);
        var chunkSize = (int)Math.Min(ChunkSize, Math.Max(size, 1));
        byte[][] buffers = [new byte[chunkSize], new byte[chunkSize]];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0, FileOptions.None);

        // Two buffers: the next chunk is generated on another core while this one is written.
        var next = Task.Run(() => FillChunk(buffers[0], seed, 0, size));
        for (long offset = 0, index = 0; offset < size; index++)
        {
            var length = next.GetAwaiter().GetResult();
            var current = buffers[index % 2];
            var following = offset + length;
            var spare = buffers[(index + 1) % 2];
            next = following < size
                ? Task.Run(() => FillChunk(spare, seed, following, size))
                : Task.FromResult(0);
            stream.Write(current, 0, length);
            offset = following;
        }
    }

    /// <summary>Bytes [offset, offset + length) of <see cref="CreateRandomFile"/>'s content for <paramref name="seed"/>.</summary>
    public static byte[] RandomContent(int seed, long offset, int length)
    {
        var bytes = new byte[length];
        SplitMix64.Fill(bytes, seed, offset);
        return bytes;
    }

    /// <summary>A file of <paramref name="size"/> bytes that is a hole except for <paramref name="regions"/> (e.g. 5 GiB with data above 4 GiB).</summary>
    public static void CreateSparseFile(string path, long size, IEnumerable<(long Offset, byte[] Data)> regions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var list = regions.ToList();
        foreach (var (offset, data) in list)
        {
            // In long arithmetic, so a region near long.MaxValue cannot wrap past the check.
            if (offset < 0 || data.LongLength > size - offset)
            {
                throw new ArgumentOutOfRangeException(nameof(regions), $"Region at {offset} of {data.LongLength} bytes does not fit in {size} bytes.");
            }
        }

        CreateParent(path);
        using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        RandomAccess.SetLength(handle, size);
        foreach (var (offset, data) in list)
        {
            RandomAccess.Write(handle, data, offset);
        }
    }

    /// <summary>Creates <paramref name="count"/> small files named <see cref="ManyFileName"/> with distinct <see cref="ManyFileContent"/>; returns the names in order.</summary>
    public static IReadOnlyList<string> CreateManyFiles(string dir, int count, string prefix)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Directory.CreateDirectory(dir);
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = ManyFileName(prefix, i);
            File.WriteAllBytes(Path.Combine(dir, names[i]), ManyFileContent(prefix, i));
        }

        return names;
    }

    public static string ManyFileName(string prefix, int index) => $"{prefix}{index:D6}.txt";

    public static byte[] ManyFileContent(string prefix, int index) => Encoding.UTF8.GetBytes($"{prefix} file number {index}\n");

    /// <summary>
    /// Creates <paramref name="depth"/> nested folders with a file at the bottom; returns its path relative to
    /// <paramref name="root"/>, with '/' separators. Its content is <see cref="DeepFileContent"/>.
    /// </summary>
    public static string CreateDeepPath(string root, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        var parts = Enumerable.Range(1, depth).Select(level => $"level-{level:D3}").Append("bottom.txt").ToArray();
        var relative = string.Join('/', parts);
        var full = Path.Combine([root, .. parts]);
        CreateParent(full);
        File.WriteAllBytes(full, DeepFileContent(depth));
        return relative;
    }

    public static byte[] DeepFileContent(int depth) => Encoding.UTF8.GetBytes($"bottom of a {depth}-level tree\n");

    /// <summary>Creates one file per <see cref="UnicodeNames"/> entry, each holding its own name in UTF-8.</summary>
    public static IReadOnlyList<string> CreateUnicodeFiles(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var name in UnicodeNames)
        {
            File.WriteAllBytes(Path.Combine(dir, name), Encoding.UTF8.GetBytes(name));
        }

        return UnicodeNames;
    }

    /// <summary>
    /// Path of a <see cref="CreateRandomFile"/> file in <see cref="CacheDirectory"/>, written once and reused by later
    /// fixtures and runs, so several fixtures can share one 1 GiB file.
    /// </summary>
    public static string CachedRandomFile(long size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Directory.CreateDirectory(CacheDirectory);
        SetMode(CacheDirectory, FolderMode);
        var path = Path.Combine(CacheDirectory, $"rand-{size}-{seed}.bin");

        // Test assemblies run in parallel processes: an flock'd lock file makes one of them write, the others wait.
        using var gate = AcquireLock(path + ".lock", TimeSpan.FromMinutes(10));
        if (IsIntact(path, size, seed))
        {
            return path;
        }

        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        CreateRandomFile(temporary, size, seed);
        SetMode(temporary, FileMode644);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    private static int FillChunk(byte[] buffer, int seed, long offset, long size)
    {
        var length = (int)Math.Min(buffer.Length, size - offset);
        SplitMix64.Fill(buffer.AsSpan(0, length), seed, offset);
        return length;
    }

    private static bool IsIntact(string path, long size, int seed)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != size)
        {
            return false;
        }

        // Spot checks at both ends catch a file from an older generator or a damaged copy without reading 1 GiB.
        const int Probe = 4096;
        using var handle = File.OpenHandle(path);
        foreach (var offset in new[] { 0L, Math.Max(0, size - Probe) })
        {
            var length = (int)Math.Min(Probe, size - offset);
            var onDisk = new byte[length];
            if (RandomAccess.Read(handle, onDisk, offset) != length || !onDisk.AsSpan().SequenceEqual(RandomContent(seed, offset, length)))
            {
                return false;
            }
        }

        return true;
    }

    private static FileStream AcquireLock(string lockPath, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (clock.Elapsed < limit)
            {
                Thread.Sleep(100);
            }
        }
    }

    private static void CreateParent(string path)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(parent))
        {
            Directory.CreateDirectory(parent);
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
