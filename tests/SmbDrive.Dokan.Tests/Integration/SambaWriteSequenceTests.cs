using SmbDrive.Dokan.Native;
using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Smb;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Integration;

/// <summary>Explorer's and Word's write sequences through the simulated driver, the callback layer and the real drive
/// layer against a writable Samba share; every byte is compared with the share's disk. A second drive on the same share,
/// mounted read-only, must refuse every change.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SambaWriteSequenceTests
{
    private const string ShareName = "rw";

    private LocalTree _tree = null!;
    private SambaServer _server = null!;
    private SmbDriveFileSystem _drive = null!;
    private DokanDrive _dokan = null!;
    private SimulatedDokanDriver _driver = null!;
    private WriteScenario _scenario = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        _tree = new LocalTree();
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(ShareName, _tree.Root, ReadOnly: false));
        _server = await SambaServer.StartAsync(options);
        _drive = await ConnectAsync(readOnly: false);
    }

    [SetUp]
    public void Mount()
    {
        _dokan = new DokanDrive(_drive, new DokanDriveOptions(), Serilog.Core.Logger.None);
        _driver = SimulatedDokanDriver.ForDrive(_drive, _dokan, Serilog.Core.Logger.None);
        _scenario = new WriteScenario(_driver, _tree.Root);
    }

    [TearDown]
    public void Unmount()
    {
        int openHandles = _drive.OpenHandleCount;
        long unexpected = _driver.Instance.UnexpectedErrors, leaked = _driver.LeakedContexts;
        _driver.Dispose();
        _dokan.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(openHandles, Is.Zero, "drive handles left open");
            Assert.That(unexpected, Is.Zero, "callbacks that failed unexpectedly");
            Assert.That(leaked, Is.Zero, "contexts left behind by failed creates");
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_drive is not null)
        {
            await _drive.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _tree?.Dispose();
    }

    [Test]
    public void Mount_WritableShare_NotWriteProtected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_driver.Plan.Flags.HasFlag(DokanOptionFlags.WriteProtect), Is.False);
            Assert.That(_driver.GetVolumeInformation().Features.HasFlag(FileSystemFeatures.ReadOnlyVolume), Is.False);
            var space = _driver.GetDiskFreeSpace();
            Assert.That(space.Status, Is.Zero);
            Assert.That(space.TotalBytes, Is.GreaterThan(0UL), "free space from the server");
        });
    }

    [Test]
    public void ExplorerCopyIn_RealSamba_BytesAndTimeOnDisk()
    {
        _scenario.CopyIn("\\Folder\\copied in.bin", Bytes(5 * 1024 * 1024 + 77, seed: 21), new DateTime(2003, 4, 5, 6, 7, 8, DateTimeKind.Utc));
        // Read back through a new open: what the server has, not what a cache kept.
        var open = _driver.Create("\\Folder\\copied in.bin", IoRequest.ReadFile).Open!;
        var read = _driver.Read(open, 5 * 1024 * 1024, 4096);
        _driver.Cleanup(open);
        _driver.Close(open);
        Assert.That(read.Data, Is.EqualTo(_scenario.Disk("\\Folder\\copied in.bin").AsSpan(5 * 1024 * 1024).ToArray()));
    }

    [Test]
    public void Rename_RealSamba_MovesOnDisk_WithoutReplaceCollides()
    {
        PutOnDisk("rename-me.txt", Bytes(1000, seed: 22));
        PutOnDisk("taken.txt", Bytes(10, seed: 23));
        _scenario.Rename("\\rename-me.txt", "\\Folder\\renamed.txt");

        byte[] taken = _scenario.Disk("\\taken.txt");
        var open = _driver.Create("\\Folder\\renamed.txt", IoRequest.DeleteIntent).Open!;
        int collision = _driver.MoveFile(open, "\\taken.txt", replace: false);
        _driver.Cleanup(open);
        _driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)collision, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(_scenario.Disk("\\taken.txt"), Is.EqualTo(taken));
        });
        _scenario.Rename("\\Folder\\renamed.txt", "\\taken.txt", replace: true);
    }

    [Test]
    public void RenameThroughItsOwnWritableOpen_RealSamba_ThenWritesFollowTheFile()
    {
        // SetFileInformationByHandle(FileRenameInfo) on the handle that is writing, as "save then rename" programs do.
        var created = _driver.Create("\\saving.tmp", IoRequest.SaveTemporary);
        Assert.That(created.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        var open = created.Open!;
        _driver.Write(open, 0, "first "u8);
        int renamed = _driver.MoveFile(open, "\\saved.txt", replace: false);
        var second = _driver.Write(open, 6, "second"u8);
        _driver.Cleanup(open);
        _driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)renamed, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(second, Is.EqualTo(new WriteResult(0, 6)));
            Assert.That(File.Exists(_tree.FullPath("saving.tmp")), Is.False);
            Assert.That(_scenario.Disk("\\saved.txt"), Is.EqualTo("first second"u8.ToArray()));
        });
    }

    [Test]
    public void DeleteConfirmed_RealSamba_GoneAtCleanup_NonEmptyFolderRefused()
    {
        PutOnDisk("delete-me.txt", Bytes(100, seed: 24));
        _scenario.DeleteConfirmed("\\delete-me.txt");

        var folder = _driver.Create("\\" + LocalTree.Folder, IoRequest.DeleteIntent).Open!;
        int status = _driver.SetDisposition(folder, delete: true);
        _driver.Cleanup(folder);
        _driver.Close(folder);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)status, Is.EqualTo(VfsStatus.STATUS_DIRECTORY_NOT_EMPTY));
            Assert.That(File.Exists(_tree.FullPath(LocalTree.NestedFile)), Is.True);
        });
    }

    [Test]
    public void WordSave_RealSamba_NewVersionOnDisk_NoTemporaryFiles()
    {
        PutOnDisk("Folder\\Sub\\thesis.docx", Bytes(120_000, seed: 25));
        _scenario.WordSave("\\Folder\\Sub\\thesis.docx", Bytes(150_003, seed: 26));
    }

    [Test]
    public void Dispositions_RealSamba_StatusesAndDisk()
    {
        PutOnDisk("disposition.bin", Bytes(3000, seed: 27));
        var createNew = _driver.Create("\\disposition.bin", IoRequest.WriteWith(IoRequest.Create));
        var openIf = _driver.Create("\\disposition.bin", IoRequest.WriteWith(IoRequest.OpenIf));
        Close(openIf.Open);
        long sizeAfterOpenIf = new FileInfo(_tree.FullPath("disposition.bin")).Length;
        var overwriteIf = _driver.Create("\\disposition.bin", IoRequest.WriteWith(IoRequest.OverwriteIf));
        Close(overwriteIf.Open);
        long sizeAfterOverwriteIf = new FileInfo(_tree.FullPath("disposition.bin")).Length;
        var overwriteMissing = _driver.Create("\\no-such.bin", IoRequest.WriteWith(IoRequest.Overwrite));
        var supersedeMissing = _driver.Create("\\superseded.bin", IoRequest.WriteWith(IoRequest.Supersede));
        Close(supersedeMissing.Open);
        var folder = _driver.Create("\\Made Folder", IoRequest.CreateFolder);
        Close(folder.Open);
        Assert.Multiple(() =>
        {
            Assert.That(createNew.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(openIf.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(sizeAfterOpenIf, Is.EqualTo(3000));
            Assert.That(overwriteIf.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(sizeAfterOverwriteIf, Is.Zero);
            Assert.That(overwriteMissing.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
            Assert.That(supersedeMissing.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(File.Exists(_tree.FullPath("superseded.bin")), Is.True);
            Assert.That(folder.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(folder.Open!.IsDirectory, Is.True);
            Assert.That(Directory.Exists(_tree.FullPath("Made Folder")), Is.True);
        });
    }

    [Test]
    public void PagingWriteAndAppend_RealSamba_NeverExtendsAndAppends()
    {
        byte[] original = Bytes(10_000, seed: 28);
        PutOnDisk("paging.bin", original);
        var open = _driver.Create("\\paging.bin", IoRequest.ReadWriteFile).Open!;
        byte[] page = Bytes(4096, seed: 29);
        var straddling = _driver.Write(open, 8192, page, pagingIo: true);
        var beyond = _driver.Write(open, 12288, page, pagingIo: true);
        _driver.Cleanup(open);
        _driver.Close(open);
        byte[] expected = (byte[])original.Clone();
        page.AsSpan(0, 10_000 - 8192).CopyTo(expected.AsSpan(8192));

        var append = _driver.Create("\\paging.bin", IoRequest.AppendOnly).Open!;
        var appended = _driver.Write(append, 0, "tail"u8, writeToEndOfFile: true);
        _driver.Cleanup(append);
        _driver.Close(append);
        Assert.Multiple(() =>
        {
            Assert.That(straddling, Is.EqualTo(new WriteResult(0, 10_000 - 8192)));
            Assert.That(beyond, Is.EqualTo(new WriteResult(0, 0)));
            Assert.That(appended, Is.EqualTo(new WriteResult(0, 4)));
            Assert.That(_scenario.Disk("\\paging.bin"), Is.EqualTo(expected.Concat("tail"u8.ToArray()).ToArray()));
        });
    }

    [Test]
    public async Task ReadOnlyMount_RealSamba_RefusesEveryChange_DiskUnchanged()
    {
        await using var readOnly = await ConnectAsync(readOnly: true);
        using var dokan = new DokanDrive(readOnly, new DokanDriveOptions(), Serilog.Core.Logger.None);
        using var driver = SimulatedDokanDriver.ForDrive(readOnly, dokan, Serilog.Core.Logger.None);
        byte[] before = _tree.Content(LocalTree.SmallFile);
        var open = driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        var statuses = new[]
        {
            driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Status,
            driver.Create("\\brand-new.txt", IoRequest.CreateNew).Status,
            driver.Write(open, 0, [1, 2, 3]).Status,
            driver.SetEndOfFile(open, 0),
            driver.SetDisposition(open, delete: true),
            driver.MoveFile(open, "\\moved.txt"),
        };
        driver.Cleanup(open);
        driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(driver.Plan.Flags.HasFlag(DokanOptionFlags.WriteProtect), Is.True);
            Assert.That(statuses.Select(s => (VfsStatus)(uint)s), Is.All.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
            Assert.That(_tree.Content(LocalTree.SmallFile), Is.EqualTo(before));
            Assert.That(File.Exists(_tree.FullPath("brand-new.txt")) || File.Exists(_tree.FullPath("moved.txt")), Is.False);
        });
    }

    /// <summary>A file put on the share's disk behind the server's back, writable for the share's user as the
    /// server's own files are.</summary>
    private void PutOnDisk(string relative, byte[] content)
    {
        string path = _tree.FullPath(relative);
        File.WriteAllBytes(path, content);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
    }

    private void Close(SimulatedOpen? open)
    {
        if (open is not null)
        {
            _driver.Cleanup(open);
            _driver.Close(open);
        }
    }

    private async Task<SmbDriveFileSystem> ConnectAsync(bool readOnly)
    {
        var address = SmbAddress.Parse(_server.Address(ShareName));
        var credentials = SmbCredentials.User(_server.User.Name, _server.User.Password);
        return await SmbDriveFileSystem.ConnectAsync(
            ct => SmbClient.ConnectShareAsync(address, credentials, new SmbClientOptions(), null, ct),
            new VfsOptions { ReadOnly = readOnly }, Serilog.Core.Logger.None);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
