using SmbDrive.Smb.Io;
using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>One end-of-file rule for both protocols: the same files, served by the NT1-only Samba of
/// <see cref="Smb1Fixture"/> and by an SMB2/3 Samba serving the same folders, give the same answers to reads at,
/// across and beyond the end — the same counts, and bytes equal to the disk. SMB2 runs on the default settings
/// (signed, two connections, so the 1 GiB file is read over both); SMB1 in each of its read shapes.</summary>
[Category("Integration")]
public class EndOfFileParityTests
{
    private SambaServer _smb2 = null!;

    /// <summary>Share, path and disk file of each file read: empty, tiny, odd-sized, and 1 GiB (a whole number of
    /// every chunk size, so that the end falls on a READ boundary; large enough to be read over two connections).</summary>
    private static IEnumerable<(string Share, string Path, string Disk)> Files()
    {
        yield return ("data", "empty.bin", System.IO.Path.Combine(Smb1Fixture.DataDir, "empty.bin"));
        yield return ("data", "folder/inside.txt", System.IO.Path.Combine(Smb1Fixture.DataDir, "folder", "inside.txt"));
        yield return ("data", "small.bin", System.IO.Path.Combine(Smb1Fixture.DataDir, "small.bin"));
        yield return ("big", Smb1Fixture.BigFile, Smb1Fixture.BigFilePath);
    }

    [OneTimeSetUp]
    public async Task StartSmb2ServerAsync()
    {
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("data", Smb1Fixture.DataDir));
        options.Shares.Add(new SambaShare("big", System.IO.Path.GetDirectoryName(Smb1Fixture.BigFilePath)!));
        _smb2 = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopSmb2ServerAsync()
    {
        if (_smb2 is not null) await _smb2.DisposeAsync();
    }

    public static IEnumerable<TestCaseData> Smb1Shapes()
    {
        yield return new TestCaseData("unsigned").SetArgDisplayNames("SMB1 unsigned, large READ_ANDX");
        yield return new TestCaseData("signed").SetArgDisplayNames("SMB1 signed, 64 KiB READ_ANDX");
        yield return new TestCaseData("odd-chunk").SetArgDisplayNames("SMB1 unsigned, 100000-byte READ_ANDX");
        yield return new TestCaseData("signed-capped").SetArgDisplayNames("SMB1 signed, 200000-byte READ_ANDX answered short");
        yield return new TestCaseData("core").SetArgDisplayNames("SMB1 SMB_COM_READ");
    }

    [TestCaseSource(nameof(Smb1Shapes)), CancelAfter(300_000)]
    public async Task ReadAsync_AtAcrossAndBeyondTheEnd_SameCountsAndBytesOverSmb1AndSmb2(string smb1Shape, CancellationToken cancellationToken)
    {
        foreach (var (shareName, path, disk) in Files())
        {
            await using var smb2Share = await ConnectSmb2Async(shareName, cancellationToken);
            await using var smb1Share = await ConnectSmb1Async(shareName, smb1Shape);
            await using var smb2 = await smb2Share.OpenAsync(path, SmbOpenKind.File, cancellationToken);
            await using var smb1 = await smb1Share.OpenAsync(path, SmbOpenKind.File, cancellationToken);
            long size = new FileInfo(disk).Length;
            Assert.That((smb2.Info.Size, smb1.Info.Size), Is.EqualTo((size, size)), path);
            int[] chunks = [Chunk(smb2), Chunk(smb1)];
            if (smb1Shape == "signed-capped" && size >= chunks[1])
            {
                // The shape is what it claims: one READ of a chunk is answered short, and the rest is asked for.
                var counters = ((Smb1Tree)smb1Share).Connection.Counters;
                long readsBefore = counters.Reads;
                Assert.That(await ReadAndCompareAsync(smb1, disk, 0, chunks[1], "SMB1", cancellationToken), Is.EqualTo(chunks[1]));
                Assert.That(counters.Reads - readsBefore, Is.GreaterThanOrEqualTo(2), "Samba answered a signed 200000-byte READ_ANDX short");
            }

            var expected = new List<string>();
            var overSmb2 = new List<string>();
            var overSmb1 = new List<string>();
            foreach (var (offset, length) in Requests(size, chunks, FarBeyond(smb1Shape)))
            {
                string request = $"{path}: ReadAsync of {length} at {offset}";
                expected.Add($"{request} -> {Math.Clamp(size - offset, 0, length)}");
                overSmb2.Add($"{request} -> {await ReadAndCompareAsync(smb2, disk, offset, length, "SMB2", cancellationToken)}");
                overSmb1.Add($"{request} -> {await ReadAndCompareAsync(smb1, disk, offset, length, "SMB1", cancellationToken)}");
            }
            Assert.That(overSmb1, Is.EqualTo(overSmb2), $"{path}: SMB1 ({smb1Shape}, {chunks[1]}-byte READs) answers as SMB2 ({chunks[0]}-byte READs) does");
            Assert.That(overSmb2, Is.EqualTo(expected), $"{path}: the counts are the bytes the disk file has there");
        }
    }

    [TestCaseSource(nameof(Smb1Shapes)), CancelAfter(300_000)]
    public async Task CopyToAsync_FromAtAcrossAndBeyondTheEnd_SameCountsAndBytesOverSmb1AndSmb2(string smb1Shape, CancellationToken cancellationToken)
    {
        foreach (var (shareName, path, disk) in Files())
        {
            await using var smb2Share = await ConnectSmb2Async(shareName, cancellationToken);
            await using var smb1Share = await ConnectSmb1Async(shareName, smb1Shape);
            await using var smb2 = await smb2Share.OpenAsync(path, SmbOpenKind.File, cancellationToken);
            await using var smb1 = await smb1Share.OpenAsync(path, SmbOpenKind.File, cancellationToken);
            long size = new FileInfo(disk).Length;
            int[] chunks = [Chunk(smb2), Chunk(smb1)];

            var offsets = new List<long> { size, size + 12345 };
            if (FarBeyond(smb1Shape)) offsets.Add(1L << 40);
            if (size <= 8 << 20) offsets.Add(0);
            if (size >= 1) offsets.Add(size - 1);
            if (size >= 100) offsets.Add(size - 100);
            foreach (int c in chunks)
            {
                if (size >= 5L * c / 2) offsets.Add(size - 5L * c / 2);
                if (size >= 2L * c) offsets.Add(size - 2L * c);
            }

            var expected = new List<string>();
            var overSmb2 = new List<string>();
            var overSmb1 = new List<string>();
            foreach (long offset in offsets.Distinct())
            {
                string request = $"{path}: CopyToAsync from {offset}";
                expected.Add($"{request} -> {Math.Max(0, size - offset)}");
                overSmb2.Add($"{request} -> {await CopyAndCompareAsync(smb2, disk, offset, "SMB2", cancellationToken)}");
                overSmb1.Add($"{request} -> {await CopyAndCompareAsync(smb1, disk, offset, "SMB1", cancellationToken)}");
            }
            Assert.That(overSmb1, Is.EqualTo(overSmb2), $"{path}: SMB1 ({smb1Shape}) copies what SMB2 copies");
            Assert.That(overSmb2, Is.EqualTo(expected), $"{path}: every copy ends at the end of the disk file");
        }
    }

    /// <summary>At the end; one byte before it; 100 bytes before it with five chunks asked; beyond it; the whole
    /// file and one byte more; and reads of several chunks that end inside, on, and past the last chunk.</summary>
    private static IEnumerable<(long Offset, int Length)> Requests(long size, int[] chunks, bool farBeyond)
    {
        var requests = new List<(long, int)> { (size, 10), (size, 1), (size + 12345, 10) };
        if (farBeyond) requests.Add((1L << 40, 10));
        if (size >= 1) requests.Add((size - 1, 10));
        if (size <= 8 << 20) requests.Add((0, (int)size + 1));
        foreach (int c in chunks)
        {
            requests.Add((size, 5 * c));
            requests.Add((size + 12345, 5 * c));
            if (size >= 100) requests.Add((size - 100, 5 * c));
            if (size >= 5L * c / 2) requests.Add((size - 5L * c / 2, 4 * c));
            if (size >= 2L * c)
            {
                requests.Add((size - 2L * c, 2 * c));
                requests.Add((size - 2L * c, 3 * c));
                requests.Add((size - 2L * c - 1, 2 * c + 1));
            }
        }
        return requests.Distinct();
    }

    /// <summary>Reads and returns the count; the bytes returned must equal the disk.</summary>
    private static async Task<int> ReadAndCompareAsync(ISmbFile file, string disk, long offset, int length, string protocol, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        int n = await file.ReadAsync(offset, buffer, 0, cancellationToken);
        Assert.That(n, Is.InRange(0, length), $"{protocol} ReadAsync of {length} at {offset}");
        if (n > 0) FileComparer.AssertRangeEquals(disk, offset, buffer.AsSpan(0, n));
        return n;
    }

    private static async Task<long> CopyAndCompareAsync(ISmbFile file, string disk, long offset, string protocol, CancellationToken cancellationToken)
    {
        using var copied = new MemoryStream();
        long n = await file.CopyToAsync(offset, (bytes, _) =>
        {
            copied.Write(bytes.Span);
            return ValueTask.CompletedTask;
        }, cancellationToken);
        Assert.That(n, Is.EqualTo(copied.Length), $"{protocol} CopyToAsync from {offset} returns what it handed over");
        if (n > 0) FileComparer.AssertRangeEquals(disk, offset, copied.GetBuffer().AsSpan(0, (int)copied.Length));
        return n;
    }

    /// <summary>Whether a read at 1 TiB is asked too: SMB_COM_READ cannot address beyond 4 GiB, and says so
    /// (Smb1ReadTests.Read_CoreReadForced_BytesEqualDiskWithOnlyCoreReads).</summary>
    private static bool FarBeyond(string smb1Shape) => smb1Shape != "core";

    private static int Chunk(ISmbFile file) => ((IReadLanes)file).Lanes[0].ChunkBytes;

    private Task<ISmbShare> ConnectSmb2Async(string share, CancellationToken cancellationToken) =>
        SmbClient.ConnectShareAsync(SmbAddress.Parse(_smb2.Address(share)), SmbCredentials.User(_smb2.User.Name, _smb2.User.Password),
            new SmbClientOptions(), null, cancellationToken);

    private static async Task<ISmbShare> ConnectSmb1Async(string share, string shape) => shape switch
    {
        "unsigned" => await Smb1Fixture.ConnectAsync(share, Smb1Fixture.Unsigned),
        "signed" => await Smb1Fixture.ConnectAsync(share, new SmbClientOptions()),
        "odd-chunk" => await Smb1Fixture.ConnectAsync(share, Smb1Fixture.Unsigned, Smb1Tuning.Default with { ReadChunk = 100_000 }),
        // Samba answers a signed READ_ANDX with at most 0x1FFFF bytes: every READ of a chunk is answered short.
        "signed-capped" => await Smb1Fixture.ConnectAsync(share, new SmbClientOptions(), Smb1Tuning.Default with { ReadChunk = 200_000 }),
        "core" => await Smb1Fixture.ConnectAsync(share, Smb1Fixture.Unsigned, Smb1Tuning.Default with { ForceCoreRead = true }),
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
