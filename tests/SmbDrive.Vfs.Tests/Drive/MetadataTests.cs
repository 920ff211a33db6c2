using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.Drive;

public class MetadataTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task GetInfo_EveryEntryAfterListing_CostsOneListingAndNoQueries()
    {
        var server = new FakeSmbServer();
        for (int i = 0; i < 10_000; i++) server.AddFile($@"big\file{i:D5}.dat", [(byte)i]);
        await using var drive = await TestDrives.ConnectAsync(server);

        var listing = await drive.ListAsync("/big", null, None);
        Assert.That(listing.Value, Has.Count.EqualTo(10_000));
        foreach (var entry in listing.Value!)
        {
            var info = await drive.GetInfoAsync($"/big/{entry.Name}", None);
            Assert.That(info.Value!.Size, Is.EqualTo(1));
            // Explorer opens each entry for attributes, too.
            var handle = await drive.OpenAsync($@"\big\{entry.Name}", VfsOpenIntent.AttributesOnly, None);
            await drive.CloseAsync(handle.Value!);
        }

        Assert.That(server.Count(FakeOperationKind.List), Is.EqualTo(1));
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.Zero);
        Assert.That(server.Count(FakeOperationKind.Open), Is.Zero);
        Assert.That(drive.Counters.Snapshot().ServerRoundTrips, Is.EqualTo(1));
    }

    [Test]
    public async Task GetInfo_ProbeNamesInListedFolder_AnsweredWithoutServer()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"photos\a.jpg", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);
        await drive.ListAsync("photos", "*", None);

        foreach (string probe in new[] { "desktop.ini", "autorun.inf", "Thumbs.db", "folder.jpg", "folder.gif" })
        {
            var result = await drive.GetInfoAsync($"photos/{probe}", None);
            Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), probe);
            var open = await drive.OpenAsync($"photos/{probe}", VfsOpenIntent.ReadData, None);
            Assert.That(open.Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), probe);
        }

        Assert.That(server.Count(FakeOperationKind.GetInfo) + server.Count(FakeOperationKind.Open), Is.Zero);
        Assert.That(drive.Counters.Snapshot().NegativeCacheHits, Is.GreaterThanOrEqualTo(10));
    }

    [Test]
    public async Task GetInfo_MissingNameInUnlistedFolder_AsksOnceThenNegativeCacheUntilExpiry()
    {
        var server = new FakeSmbServer();
        server.AddDirectory("docs");
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);

        for (int i = 0; i < 5; i++)
            Assert.That((await drive.GetInfoAsync(@"docs\desktop.ini", None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(1));

        time.Advance(TimeSpan.FromSeconds(4.9));
        await drive.GetInfoAsync(@"docs\desktop.ini", None);
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(1), "still within the 5 s not-found lifetime");

        time.Advance(TimeSpan.FromSeconds(0.2));
        server.AddFile(@"docs\desktop.ini", [1, 2, 3]);
        var now = await drive.GetInfoAsync(@"docs\desktop.ini", None);
        Assert.That(now.Value!.Size, Is.EqualTo(3));
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(2));
    }

    [Test]
    public async Task GetInfo_AfterFileInfoLifetime_AsksServerAgain()
    {
        var server = new FakeSmbServer();
        server.AddFile("a.txt", [1]);
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);

        await drive.GetInfoAsync("a.txt", None);
        time.Advance(TimeSpan.FromSeconds(9.9));
        await drive.GetInfoAsync("a.txt", None);
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(1));

        server.ChangeFile("a.txt", [1, 2], FakeSmbServer.BaseTime.AddHours(1));
        time.Advance(TimeSpan.FromSeconds(0.2));
        var info = await drive.GetInfoAsync("a.txt", None);
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(2));
        Assert.That(info.Value!.Size, Is.EqualTo(2));
    }

    [Test]
    public async Task GetInfo_NameUnderAFile_PathNotFoundWithoutServer()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"dir\report.pdf", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);
        await drive.GetInfoAsync(@"dir\report.pdf", None);
        int before = server.Count(FakeOperationKind.GetInfo);

        var result = await drive.GetInfoAsync(@"dir\report.pdf\desktop.ini", None);

        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND));
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(before));
    }

    [Test]
    public async Task GetInfo_CaseVariantOfListedName_ServerDecides()
    {
        var server = new FakeSmbServer(); // case-insensitive, like Samba's default
        server.AddFile(@"dir\Readme.TXT", [1, 2]);
        await using var drive = await TestDrives.ConnectAsync(server);
        await drive.ListAsync("dir", null, None);

        var result = await drive.GetInfoAsync(@"dir\readme.txt", None);

        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(result.Value!.Size, Is.EqualTo(2));
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(1));
    }

    [Test]
    public async Task GetInfo_ConcurrentCallersForOnePath_OneServerQuery()
    {
        var server = new FakeSmbServer();
        server.AddFile("a.bin", [1]);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Interceptor = async (op, ct) =>
        {
            if (op.Kind == FakeOperationKind.GetInfo) await gate.Task.WaitAsync(ct);
        };
        await using var drive = await TestDrives.ConnectAsync(server);

        var calls = Enumerable.Range(0, 16).Select(_ => drive.GetInfoAsync("a.bin", None).AsTask()).ToArray();
        await Task.Delay(100);
        gate.SetResult();
        var results = await Task.WhenAll(calls);

        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(1));
    }

    [Test]
    public async Task List_Pattern_FiltersCaseInsensitivelyFromOneListing()
    {
        var server = new FakeSmbServer();
        foreach (string name in new[] { "a.TXT", "b.txt", "c.doc", "noext" }) server.AddFile($@"d\{name}", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);

        var txt = await drive.ListAsync("d", "*.txt", None);
        var all = await drive.ListAsync("d", "<\"*", None);
        var one = await drive.ListAsync("d", "?.doc", None);

        Assert.That(txt.Value!.Select(e => e.Name), Is.EquivalentTo(new[] { "a.TXT", "b.txt" }));
        Assert.That(all.Value!.Select(e => e.Name), Is.EquivalentTo(new[] { "a.TXT", "b.txt", "c.doc", "noext" }));
        Assert.That(one.Value!.Select(e => e.Name), Is.EqualTo(new[] { "c.doc" }));
        Assert.That(server.Count(FakeOperationKind.List), Is.EqualTo(1));
    }

    [Test]
    public async Task List_ExactNamePattern_LooksUpInsteadOfListing()
    {
        var server = new FakeSmbServer();
        for (int i = 0; i < 100; i++) server.AddFile($@"d\f{i}", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);

        var hit = await drive.ListAsync("d", "f42", None);
        var miss = await drive.ListAsync("d", "nothere", None);

        Assert.That(hit.Value!.Select(e => e.Name), Is.EqualTo(new[] { "f42" }));
        Assert.That(miss.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(miss.Value, Is.Empty);
        Assert.That(server.Count(FakeOperationKind.List), Is.Zero);
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(2));
    }

    [Test]
    public async Task List_AfterDirectoryLifetime_ListsAgainAndSeesNewEntries()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"d\one", [1]);
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);

        await drive.ListAsync("d", null, None);
        server.AddFile(@"d\two", [2]);
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.That((await drive.ListAsync("d", null, None)).Value, Has.Count.EqualTo(1));
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.That((await drive.ListAsync("d", null, None)).Value, Has.Count.EqualTo(2));
        Assert.That(server.Count(FakeOperationKind.List), Is.EqualTo(2));
    }

    [Test]
    public async Task List_Errors_ComeBackAsStatuses()
    {
        var server = new FakeSmbServer();
        server.AddFile("file.txt", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);

        Assert.That((await drive.ListAsync("nothere", null, None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        Assert.That((await drive.ListAsync("file.txt", null, None)).Status, Is.EqualTo(VfsStatus.STATUS_NOT_A_DIRECTORY));
        Assert.That((await drive.ListAsync("../x", null, None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_INVALID));
        Assert.That((await drive.ListAsync("", "a/b", None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_INVALID));
    }

    [Test]
    public async Task Open_IntentMismatch_GivesDirectoryStatuses()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"d\f.txt", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);

        Assert.That((await drive.OpenAsync(@"d\f.txt", VfsOpenIntent.Directory, None)).Status, Is.EqualTo(VfsStatus.STATUS_NOT_A_DIRECTORY));
        Assert.That((await drive.OpenAsync("d", VfsOpenIntent.NonDirectory, None)).Status, Is.EqualTo(VfsStatus.STATUS_FILE_IS_A_DIRECTORY));
        Assert.That((await drive.OpenAsync("d/../..", VfsOpenIntent.ReadData, None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_INVALID));
        Assert.That((await drive.OpenAsync(@"d\missing", VfsOpenIntent.ReadData, None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }

    [Test]
    public async Task Open_AttributesOrDirectory_NeedsNoServerOpen()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"d\f.txt", [1, 2, 3]);
        await using var drive = await TestDrives.ConnectAsync(server);

        var file = await TestDrives.OpenAsync(drive, @"d\f.txt", VfsOpenIntent.AttributesOnly);
        var dir = await TestDrives.OpenAsync(drive, "/d/", VfsOpenIntent.Directory);
        var data = await TestDrives.OpenAsync(drive, "d/f.txt");
        var info = await drive.GetInfoAsync(data, None);

        Assert.That(info.Value!.Size, Is.EqualTo(3));
        Assert.That(dir.Path, Is.EqualTo("d"));
        Assert.That(dir.IsDirectory, Is.True);
        Assert.That(server.Count(FakeOperationKind.Open), Is.Zero, "opens are lazy");
        Assert.That(drive.OpenHandleCount, Is.EqualTo(3));

        await drive.CloseAsync(file);
        await drive.CloseAsync(dir);
        await drive.CloseAsync(data);
        await drive.CloseAsync(data); // a second close is harmless
        Assert.That(drive.OpenHandleCount, Is.Zero);
        Assert.That((await drive.GetInfoAsync(data, None)).Status, Is.EqualTo(VfsStatus.STATUS_FILE_CLOSED));
    }

    [Test]
    public async Task GetInfoHandle_FileDeletedAfterOpen_KeepsLastKnownInfo()
    {
        var server = new FakeSmbServer();
        server.AddFile("gone.txt", [1, 2]);
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);
        var handle = await TestDrives.OpenAsync(drive, "gone.txt");

        server.Delete("gone.txt");
        time.Advance(TimeSpan.FromSeconds(11));
        var info = await drive.GetInfoAsync(handle, None);

        Assert.That(info.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(info.Value!.Size, Is.EqualTo(2));
        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(2), "it did ask");
    }

    [Test]
    public async Task GetVolumeInfo_CachedForFileInfoLifetime()
    {
        var server = new FakeSmbServer();
        var time = new ManualTimeProvider();
        await using var drive = await TestDrives.ConnectAsync(server, time: time);

        var first = await drive.GetVolumeInfoAsync(None);
        await drive.GetVolumeInfoAsync(None);
        time.Advance(TimeSpan.FromSeconds(11));
        await drive.GetVolumeInfoAsync(None);

        Assert.That(first.Value!.Label, Is.EqualTo("share"));
        Assert.That(first.Value.TotalBytes, Is.EqualTo(1L << 40));
        Assert.That(first.Value.SerialNumber, Is.EqualTo(0x1234ABCDu));
        Assert.That(first.Value.CaseSensitive, Is.True);
        Assert.That(server.Count(FakeOperationKind.Volume), Is.EqualTo(2));
        Assert.That(drive.UncName, Is.EqualTo(@"\fakehost\share"));
        Assert.That(drive.VolumeLabel, Is.EqualTo("share"));
        Assert.That(drive.IsReadOnly, Is.False, "writable unless Vfs:ReadOnly");
        Assert.That(drive.CacheLifetimes, Is.EqualTo(new VfsCacheLifetimes(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10))));
    }

    [Test]
    public async Task GetInfo_SlashAndBackslashForms_AreOneCacheEntry()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"a\b\c.txt", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);

        await drive.GetInfoAsync("/a/b/c.txt", None);
        await drive.GetInfoAsync(@"\a\b\c.txt", None);
        await drive.GetInfoAsync(@"a/b\c.txt", None);

        Assert.That(server.Count(FakeOperationKind.GetInfo), Is.EqualTo(1));
    }
}
