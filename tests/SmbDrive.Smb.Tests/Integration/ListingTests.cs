namespace SmbDrive.Smb.Tests.Integration;

[Category("Integration")]
public class ListingTests
{
    [Test, CancelAfter(60_000)]
    public async Task List_TenThousandEntries_EveryNameOnce()
    {
        await using var share = await SambaFixture.ConnectAsync();
        var entries = await share.ListAsync("many", "*", CancellationToken.None);
        var expected = Directory.GetFiles(Path.Combine(SambaFixture.DataDir, "many")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.That(entries.Select(e => e.Name).Order(StringComparer.Ordinal), Is.EqualTo(expected));
        Assert.That(entries, Has.Count.EqualTo(SambaFixture.ManyFiles));
    }

    [Test]
    public async Task List_Root_NamesSizesAndTimesMatchDisk()
    {
        await using var share = await SambaFixture.ConnectAsync();
        var entries = await share.ListAsync("", "*", CancellationToken.None);
        var disk = new DirectoryInfo(SambaFixture.DataDir).GetFileSystemInfos();
        Assert.That(entries.Select(e => e.Name).Order(StringComparer.Ordinal), Is.EqualTo(disk.Select(d => d.Name).Order(StringComparer.Ordinal)));
        foreach (var entry in entries)
        {
            var onDisk = disk.Single(d => d.Name == entry.Name);
            Assert.That(entry.IsDirectory, Is.EqualTo(onDisk is DirectoryInfo), entry.Name);
            if (onDisk is FileInfo f) Assert.That(entry.Size, Is.EqualTo(f.Length), entry.Name);
            Assert.That(entry.LastWriteTimeUtc, Is.EqualTo(onDisk.LastWriteTimeUtc).Within(TimeSpan.FromMilliseconds(1)), entry.Name);
            Assert.That(entry.FileId, Is.Not.Zero, entry.Name);
        }
    }

    [Test]
    public async Task List_WithPattern_OnlyMatches()
    {
        await using var share = await SambaFixture.ConnectAsync();
        var entries = await share.ListAsync("", "*.bin", CancellationToken.None);
        var expected = Directory.GetFiles(SambaFixture.DataDir, "*.bin").Select(Path.GetFileName);
        Assert.That(entries.Select(e => e.Name), Is.EquivalentTo(expected));
        Assert.That(entries.Select(e => e.Name), Does.Contain("small.bin").And.Not.Contain("deep-path.txt"));
        Assert.That(await share.ListAsync("", "no-such-*", CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task GetInfo_FileAndDirectory_MatchDisk()
    {
        await using var share = await SambaFixture.ConnectAsync();
        var file = await share.GetInfoAsync("small.bin", CancellationToken.None);
        Assert.That((file.Name, file.Size, file.IsDirectory), Is.EqualTo(("small.bin", 3_000_001L, false)));
        var directory = await share.GetInfoAsync("folder", CancellationToken.None);
        Assert.That(directory.IsDirectory, Is.True);
        var root = await share.GetInfoAsync("", CancellationToken.None);
        Assert.That(root.IsDirectory, Is.True);
    }

    [Test]
    public async Task GetVolumeInfo_ReportsSizeAndFreeSpace()
    {
        await using var share = await SambaFixture.ConnectAsync();
        var volume = await share.GetVolumeInfoAsync(CancellationToken.None);
        var drive = new DriveInfo(SambaFixture.DataDir);
        Assert.That(volume.TotalBytes, Is.EqualTo(drive.TotalSize).Within(drive.TotalSize / 100));
        Assert.That(volume.FreeBytes, Is.GreaterThan(0));
        Assert.That(volume.MaxComponentLength, Is.GreaterThanOrEqualTo(255));
        await share.EchoAsync(CancellationToken.None);
    }
}
