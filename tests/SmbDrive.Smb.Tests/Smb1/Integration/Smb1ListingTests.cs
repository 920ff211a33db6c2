using SmbDrive.Smb.Smb1;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>TRANS2 listings and queries over SMB1 compared with the server's disk.</summary>
[Category("Integration")]
public class Smb1ListingTests
{
    private static IEnumerable<string> DiskNames(string folder) =>
        new DirectoryInfo(Path.Combine(Smb1Fixture.DataDir, folder)).GetFileSystemInfos().Select(i => i.Name).Order(StringComparer.Ordinal);

    [Test, CancelAfter(60_000)]
    public async Task List_TenThousandEntries_EveryNameOnceOverManyPages()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        long before = share.Connection.Counters.TransactionParts;
        var entries = await share.ListAsync("many", "*", CancellationToken.None);
        Assert.That(entries.Select(e => e.Name).Order(StringComparer.Ordinal), Is.EqualTo(DiskNames("many")));
        Assert.That(entries, Has.Count.EqualTo(Smb1Fixture.ManyFiles));
        Assert.That(share.Connection.Counters.TransactionParts - before, Is.GreaterThan(5), "FIND_FIRST2 then FIND_NEXT2 until the end of the search");
    }

    /// <summary>A small MaxBufferSize makes Samba split every TRANS2 response into several messages.</summary>
    [Test, CancelAfter(60_000)]
    public async Task List_SmallClientBuffer_MultiPartResponsesReassembled()
    {
        await using var share = await Smb1Fixture.ConnectAsync(tuning: Smb1Tuning.Default with { ClientMaxBufferSize = 4356 });
        var entries = await share.ListAsync("many", "*", CancellationToken.None);
        Assert.That(entries.Select(e => e.Name).Order(StringComparer.Ordinal), Is.EqualTo(DiskNames("many")));
        var counters = share.Connection.Counters;
        Assert.That(counters.TransactionParts, Is.GreaterThan(10 * 20), "responses of 60 KiB arrive in parts of about 4 KiB");
        var info = await share.GetInfoAsync(@"many\f000123.txt", CancellationToken.None);
        Assert.That(info.Size, Is.EqualTo(new FileInfo(Path.Combine(Smb1Fixture.DataDir, "many", "f000123.txt")).Length));
    }

    [Test]
    public async Task List_Root_NamesSizesAndTimesMatchDisk()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        var entries = await share.ListAsync("", "*", CancellationToken.None);
        var disk = new DirectoryInfo(Smb1Fixture.DataDir).GetFileSystemInfos();
        Assert.That(entries.Select(e => e.Name).Order(StringComparer.Ordinal), Is.EqualTo(disk.Select(d => d.Name).Order(StringComparer.Ordinal)));
        foreach (var entry in entries)
        {
            var onDisk = disk.Single(d => d.Name == entry.Name);
            Assert.That(entry.IsDirectory, Is.EqualTo(onDisk is DirectoryInfo), entry.Name);
            if (onDisk is FileInfo f) Assert.That(entry.Size, Is.EqualTo(f.Length), entry.Name);
            Assert.That(entry.LastWriteTimeUtc, Is.EqualTo(onDisk.LastWriteTimeUtc).Within(TimeSpan.FromMilliseconds(1)), entry.Name);
        }
    }

    [Test]
    public async Task List_WithPattern_OnlyMatches()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        var entries = await share.ListAsync("", "*.bin", CancellationToken.None);
        var expected = Directory.GetFiles(Smb1Fixture.DataDir, "*.bin").Select(Path.GetFileName);
        Assert.That(entries.Select(e => e.Name), Is.EquivalentTo(expected));
        Assert.That(entries.Select(e => e.Name), Does.Contain("small.bin").And.Not.Contain("deep-path.txt"));
        Assert.That(await share.ListAsync("", "no-such-*", CancellationToken.None), Is.Empty);
        Assert.That(await share.ListAsync("folder", "no-such-*", CancellationToken.None), Is.Empty);
        Assert.That((await share.ListAsync("folder", "*", CancellationToken.None)).Select(e => e.Name), Is.EqualTo(new[] { "inside.txt" }));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task GetInfo_FileAndDirectory_MatchDisk(bool passThrough)
    {
        await using var share = await Smb1Fixture.ConnectAsync(tuning: Smb1Tuning.Default with { UsePassThroughLevels = passThrough });
        var file = await share.GetInfoAsync("small.bin", CancellationToken.None);
        Assert.That((file.Name, file.Size, file.IsDirectory), Is.EqualTo(("small.bin", (long)Smb1Fixture.SmallFileSize, false)));
        Assert.That(file.LastWriteTimeUtc, Is.EqualTo(File.GetLastWriteTimeUtc(Path.Combine(Smb1Fixture.DataDir, "small.bin"))).Within(TimeSpan.FromMilliseconds(1)));
        var directory = await share.GetInfoAsync("folder", CancellationToken.None);
        Assert.That((directory.Name, directory.IsDirectory), Is.EqualTo(("folder", true)));
        Assert.That((await share.GetInfoAsync("", CancellationToken.None)).IsDirectory, Is.True);
        var sparse = await share.GetInfoAsync("sparse.bin", CancellationToken.None);
        Assert.That(sparse.Size, Is.EqualTo(Smb1Fixture.SparseSize));
        Assert.That(sparse.AllocationSize, Is.LessThan(Smb1Fixture.SparseSize), "a sparse file occupies little");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task GetVolumeInfo_ReportsSizeAndFreeSpace(bool passThrough)
    {
        await using var share = await Smb1Fixture.ConnectAsync(tuning: Smb1Tuning.Default with { UsePassThroughLevels = passThrough });
        var volume = await share.GetVolumeInfoAsync(CancellationToken.None);
        var drive = new DriveInfo(Smb1Fixture.DataDir);
        Assert.That(volume.TotalBytes, Is.EqualTo(drive.TotalSize).Within(drive.TotalSize / 100));
        Assert.That(volume.FreeBytes, Is.GreaterThan(0).And.LessThanOrEqualTo(volume.TotalBytes));
        Assert.That(volume.AvailableBytes, Is.GreaterThan(0).And.LessThanOrEqualTo(volume.FreeBytes));
        Assert.That(volume.MaxComponentLength, Is.GreaterThanOrEqualTo(255));
        Assert.That(volume.FileSystemName, Is.Not.Empty);
        await share.EchoAsync(CancellationToken.None);
    }
}
