using System.Diagnostics;
using SmbDrive.Smb.Smb1;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>Reads over SMB1 compared byte for byte with the files on the server's disk: the SMB 2/3 read cases.</summary>
[Category("Integration")]
public class Smb1ReadTests
{
    private static string DataFile(string name) => Path.Combine(Smb1Fixture.DataDir, name);

    [Test, CancelAfter(120_000)]
    public async Task ReadWhole_OneGiB_BytesEqualDiskWithReadsInFlight()
    {
        await using var share = await Smb1Fixture.ConnectAsync("big");
        await using var file = await share.OpenAsync(Smb1Fixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        Assert.That(file.Info.Size, Is.EqualTo(Smb1Fixture.BigFileSize));
        var buffer = new byte[32 << 20];
        long offset = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int n = await file.ReadAsync(offset, buffer, file.Info.Size - offset, CancellationToken.None);
            if (n == 0) break;
            FileComparer.AssertRangeEquals(Smb1Fixture.BigFilePath, offset, buffer.AsSpan(0, n));
            offset += n;
        }
        TestContext.Out.WriteLine($"1 GiB over SMB1 with comparison: {clock.Elapsed.TotalSeconds:F1} s, chunk {share.ReadChunkSize}, at most {share.Connection.Counters.MaxReadsInFlight} reads in flight");
        Assert.That(offset, Is.EqualTo(Smb1Fixture.BigFileSize));
        Assert.That(share.Connection.Counters.BytesRead, Is.EqualTo(Smb1Fixture.BigFileSize));
        int floorReads = share.Connection.ReadWindow.FloorBytes / share.ReadChunkSize;
        Assert.That(floorReads, Is.GreaterThanOrEqualTo(2));
        Assert.That(share.Connection.Counters.MaxReadsInFlight, Is.GreaterThanOrEqualTo(floorReads), "a 32 MiB read keeps at least the read window's floor of READ_ANDX in flight");
        Assert.That(share.Connection.Counters.MaxReadsInFlight, Is.LessThan(share.Connection.MaxMpxCount), "never more than the server's MaxMpxCount");
    }

    [Test, CancelAfter(120_000)]
    public async Task Read_RandomOffsetsAndLengths_BytesEqualDisk()
    {
        await using var share = await Smb1Fixture.ConnectAsync("big");
        await using var file = await share.OpenAsync(Smb1Fixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        var random = new Random(54321);
        var buffer = new byte[4 << 20];
        long total = 0;
        for (int i = 0; i < 150; i++)
        {
            int length = random.Next(1, buffer.Length + 1);
            long offset = random.NextInt64(0, Smb1Fixture.BigFileSize + 1000);
            int n = await file.ReadAsync(offset, buffer.AsMemory(0, length), 0, CancellationToken.None);
            Assert.That(n, Is.EqualTo((int)Math.Clamp(Smb1Fixture.BigFileSize - offset, 0, length)), $"read {length} at {offset}");
            FileComparer.AssertRangeEquals(Smb1Fixture.BigFilePath, offset, buffer.AsSpan(0, n));
            total += n;
        }
        Assert.That(total, Is.GreaterThan(200L << 20));
    }

    [Test]
    public async Task Read_ManyCallersOnOneConnection_EachGetsItsBytes()
    {
        await using var share = await Smb1Fixture.ConnectAsync("big");
        await using var file = await share.OpenAsync(Smb1Fixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        var tasks = Enumerable.Range(0, 16).Select(async t =>
        {
            var random = new Random(t);
            var buffer = new byte[256 << 10];
            for (int i = 0; i < 10; i++)
            {
                long offset = random.NextInt64(0, Smb1Fixture.BigFileSize - buffer.Length);
                Assert.That(await file.ReadAsync(offset, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
                FileComparer.AssertRangeEquals(Smb1Fixture.BigFilePath, offset, buffer);
            }
        });
        await Task.WhenAll(tasks);
        Assert.That(share.Connection.Counters.MaxReadsInFlight, Is.GreaterThan(1), "callers' reads overlap on the wire, each matched by its MID");
    }

    [Test]
    public async Task Read_ZeroLengthFile_ReturnsZero()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        await using var file = await share.OpenAsync("empty.bin", SmbOpenKind.File, CancellationToken.None);
        Assert.That(file.Info.Size, Is.Zero);
        Assert.That(await file.ReadAsync(0, new byte[100], 0, CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task Read_SparseFileAboveFourGiB_BytesEqualDisk()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        await using var file = await share.OpenAsync("sparse.bin", SmbOpenKind.File, CancellationToken.None);
        Assert.That(file.Info.Size, Is.EqualTo(Smb1Fixture.SparseSize));
        var buffer = new byte[Smb1Fixture.SparseData.Length + 8192];
        long offset = Smb1Fixture.SparseDataOffset - 4096;
        Assert.That(await file.ReadAsync(offset, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
        Assert.That(buffer.AsSpan(0, 4096).IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "the hole reads as zeros");
        Assert.That(buffer.AsSpan(4096, Smb1Fixture.SparseData.Length).SequenceEqual(Smb1Fixture.SparseData), Is.True);
        FileComparer.AssertRangeEquals(DataFile("sparse.bin"), offset, buffer);
        Assert.That(await file.ReadAsync(Smb1Fixture.SparseSize - 10, buffer, 0, CancellationToken.None), Is.EqualTo(10));
    }

    [Test]
    public async Task Read_StraddlingAndPastEndOfFile_ShortThenZero()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[10];
        Assert.That(await file.ReadAsync(Smb1Fixture.SmallFileSize - 3, buffer, 0, CancellationToken.None), Is.EqualTo(3));
        FileComparer.AssertRangeEquals(DataFile("small.bin"), Smb1Fixture.SmallFileSize - 3, buffer.AsSpan(0, 3));
        Assert.That(await file.ReadAsync(Smb1Fixture.SmallFileSize, buffer, 0, CancellationToken.None), Is.Zero);
        Assert.That(await file.ReadAsync(1L << 40, buffer, 0, CancellationToken.None), Is.Zero);
        var whole = new byte[Smb1Fixture.SmallFileSize + 5000];
        Assert.That(await file.ReadAsync(0, whole, 0, CancellationToken.None), Is.EqualTo(Smb1Fixture.SmallFileSize));
        FileComparer.AssertRangeEquals(DataFile("small.bin"), 0, whole.AsSpan(0, Smb1Fixture.SmallFileSize));
    }

    [Test]
    public async Task Read_UnicodeNames_EachFileReadable()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        Assert.That(share.Connection.Strings.IsUnicode, Is.True);
        foreach (string name in TestData.UnicodeNames)
        {
            await using var file = await share.OpenAsync(name, SmbOpenKind.Any, CancellationToken.None);
            Assert.That(file.Info.Name, Is.EqualTo(name));
            if (file.Info.IsDirectory) continue;
            var buffer = new byte[1000];
            int n = await file.ReadAsync(0, buffer, 0, CancellationToken.None);
            Assert.That(n, Is.EqualTo(new FileInfo(DataFile(name)).Length), name);
            FileComparer.AssertRangeEquals(DataFile(name), 0, buffer.AsSpan(0, n));
        }
    }

    [Test]
    public async Task Read_PathEightFoldersDeep_BytesEqualDisk()
    {
        string relative = File.ReadAllText(DataFile("deep-path.txt"));
        await using var share = await Smb1Fixture.ConnectAsync();
        await using var file = await share.OpenAsync(relative, SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[file.Info.Size];
        Assert.That(await file.ReadAsync(0, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
        FileComparer.AssertRangeEquals(DataFile(relative.Replace('\\', '/')), 0, buffer);
    }

    /// <summary>SMB_COM_READ is what a server without READ_ANDX gets; the seam forces it on Samba.</summary>
    [Test]
    public async Task Read_CoreReadForced_BytesEqualDiskWithOnlyCoreReads()
    {
        await using var share = await Smb1Fixture.ConnectAsync(tuning: Smb1Tuning.Default with { ForceCoreRead = true });
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[Smb1Fixture.SmallFileSize + 100];
        Assert.That(await file.ReadAsync(0, buffer, 0, CancellationToken.None), Is.EqualTo(Smb1Fixture.SmallFileSize));
        FileComparer.AssertRangeEquals(DataFile("small.bin"), 0, buffer.AsSpan(0, Smb1Fixture.SmallFileSize));
        var counters = share.Connection.Counters;
        Assert.That(counters.CoreReads, Is.EqualTo(counters.Reads).And.GreaterThan(Smb1Fixture.SmallFileSize / share.ReadChunkSize));
        Assert.That(share.ReadChunkSize, Is.LessThanOrEqualTo(ushort.MaxValue));
        Assert.That(counters.MaxReadsInFlight, Is.GreaterThan(1), "core reads are pipelined too");
        Assert.That(await file.ReadAsync(Smb1Fixture.SmallFileSize - 7, buffer.AsMemory(0, 100), 0, CancellationToken.None), Is.EqualTo(7));
        var sparse = await share.OpenAsync("sparse.bin", SmbOpenKind.File, CancellationToken.None);
        await using (sparse)
        {
            var e = Assert.ThrowsAsync<SmbException>(async () => await sparse.ReadAsync(Smb1Fixture.SparseDataOffset, buffer.AsMemory(0, 10), 0, CancellationToken.None));
            Assert.That(e!.Message, Does.Contain("4 GiB").And.Contain("SMB_COM_READ"));
        }
    }

    [Test]
    public async Task QueryInfo_OpenFile_MatchesDisk()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var info = await file.QueryInfoAsync(CancellationToken.None);
        Assert.That((info.Name, info.Size, info.IsDirectory), Is.EqualTo(("small.bin", (long)Smb1Fixture.SmallFileSize, false)));
        Assert.That(info.LastWriteTimeUtc, Is.EqualTo(File.GetLastWriteTimeUtc(DataFile("small.bin"))).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(info.FileId, Is.Zero, "SMB1 reports no file id; the drive numbers SMB1 files itself");
    }
}
