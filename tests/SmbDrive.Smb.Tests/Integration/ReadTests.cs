using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>Reads through the client compared byte for byte with the file on the server's disk.</summary>
[Category("Integration")]
public class ReadTests
{
    [TestCase("2.0.2")]
    [TestCase("2.1")]
    [TestCase("3.0")]
    [TestCase("3.0.2")]
    [TestCase("3.1.1")]
    public async Task ReadWhole_EachDialectForced_BytesEqualDisk(string dialect)
    {
        await using var share = await SambaFixture.ConnectAsync(options: new SmbClientOptions { MinDialect = dialect, MaxDialect = dialect });
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[file.Info.Size + 100];
        int n = await file.ReadAsync(0, buffer, 0, CancellationToken.None);
        Assert.That(n, Is.EqualTo(3_000_001));
        FileComparer.AssertRangeEquals(Path.Combine(SambaFixture.DataDir, "small.bin"), 0, buffer.AsSpan(0, n));
    }

    [Test, CancelAfter(120_000)]
    public async Task ReadWhole_OneGiB_BytesEqualDisk()
    {
        await using var share = await SambaFixture.ConnectAsync("big");
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        Assert.That(file.Info.Size, Is.EqualTo(SambaFixture.BigFileSize));
        string disk = TestData.CachedRandomFile(SambaFixture.BigFileSize, 1);
        var buffer = new byte[32 << 20];
        long offset = 0;
        while (true)
        {
            int n = await file.ReadAsync(offset, buffer, file.Info.Size - offset, CancellationToken.None);
            if (n == 0) break;
            FileComparer.AssertRangeEquals(disk, offset, buffer.AsSpan(0, n));
            offset += n;
        }
        Assert.That(offset, Is.EqualTo(SambaFixture.BigFileSize));
    }

    [Test, CancelAfter(120_000)]
    public async Task Read_RandomOffsetsAndLengths_BytesEqualDisk()
    {
        await using var share = await SambaFixture.ConnectAsync("big");
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        string disk = TestData.CachedRandomFile(SambaFixture.BigFileSize, 1);
        var random = new Random(12345);
        var buffer = new byte[4 << 20];
        for (int i = 0; i < 300; i++)
        {
            int length = random.Next(1, buffer.Length + 1);
            long offset = random.NextInt64(0, SambaFixture.BigFileSize + 1000);
            int n = await file.ReadAsync(offset, buffer.AsMemory(0, length), 0, CancellationToken.None);
            Assert.That(n, Is.EqualTo((int)Math.Clamp(SambaFixture.BigFileSize - offset, 0, length)), $"read {length} at {offset}");
            FileComparer.AssertRangeEquals(disk, offset, buffer.AsSpan(0, n));
        }
    }

    [Test]
    public async Task Read_ManyCallersOnOneConnection_EachGetsItsBytes()
    {
        await using var share = await SambaFixture.ConnectAsync("big");
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        string disk = TestData.CachedRandomFile(SambaFixture.BigFileSize, 1);
        var tasks = Enumerable.Range(0, 16).Select(async t =>
        {
            var random = new Random(t);
            var buffer = new byte[1 << 20];
            for (int i = 0; i < 20; i++)
            {
                long offset = random.NextInt64(0, SambaFixture.BigFileSize - buffer.Length);
                int n = await file.ReadAsync(offset, buffer, 0, CancellationToken.None);
                Assert.That(n, Is.EqualTo(buffer.Length));
                FileComparer.AssertRangeEquals(disk, offset, buffer);
            }
        });
        await Task.WhenAll(tasks);
    }

    [Test]
    public async Task Read_LargeBuffer_SpreadOverTwoConnections()
    {
        await using var share = await SambaFixture.ConnectAsync("big", new SmbClientOptions { ConnectionsPerShare = 2 });
        var group = (SmbDrive.Smb.Session.SmbShareGroup)share;
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[64 << 20];
        long offset = 100L << 20;
        Assert.That(await file.ReadAsync(offset, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
        FileComparer.AssertRangeEquals(TestData.CachedRandomFile(SambaFixture.BigFileSize, 1), offset, buffer);
        Assert.That(group.ActiveConnections, Is.EqualTo(2));
        long primaryBytes = group.Primary.Connection.Counters.BytesRead, extraBytes = group.Extra[0].Connection.Counters.BytesRead;
        Assert.That(primaryBytes + extraBytes, Is.EqualTo(buffer.Length));
        Assert.That(extraBytes, Is.InRange(buffer.Length / 4, buffer.Length * 3 / 4), "the second connection carried a fair share of the read");
    }

    [Test]
    public async Task Read_ConcurrentBlockReadsOfALargeFile_SpreadOverTwoConnections()
    {
        // What the mount does: many 1 MiB reads at once, each a single READ.
        await using var share = await SambaFixture.ConnectAsync("big", new SmbClientOptions { ConnectionsPerShare = 2 });
        var group = (SmbDrive.Smb.Session.SmbShareGroup)share;
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        await ((SmbDrive.Smb.Session.MultiConnectionFile)file).WhenLanesOpenAsync();
        string disk = TestData.CachedRandomFile(SambaFixture.BigFileSize, 1);
        long before = group.Primary.Connection.Counters.BytesRead;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            var block = new byte[1 << 20];
            long offset = (200L << 20) + ((long)i << 20);
            Assert.That(await file.ReadAsync(offset, block, 0, CancellationToken.None), Is.EqualTo(block.Length));
            FileComparer.AssertRangeEquals(disk, offset, block);
        }));
        long primary = group.Primary.Connection.Counters.BytesRead - before;
        Assert.That(primary, Is.InRange(4L << 20, 28L << 20), "both connections carried blocks");
    }

    [Test]
    public async Task Connect_OneConnectionPerShare_PlainTree()
    {
        await using var share = await SambaFixture.ConnectAsync(options: new SmbClientOptions { ConnectionsPerShare = 1 });
        Assert.That(share, Is.TypeOf<SmbDrive.Smb.Session.SmbTree>());
    }

    [Test]
    public async Task Read_ZeroLengthFile_ReturnsZero()
    {
        await using var share = await SambaFixture.ConnectAsync();
        await using var file = await share.OpenAsync("empty.bin", SmbOpenKind.File, CancellationToken.None);
        Assert.That(file.Info.Size, Is.Zero);
        Assert.That(await file.ReadAsync(0, new byte[100], 0, CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task Read_SparseFileAboveFourGiB_BytesEqualDisk()
    {
        await using var share = await SambaFixture.ConnectAsync();
        await using var file = await share.OpenAsync("sparse.bin", SmbOpenKind.File, CancellationToken.None);
        Assert.That(file.Info.Size, Is.EqualTo(SambaFixture.SparseSize));
        var buffer = new byte[SambaFixture.SparseData.Length + 8192];
        long offset = SambaFixture.SparseDataOffset - 4096;
        int n = await file.ReadAsync(offset, buffer, 0, CancellationToken.None);
        Assert.That(n, Is.EqualTo(buffer.Length));
        Assert.That(buffer.AsSpan(0, 4096).IndexOfAnyExcept((byte)0), Is.EqualTo(-1), "the hole reads as zeros");
        Assert.That(buffer.AsSpan(4096, SambaFixture.SparseData.Length).SequenceEqual(SambaFixture.SparseData), Is.True);
        FileComparer.AssertRangeEquals(Path.Combine(SambaFixture.DataDir, "sparse.bin"), offset, buffer);
    }

    [Test]
    public async Task Read_StraddlingAndPastEndOfFile_ShortThenZero()
    {
        await using var share = await SambaFixture.ConnectAsync();
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[10];
        Assert.That(await file.ReadAsync(3_000_001 - 3, buffer, 0, CancellationToken.None), Is.EqualTo(3));
        FileComparer.AssertRangeEquals(Path.Combine(SambaFixture.DataDir, "small.bin"), 3_000_001 - 3, buffer.AsSpan(0, 3));
        Assert.That(await file.ReadAsync(3_000_001, buffer, 0, CancellationToken.None), Is.Zero);
        Assert.That(await file.ReadAsync(1L << 40, buffer, 0, CancellationToken.None), Is.Zero);
    }

    [Test]
    public async Task Read_UnicodeNames_EachFileReadable()
    {
        await using var share = await SambaFixture.ConnectAsync();
        foreach (string name in TestData.UnicodeNames)
        {
            await using var file = await share.OpenAsync(name, SmbOpenKind.File, CancellationToken.None);
            var buffer = new byte[1000];
            int n = await file.ReadAsync(0, buffer, 0, CancellationToken.None);
            FileComparer.AssertRangeEquals(Path.Combine(SambaFixture.DataDir, name), 0, buffer.AsSpan(0, n));
            Assert.That(file.Info.Name, Is.EqualTo(name));
        }
    }

    [Test]
    public async Task Read_PathEightFoldersDeep_BytesEqualDisk()
    {
        string relative = File.ReadAllText(Path.Combine(SambaFixture.DataDir, "deep-path.txt"));
        Assert.That(relative.Split('/', '\\'), Has.Length.GreaterThanOrEqualTo(9));
        await using var share = await SambaFixture.ConnectAsync();
        await using var file = await share.OpenAsync(relative, SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[file.Info.Size];
        Assert.That(await file.ReadAsync(0, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
        FileComparer.AssertRangeEquals(Path.Combine(SambaFixture.DataDir, relative.Replace('\\', '/')), 0, buffer);
    }

    [Test]
    public async Task Read_ServerSigningMandatory_BytesEqualDiskAndResponsesVerified()
    {
        var options = new SambaServerOptions();
        options.Global["server signing"] = "mandatory";
        options.Shares.Add(new SambaShare("data", SambaFixture.DataDir));
        await using var server = await SambaServer.StartAsync(options);
        foreach (string dialect in new[] { "2.1", "3.0.2", "3.1.1" })
        {
            await using var share = await SmbClient.ConnectShareAsync(SmbAddress.Parse(server.Address("data")),
                SmbCredentials.User(server.User.Name, server.User.Password),
                new SmbClientOptions { RequireSigning = false, MinDialect = dialect, MaxDialect = dialect }, null, CancellationToken.None);
            await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
            var buffer = new byte[file.Info.Size];
            Assert.That(await file.ReadAsync(0, buffer, 0, CancellationToken.None), Is.EqualTo(buffer.Length));
            FileComparer.AssertRangeEquals(Path.Combine(SambaFixture.DataDir, "small.bin"), 0, buffer);
        }
    }
}
