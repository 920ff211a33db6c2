using SmbDrive.Vfs.Caching;
using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.Caching;

public class MetadataCacheTests
{
    private static VfsFileInfo Info(string name) => new()
    {
        Name = name,
        IsDirectory = false,
        Size = 1,
        Attributes = FileAttributes.Archive,
        CreationTimeUtc = DateTime.UnixEpoch,
        LastAccessTimeUtc = DateTime.UnixEpoch,
        LastWriteTimeUtc = DateTime.UnixEpoch,
        ChangeTimeUtc = DateTime.UnixEpoch,
    };

    [Test]
    public void TryGet_PositiveEntry_LivesForItsLifetime()
    {
        var time = new ManualTimeProvider();
        var cache = new MetadataCache(time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        cache.SetFound("a", Info("a"), time.GetTimestamp());

        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.That(cache.TryGet("a", out var entry), Is.True);
        Assert.That(entry.Info!.Name, Is.EqualTo("a"));

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(cache.TryGet("a", out _), Is.False);
    }

    [Test]
    public void TryGet_NegativeEntry_LivesForTheShorterLifetime()
    {
        var time = new ManualTimeProvider();
        var cache = new MetadataCache(time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        cache.SetMissing("desktop.ini", VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND, time.GetTimestamp());

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.That(cache.TryGet("desktop.ini", out var entry), Is.True);
        Assert.That(entry.Exists, Is.False);
        Assert.That(entry.Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));

        time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(cache.TryGet("desktop.ini", out _), Is.False);
    }

    [Test]
    public void SetFound_ZeroLifetime_CachesNothing()
    {
        var time = new ManualTimeProvider();
        var cache = new MetadataCache(time, TimeSpan.Zero, TimeSpan.Zero);
        cache.SetFound("a", Info("a"), time.GetTimestamp());
        cache.SetMissing("b", VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND, time.GetTimestamp());
        Assert.That(cache.Count, Is.Zero);
    }

    [Test]
    public void TryGet_KeysAreCaseExact()
    {
        var time = new ManualTimeProvider();
        var cache = new MetadataCache(time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));
        cache.SetFound("Readme.txt", Info("Readme.txt"), time.GetTimestamp());
        Assert.That(cache.TryGet("README.TXT", out _), Is.False, "the server, not the cache, decides case rules");
    }

    [Test]
    public void DirectoryListing_Lookup_TellsFoundAbsentAndCaseVariant()
    {
        var listing = new DirectoryListing([Info("Readme.txt"), Info("b.bin")], 0, 1);
        Assert.That(listing.Lookup("Readme.txt", out var found), Is.EqualTo(NameLookup.Found));
        Assert.That(found!.Name, Is.EqualTo("Readme.txt"));
        Assert.That(listing.Lookup("README.TXT", out _), Is.EqualTo(NameLookup.CaseVariant));
        Assert.That(listing.Lookup("desktop.ini", out _), Is.EqualTo(NameLookup.Absent));
    }

    [Test]
    public void DirectoryCache_Listing_ExpiresAfterItsLifetime()
    {
        var time = new ManualTimeProvider();
        var cache = new DirectoryCache(time, TimeSpan.FromSeconds(10));
        cache.Store("dir", [Info("x")], time.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.That(cache.TryGet("dir", out var listing), Is.True);
        Assert.That(listing.Entries, Has.Count.EqualTo(1));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(cache.TryGet("dir", out _), Is.False);
    }
}
