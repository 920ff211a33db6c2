using SmbDrive.Cli.Tests.Integration;
using SmbDrive.Fuse;
using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Browse;

/// <summary><c>smbdrive mount //HOST MOUNTPOINT</c> through FUSE against the Samba of <see cref="BrowseServer"/>:
/// one folder per visible disk share, files read through it equal the files on disk, and a share the user may
/// not open is refused on its own.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public class ServerRootMountTests
{
    private string _mountPoint = "";

    [OneTimeSetUp]
    public void RequireFuse()
    {
        if (FuseHost.CheckPrerequisites() is { } missing)
        {
            if (TestEnvironment.IsCi) Assert.Fail(missing);
            Assert.Ignore(missing);
        }
    }

    [SetUp]
    public void CreateMountPoint() => _mountPoint = Directory.CreateTempSubdirectory("smbdrive-root-").FullName;

    [TearDown]
    public async Task RemoveMountPointAsync()
    {
        if (MountTable.IsMounted(_mountPoint)) await SmbdriveProcess.RunAsync(["unmount", _mountPoint]);
        if (!MountTable.IsMounted(_mountPoint)) Directory.Delete(_mountPoint);
    }

    private async Task MountAsync()
    {
        var mount = await SmbdriveProcess.RunAsync(
            ["mount", BrowseServer.ServerAddress, _mountPoint, "--user", BrowseServer.Server.User.Name, "--daemon"], BrowseServer.Password);
        Assert.That(mount.ExitCode, Is.Zero, mount.ToString());
        Assert.That(MountTable.IsMounted(_mountPoint), Is.True);
    }

    [Test]
    public async Task MountServer_ListsTheSharesAndReadsAFileInOne()
    {
        await MountAsync();

        Assert.That(Directory.GetFileSystemEntries(_mountPoint).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Is.EqualTo(new[] { "docs", "locked", "media" }));
        Assert.That(Directory.Exists(Path.Combine(_mountPoint, "media")), Is.True);
        Assert.That(File.ReadAllBytes(Path.Combine(_mountPoint, "media", "films", "clip.bin")),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(BrowseServer.Server.SharePath("media"), "films", "clip.bin"))));
        Assert.That(File.ReadAllText(Path.Combine(_mountPoint, "docs", "readme.txt")), Is.EqualTo("docs share\n"));
        Assert.That(MountTable.TypeAndSource(_mountPoint), Is.EqualTo(("fuse.smbdrive", $"//{BrowseServer.Server.Host}")));
    }

    [Test]
    public async Task MountServer_ShareNotPermitted_AccessDeniedForThatShareOnly()
    {
        await MountAsync();

        var listing = await Shell.RunAsync("ls", Path.Combine(_mountPoint, "locked"));
        Assert.That(listing.ExitCode, Is.Not.Zero);
        Assert.That(listing.Stderr, Does.Contain("Permission denied"));
        Assert.That(File.Exists(Path.Combine(_mountPoint, "locked", "secret.txt")), Is.False);
        // The rest of the mount still works after the refusal.
        Assert.That(File.ReadAllText(Path.Combine(_mountPoint, "docs", "readme.txt")), Is.EqualTo("docs share\n"));
    }

    [Test]
    public async Task MountServer_HiddenShare_NotListedButOpenableByName()
    {
        File.WriteAllText(Path.Combine(BrowseServer.Server.SharePath("backup$"), "b.txt"), "backup\n");
        await MountAsync();

        Assert.That(Directory.GetFileSystemEntries(_mountPoint).Select(Path.GetFileName), Does.Not.Contain("backup$"));
        Assert.That(File.ReadAllText(Path.Combine(_mountPoint, "backup$", "b.txt")), Is.EqualTo("backup\n"));
        Assert.That(Directory.Exists(Path.Combine(_mountPoint, "nosuchshare")), Is.False);
    }
}
