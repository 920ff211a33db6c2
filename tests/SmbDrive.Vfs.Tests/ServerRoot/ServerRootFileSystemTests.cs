using Serilog.Core;
using SmbDrive.Smb;
using SmbDrive.Vfs.ServerRoot;
using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.ServerRoot;

/// <summary>The server-root drive over fake shares: the root lists visible disk shares without connecting any,
/// a share connects once on first use however many callers race for it, and a refused share stays refused for
/// the negative lifetime without costing a connection per call.</summary>
[TestFixture]
public class ServerRootFileSystemTests
{
    private readonly Dictionary<string, FakeSmbServer> _servers = new();
    private readonly Dictionary<string, int> _connects = new();
    private readonly ManualTimeProvider _time = new();
    private IReadOnlyList<SmbShareInfo> _shares = [];
    private int _listings;

    [SetUp]
    public void SetUp()
    {
        // NUnit keeps one fixture instance for all its tests.
        _servers.Clear();
        _connects.Clear();
        _listings = 0;
        var media = new FakeSmbServer();
        media.AddFile("a.bin", TestDrives.Content(5000, 1));
        _servers["media"] = media;
        _shares =
        [
            new SmbShareInfo("media", 0, "Films"),
            new SmbShareInfo("locked", 0, ""),
            new SmbShareInfo("backup$", 0, ""),
            new SmbShareInfo("IPC$", 0x80000003, ""),
            new SmbShareInfo("laser", 1, ""),
        ];
    }

    private Task<ServerRootFileSystem> MountAsync() => ServerRootFileSystem.ConnectAsync("nas",
        _ => { _listings++; return Task.FromResult(_shares); },
        async (share, ct) =>
        {
            _connects[share] = _connects.GetValueOrDefault(share) + 1;
            await Task.Yield();
            if (!_servers.TryGetValue(share, out var server)) throw new SmbStatusException(NtStatus.STATUS_ACCESS_DENIED, $@"\\nas\{share}");
            return await TestDrives.ConnectAsync(server);
        },
        TestDrives.Options(), Logger.None, _time);

    [Test]
    public async Task Locks_GoToTheSharesDrive_NotRefusedByTheReadOnlyRoot()
    {
        await using var drive = await MountAsync();
        var root = (await drive.OpenAsync("", VfsOpenIntent.Directory, CancellationToken.None)).Value!;
        var file = (await drive.OpenAsync("media/a.bin", VfsOpenIntent.ReadData, CancellationToken.None)).Value!;

        Assert.That(await drive.LockAsync(root, 0, 1, VfsLockType.Exclusive, wait: false, CancellationToken.None),
            Is.EqualTo(VfsStatus.STATUS_INVALID_DEVICE_REQUEST));
        // The fake share's files cannot lock (like SMB1): the share's drive opened the file on its server to find out.
        Assert.That(_servers["media"].OpenFiles, Is.Zero);
        Assert.That(await drive.LockAsync(file, 0, 1, VfsLockType.Exclusive, wait: false, CancellationToken.None),
            Is.EqualTo(VfsStatus.STATUS_NOT_SUPPORTED));
        Assert.That(_servers["media"].OpenFiles, Is.EqualTo(1));
        await drive.UnlockAllAsync(file, CancellationToken.None);
        await drive.CloseAsync(file);
        await drive.CloseAsync(root);
        Assert.That(_servers["media"].OpenFiles, Is.Zero);
    }

    [Test]
    public async Task Root_ListsVisibleDiskSharesWithoutConnecting()
    {
        await using var drive = await MountAsync();

        var listing = await drive.ListAsync("", null, CancellationToken.None);
        var info = await drive.GetInfoAsync("locked", CancellationToken.None);

        Assert.That(listing.Value!.Select(e => (e.Name, e.IsDirectory)), Is.EqualTo(new[] { ("media", true), ("locked", true) }));
        Assert.That(info.Value!.IsDirectory, Is.True);
        Assert.That(_connects, Is.Empty);
        Assert.That((await drive.ListAsync("", "m*", CancellationToken.None)).Value!.Select(e => e.Name), Is.EqualTo(new[] { "media" }));
    }

    [Test]
    public async Task FileInShare_ReadThroughTheShareDrive()
    {
        await using var drive = await MountAsync();

        var handle = (await drive.OpenAsync(@"media\a.bin", VfsOpenIntent.ReadData, CancellationToken.None)).Value!;
        var buffer = new byte[6000];
        var read = await drive.ReadAsync(handle, 0, buffer, CancellationToken.None);
        await drive.CloseAsync(handle);

        Assert.That(read.Value, Is.EqualTo(5000));
        TestDrives.AssertSameBytes(buffer.AsSpan(0, 5000), TestDrives.Content(5000, 1));
        Assert.That(handle.Info.Name, Is.EqualTo("a.bin"));
    }

    [Test]
    public async Task ManyConcurrentFirstUses_OneConnection()
    {
        await using var drive = await MountAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => drive.GetInfoAsync("/media/a.bin", CancellationToken.None).AsTask()));

        Assert.That(results.Select(r => r.Status), Is.All.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(_connects["media"], Is.EqualTo(1));
    }

    [Test]
    public async Task RefusedShare_AccessDeniedForItOnlyAndRememberedForTheNegativeLifetime()
    {
        await using var drive = await MountAsync();

        Assert.That((await drive.OpenAsync("locked", VfsOpenIntent.Directory, CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
        Assert.That((await drive.ListAsync("locked", null, CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
        Assert.That((await drive.GetInfoAsync(@"locked\x", CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
        Assert.That(_connects["locked"], Is.EqualTo(1));
        Assert.That((await drive.GetInfoAsync(@"media\a.bin", CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));

        _time.Advance(TimeSpan.FromSeconds(TestDrives.Options().NotFoundLifetimeSeconds + 1));
        await drive.ListAsync("locked", null, CancellationToken.None);
        Assert.That(_connects["locked"], Is.EqualTo(2), "tried again once the refusal expired");
    }

    [Test]
    public async Task HiddenShare_OpenableByName_UnknownShare_NotFound()
    {
        _servers["backup$"] = new FakeSmbServer();
        await using var drive = await MountAsync();

        Assert.That((await drive.OpenAsync("backup$", VfsOpenIntent.Directory, CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That((await drive.GetInfoAsync("nosuch", CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        Assert.That((await drive.GetInfoAsync("laser", CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), "printers are not folders");
        Assert.That((await drive.GetInfoAsync(@"..\x", CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_INVALID));
    }

    [Test]
    public async Task ShareList_RefreshedAfterTheDirectoryLifetime()
    {
        await using var drive = await MountAsync();
        _shares = [.. _shares, new SmbShareInfo("new", 0, "")];

        Assert.That((await drive.ListAsync("", null, CancellationToken.None)).Value!.Select(e => e.Name), Does.Not.Contain("new"));
        _time.Advance(TimeSpan.FromSeconds(TestDrives.Options().DirectoryLifetimeSeconds + 1));
        Assert.That((await drive.ListAsync("", null, CancellationToken.None)).Value!.Select(e => e.Name), Does.Contain("new"));
        Assert.That(_listings, Is.EqualTo(2));
    }

    [Test]
    public async Task Root_OpenAsFile_IsADirectory()
    {
        await using var drive = await MountAsync();

        Assert.That((await drive.OpenAsync("", VfsOpenIntent.NonDirectory, CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_FILE_IS_A_DIRECTORY));
        var root = (await drive.OpenAsync("", VfsOpenIntent.Directory, CancellationToken.None)).Value!;
        Assert.That((await drive.ReadAsync(root, 0, new byte[4], CancellationToken.None)).Status, Is.EqualTo(VfsStatus.STATUS_FILE_IS_A_DIRECTORY));
        await drive.CloseAsync(root);
    }
}
