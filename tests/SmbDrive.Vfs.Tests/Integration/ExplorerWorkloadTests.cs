using SmbDrive.TestSupport;

namespace SmbDrive.Vfs.Tests.Integration;

[Category("Integration")]
public class ExplorerWorkloadTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Test, CancelAfter(120_000)]
    public async Task ListThenInspectEveryEntry_TenThousandEntries_OneListingNoPerEntryRoundTrips()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("data");
        var before = drive.Counters.Snapshot();

        // What Explorer does on opening a folder: list it, then open and query every entry, and probe for
        // desktop.ini and thumbnails.
        var listing = await drive.ListAsync(@"\many", "*", None);
        Assert.That(listing.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(listing.Value, Has.Count.EqualTo(VfsSambaFixture.ManyFiles));
        foreach (var entry in listing.Value!)
        {
            var open = await drive.OpenAsync($@"\many\{entry.Name}", VfsOpenIntent.AttributesOnly, None);
            Assert.That(open.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), entry.Name);
            var info = await drive.GetInfoAsync(open.Value!, None);
            Assert.That(info.Value!.Size, Is.EqualTo(entry.Size), entry.Name);
            await drive.CloseAsync(open.Value!);
            Assert.That((await drive.GetInfoAsync($"/many/{entry.Name}", None)).IsSuccess, Is.True);
        }
        foreach (string probe in new[] { "desktop.ini", "Thumbs.db", "folder.jpg", "autorun.inf" })
            Assert.That((await drive.GetInfoAsync($@"\many\{probe}", None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));

        var used = drive.Counters.Snapshot() - before;
        // The listing itself is one client call that runs all QUERY_DIRECTORY pages; nothing else may go out.
        Assert.That(used.ServerListings, Is.EqualTo(1));
        Assert.That(used.ServerRoundTrips - used.ServerListings, Is.LessThanOrEqualTo(2),
            $"{used.ServerInfoQueries} info queries and {used.ServerOpens} opens for {VfsSambaFixture.ManyFiles} entries");
        var onDisk = Directory.GetFiles(Path.Combine(VfsSambaFixture.DataDir, "many")).Select(Path.GetFileName);
        Assert.That(listing.Value.Select(e => e.Name), Is.EquivalentTo(onDisk));
    }

    [Test]
    public async Task Volume_ReportsShareAndFreeSpace()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("data");
        var volume = await drive.GetVolumeInfoAsync(None);
        Assert.That(volume.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(volume.Value!.Label, Is.EqualTo("data"));
        Assert.That(volume.Value.TotalBytes, Is.GreaterThan(0));
        Assert.That(volume.Value.FreeBytes, Is.GreaterThan(0));
        Assert.That(drive.UncName, Is.EqualTo($@"\127.0.0.1\data"));
    }
}
