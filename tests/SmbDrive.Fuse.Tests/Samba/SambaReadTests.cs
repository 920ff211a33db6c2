using System.Globalization;
using SmbDrive.Fuse.Tests.EndToEnd;
using SmbDrive.TestSupport;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>Reads at offsets through the mounted Samba share with dd, a Python script and fio, including above
/// 4 GiB in a 5 GiB sparse file, compared with the file on the server's disk.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaReadTests
{
    private const long FourGiB = 4L << 30;

    /// <summary>Random offsets and lengths; half of the offsets land near the data regions and the 4 GiB line,
    /// the rest anywhere, past the end included. Prints "ok N" or the first mismatch and exits 1.</summary>
    private const string PreadScript = """
        import os, random, sys
        mounted, disk, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        hot = [int(x) for x in sys.argv[5:]]
        size = os.path.getsize(disk)
        if os.path.getsize(mounted) != size:
            print(f"size {os.path.getsize(mounted)} != {size}"); sys.exit(1)
        rng = random.Random(seed)
        fm, fd = os.open(mounted, os.O_RDONLY), os.open(disk, os.O_RDONLY)
        lengths = [1, 7, 512, 4095, 4096, 4097, 65536, 131073, 1 << 20]
        for i in range(count):
            if hot and i % 2 == 0:
                offset = max(0, rng.choice(hot) + rng.randrange(-70000, 70000))
            else:
                offset = rng.randrange(size + 8192)
            length = rng.choice(lengths)
            a, b = os.pread(fm, length, offset), os.pread(fd, length, offset)
            if a != b:
                same = next((j for j in range(min(len(a), len(b))) if a[j] != b[j]), min(len(a), len(b)))
                print(f"mismatch reading {length} at {offset}: {len(a)} bytes vs {len(b)} on disk, first difference at {offset + same}")
                sys.exit(1)
        print(f"ok {count}")
        """;

    private static SambaMount Mount => SambaFuseFixture.Mount;

    // bs, skip, count (in blocks), iflag
    [TestCase(512, 0L, 3, "")]
    [TestCase(1 << 20, 4096L, 2, "")] // exactly at 4 GiB, the region at 4 GiB + 12345 inside
    [TestCase(4096, (FourGiB / 4096) - 1, 2, "")] // across the 4 GiB line
    [TestCase(1, FourGiB + 12345, 1, "skip_bytes")] // the first data byte above 4 GiB
    [TestCase(65536, FourGiB + 12345 - 100, 3, "skip_bytes")]
    [TestCase(1 << 20, 5119L, 4, "")] // the last MiB: dd gets a short read at the end of file
    [TestCase(1 << 20, 5120L, 1, "")] // at the end of file: nothing
    [TestCase(4096, (FourGiB / 4096) + 300, 4, "direct")] // O_DIRECT: straight through FUSE to SMB
    public void Dd_SparseFileAtOffset_ReturnsTheDiskBytes(int blockSize, long skip, int count, string inputFlags)
    {
        long start = inputFlags.Contains("skip_bytes") ? skip : skip * blockSize;
        string[] arguments = [$"bs={blockSize}", $"skip={skip}", $"count={count}", "status=none",
            .. inputFlags.Length > 0 ? [$"iflag={inputFlags}"] : Array.Empty<string>()];

        var result = Shell.Run("dd", [$"if={Mount.PathOf(SambaTree.Sparse)}", .. arguments]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        long expectedLength = Math.Clamp(SambaTree.SparseSize - start, 0, (long)blockSize * count);
        Assert.That(result.Output.LongLength, Is.EqualTo(expectedLength));
        if (expectedLength > 0)
            FileComparer.AssertRangeEquals(SambaFuseFixture.DiskPath(SambaTree.Sparse), start, result.Output);
    }

    [Test]
    public void Dd_AboveFourGiB_SeesTheDataRegionNotZeros()
    {
        var (offset, data) = SambaTree.SparseRegions.First(r => r.Offset > FourGiB);

        var result = Shell.Run("dd", $"if={Mount.PathOf(SambaTree.Sparse)}", "bs=4096", $"skip={offset}", "count=16", "iflag=skip_bytes,count_bytes",
            "status=none");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Is.EqualTo(data[..16]), "a 32-bit offset would have read the zeros near the start");
    }

    [TestCase(SambaTree.Sparse, 1200)]
    [TestCase(SambaTree.Pattern, 600)]
    [TestCase("tree/three-mb.bin", 400)]
    public void PythonPread_RandomOffsets_MatchTheDiskFile(string relative, int reads)
    {
        var hot = relative == SambaTree.Sparse
            ? SambaTree.SparseRegions.Select(r => r.Offset).Append(FourGiB).Append(SambaTree.SparseSize)
            : [0L, new FileInfo(SambaFuseFixture.DiskPath(relative)).Length];

        var result = Shell.Run("/usr/bin/python3", ["-c", PreadScript, Mount.PathOf(relative), SambaFuseFixture.DiskPath(relative), "20250102",
            reads.ToString(CultureInfo.InvariantCulture), .. hot.Select(h => h.ToString(CultureInfo.InvariantCulture))]);

        Assert.That(result.ExitCode, Is.Zero, result.Text + result.Errors);
        Assert.That(result.Text.Trim(), Is.EqualTo($"ok {reads}"));
    }

    [TestCase("--rw=read", "--bs=1M")]
    [TestCase("--rw=randread", "--bs=4k", "--number_ios=3000")]
    [TestCase("--rw=randread", "--bs=64k", "--number_ios=1500", "--ioengine=libaio", "--iodepth=16", "--direct=1")]
    public void Fio_VerifyPatternFile_EveryBlockChecksOut(params string[] workload)
    {
        // --verify_fatal makes a bad block fail the run (without it fio only prints the mismatch); the default
        // --invalidate=1 drops the file's page cache first, so the bytes come through the mount.
        var result = Shell.Run("fio", ["--name=verify", $"--filename={Mount.PathOf(SambaTree.Pattern)}", "--readonly", $"--size={SambaTree.PatternSize}",
            .. workload, .. SambaTree.PatternVerifyArguments, "--do_verify=1", "--verify_fatal=1", "--randseed=7"]);

        Assert.That(result.ExitCode, Is.Zero, result.Text + result.Errors);
        Assert.That(result.Text, Does.Contain("err= 0").And.Not.Contain("verify failed"));
    }
}
