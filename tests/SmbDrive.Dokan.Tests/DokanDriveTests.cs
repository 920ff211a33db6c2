using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests;

/// <summary>The callback layer's answers, each through the simulated driver.</summary>
[TestFixture]
public sealed class DokanDriveTests
{
    private FakeMount _mount = null!;

    private SimulatedDokanDriver Driver => _mount.Driver;

    [SetUp]
    public void SetUp() => _mount = new FakeMount();

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void CreateFile_FileWithDirectoryFileOption_NotADirectory()
    {
        var result = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ListFolder);
        Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_NOT_A_DIRECTORY));
    }

    [Test]
    public void CreateFile_DirectoryWithNonDirectoryOption_FileIsADirectory()
    {
        var result = Driver.Create("\\" + LocalTree.Folder, IoRequest.ReadFile);
        Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_FILE_IS_A_DIRECTORY));
    }

    [Test]
    public void CreateFile_DirectoryWithoutDirectoryOption_SetsIsDirectory()
    {
        var result = Driver.Create("\\" + LocalTree.Folder, IoRequest.OpenAnything);
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(result.Open!.IsDirectory, Is.True);
        });
    }

    [Test]
    public void CreateFile_FileWithoutOptions_ClearsIsDirectory()
    {
        var result = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.OpenAnything);
        Assert.That(result.Open!.IsDirectory, Is.False);
    }

    [Test]
    public void CreateFile_MissingParent_ObjectPathNotFound()
    {
        Assert.That(Driver.Create("\\nope\\deeper\\x.txt", IoRequest.ReadFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND));
    }

    [Test]
    public void CreateFile_DriveSaysNameNotFoundForMissingParent_StillObjectPathNotFound()
    {
        _mount.Drive.NaiveNotFound = true;
        Assert.Multiple(() =>
        {
            Assert.That(Driver.Create("\\nope\\x.txt", IoRequest.ReadFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND));
            Assert.That(Driver.Create("\\" + LocalTree.SmallFile + "\\x", IoRequest.ReadFile).VfsStatus,
                Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND));
            Assert.That(Driver.Create("\\Folder\\nope.txt", IoRequest.ReadFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
            Assert.That(Driver.Create("\\nope.txt", IoRequest.ReadFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        });
    }

    [Test]
    public void CreateFile_ParentIsAFile_ObjectPathNotFound()
    {
        var result = Driver.Create("\\" + LocalTree.SmallFile + "\\desktop.ini", IoRequest.ProbeDesktopIni);
        Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND));
    }

    [TestCase(IoRequest.FileGenericRead | IoRequest.FileGenericWrite, IoRequest.Open, 0u, TestName = "GenericWrite")]
    [TestCase(IoRequest.ReadData | IoRequest.AppendData, IoRequest.Open, 0u, TestName = "AppendData")]
    [TestCase(IoRequest.ReadAttributes | IoRequest.WriteAttributes, IoRequest.Open, 0u, TestName = "WriteAttributes")]
    [TestCase(IoRequest.Delete | IoRequest.Synchronize, IoRequest.Open, 0u, TestName = "Delete")]
    [TestCase(IoRequest.FileAllAccess, IoRequest.Open, 0u, TestName = "AllAccess")]
    [TestCase(IoRequest.FileGenericRead, IoRequest.Open, IoRequest.DeleteOnClose, TestName = "DeleteOnClose")]
    [TestCase(IoRequest.FileGenericRead, IoRequest.Create, 0u, TestName = "Create")]
    [TestCase(IoRequest.FileGenericRead, IoRequest.Supersede, 0u, TestName = "Supersede")]
    [TestCase(IoRequest.FileGenericRead, IoRequest.Overwrite, 0u, TestName = "Overwrite")]
    [TestCase(IoRequest.FileGenericRead, IoRequest.OverwriteIf, 0u, TestName = "OverwriteIf")]
    public void CreateFile_WriteIntentOnReadOnlyDrive_MediaWriteProtectedWithoutReachingTheDrive(uint access, uint disposition, uint options)
    {
        var result = Driver.Create("\\" + LocalTree.SmallFile, new CreateArgs(access, IoRequest.ShareAll, disposition, options | IoRequest.NonDirectoryFile));
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
            Assert.That(_mount.Drive.Opens, Is.Empty);
        });
    }

    [Test]
    public void CreateFile_MaximumAllowed_OpensForReading()
    {
        var result = Driver.Create("\\" + LocalTree.SmallFile, new CreateArgs(IoRequest.MaximumAllowed, IoRequest.ShareAll, IoRequest.Open, 0));
        Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test]
    public void CreateFile_OpenAlwaysOnExistingFile_CollisionCountedAsOpen()
    {
        var result = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.OpenAlways);
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(result.Open, Is.Not.Null, "the library treats the collision as a successful open");
        });
        Driver.Close(result.Open!);
        Assert.That(_mount.Drive.OpenHandles, Is.Zero);
    }

    [Test]
    public void CreateFile_OpenAlwaysOnMissingFile_MediaWriteProtected()
    {
        Assert.That(Driver.Create("\\new.txt", IoRequest.OpenAlways).VfsStatus, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
    }

    [Test]
    public void CreateFile_AttributesOnlyOpen_CostsNoServerOpen()
    {
        var open = Driver.Create("\\" + LocalTree.BigFile, IoRequest.QueryAttributes).Open!;
        var info = Driver.GetFileInformation(open);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(info.Size, Is.EqualTo(new FileInfo(_mount.Tree.FullPath(LocalTree.BigFile)).Length));
            Assert.That(_mount.Drive.Opens.Single().Intent, Is.EqualTo(VfsOpenIntent.AttributesOnly));
            Assert.That(_mount.Drive.ServerOpens, Is.Zero);
        });
    }

    [Test]
    public void CreateFile_ListFolder_OpensWithDirectoryIntent()
    {
        Driver.Create("\\" + LocalTree.Folder, IoRequest.ListFolder);
        Assert.That(_mount.Drive.Opens.Single().Intent, Is.EqualTo(VfsOpenIntent.Directory));
    }

    [TestCase("\\a:b", TestName = "Colon")]
    [TestCase("\\a*b", TestName = "Star")]
    [TestCase("\\a?b", TestName = "Question")]
    [TestCase("\\a|b", TestName = "Pipe")]
    [TestCase("\\a\\\\b", TestName = "EmptyComponent")]
    [TestCase("\\..\\etc", TestName = "DotDot")]
    [TestCase("\\a\u0001b", TestName = "ControlCharacter")]
    public void CreateFile_InvalidName_ObjectNameInvalid(string name)
    {
        Assert.That(Driver.Create(name, IoRequest.QueryAttributes).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_INVALID));
    }

    [Test]
    public void CreateFile_ComponentLongerThan255_ObjectNameInvalid()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Driver.Create("\\" + new string('x', 256), IoRequest.QueryAttributes).VfsStatus,
                Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_INVALID));
            Assert.That(Driver.Create("\\" + new string('x', 255), IoRequest.QueryAttributes).VfsStatus,
                Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        });
    }

    [Test]
    public void CreateFile_TrailingBackslash_OnlyForDirectories()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Driver.Create("\\" + LocalTree.SmallFile + "\\", IoRequest.OpenAnything).VfsStatus,
                Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_INVALID));
            Assert.That(Driver.Create("\\" + LocalTree.Folder + "\\", IoRequest.OpenAnything).VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        });
    }

    [Test]
    public void CreateFile_BothDirectoryOptions_InvalidParameter()
    {
        var args = IoRequest.ReadFile.WithOptions(IoRequest.DirectoryFile | IoRequest.NonDirectoryFile);
        Assert.That(Driver.Create("\\" + LocalTree.SmallFile, args).VfsStatus, Is.EqualTo(VfsStatus.STATUS_INVALID_PARAMETER));
    }

    [Test]
    public void ReadFile_DirectoryHandle_InvalidDeviceRequest()
    {
        var open = Driver.Create("\\" + LocalTree.Folder, IoRequest.OpenAnything).Open!;
        Assert.That((VfsStatus)(uint)Driver.Read(open, 0, 10).Status, Is.EqualTo(VfsStatus.STATUS_INVALID_DEVICE_REQUEST));
    }

    [Test]
    public void ReadFile_NegativeOffset_InvalidParameter()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        Assert.That(Driver.Read(open, -1, 10).Status, Is.EqualTo(SimulatedDokanDriver.StatusInvalidParameter));
    }

    [Test]
    public void ReadFile_ThroughAttributesOnlyOpen_OpensDataOnceAndReleasesItAtClose()
    {
        var open = Driver.Create("\\" + LocalTree.BigFile, IoRequest.QueryAttributes).Open!;
        var first = Driver.Read(open, 0, 4096, pagingIo: true);
        var second = Driver.Read(open, 4096, 4096, pagingIo: true);
        long dataOpens = _mount.Drive.Opens.Count(o => o.Intent != VfsOpenIntent.AttributesOnly);
        Driver.Close(open);
        byte[] expected = _mount.Tree.Content(LocalTree.BigFile);
        Assert.Multiple(() =>
        {
            Assert.That(first.Data, Is.EqualTo(expected.AsSpan(0, 4096).ToArray()));
            Assert.That(second.Data, Is.EqualTo(expected.AsSpan(4096, 4096).ToArray()));
            Assert.That(dataOpens, Is.EqualTo(1));
            Assert.That(_mount.Drive.OpenHandles, Is.Zero);
        });
    }

    [Test]
    public void ReadFile_PagingReadStraddlingEnd_ClampedToFileSize()
    {
        byte[] expected = _mount.Tree.Content(LocalTree.SmallFile);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        var read = Driver.Read(open, 0, 65536, pagingIo: true);
        Assert.That(read.Data, Is.EqualTo(expected));
    }

    [Test]
    public void ReadFile_PagingReadPastEnd_DoesNotAskTheDrive()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        long readsBefore = _mount.Drive.Reads;
        var read = Driver.Read(open, 4096, 4096, pagingIo: true);
        Assert.Multiple(() =>
        {
            Assert.That(read.CallbackStatus, Is.Zero);
            Assert.That(read.Status, Is.EqualTo(SimulatedDokanDriver.StatusEndOfFile));
            Assert.That(_mount.Drive.Reads, Is.EqualTo(readsBefore));
        });
    }

    [Test]
    public void GetFileInformation_DriveFailsForTheHandle_AnswersFromTheOpen()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        _mount.Drive.FailHandleInfo = true;
        var info = Driver.GetFileInformation(open);
        Assert.Multiple(() =>
        {
            Assert.That(info.CallbackStatus, Is.Zero);
            Assert.That(info.Size, Is.EqualTo(_mount.Tree.Content(LocalTree.SmallFile).Length));
        });
    }

    [Test]
    public void GetFileInformation_SerialMatchesVolumeSerial_AndIndexIsTheServerFileId()
    {
        var volume = Driver.GetVolumeInformation();
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.QueryAttributes).Open!;
        var info = Driver.GetFileInformation(open);
        Assert.Multiple(() =>
        {
            Assert.That(info.VolumeSerialNumber, Is.EqualTo(volume.SerialNumber));
            Assert.That(info.FileIndex, Is.EqualTo(_mount.Drive.FileIdOf(LocalTree.SmallFile)));
            Assert.That(info.NumberOfLinks, Is.EqualTo(1u));
        });
    }

    [Test]
    public void FindFilesWithPattern_ExactName_LooksItUpWithoutListing()
    {
        var folder = Driver.Create("\\" + LocalTree.Folder, IoRequest.ListFolder).Open!;
        var found = Driver.FindFiles(folder, "inner.txt");
        var missing = Driver.FindFiles(folder, "absent.txt");
        Assert.Multiple(() =>
        {
            Assert.That(found.Status, Is.Zero);
            Assert.That(found.Entries.Select(e => e.Name), Is.EqualTo(new[] { "inner.txt" }));
            Assert.That(found.Entries[0].Size, Is.EqualTo(777));
            Assert.That(missing.Status, Is.EqualTo(SimulatedDokanDriver.StatusNoSuchFile));
            Assert.That(_mount.Drive.Listings, Is.Zero);
        });
    }

    [Test]
    public void FindFilesWithPattern_DosStarPattern_FiltersLikeFsRtl()
    {
        var root = Driver.Create("\\", IoRequest.ListFolder).Open!;
        var result = Driver.FindFiles(root, "<.txt"); // what FindFirstFile("*.txt") sends
        Assert.That(result.Entries.Select(e => e.Name), Is.EquivalentTo(new[] { LocalTree.SmallFile, LocalTree.UnicodeFile }));
    }

    [Test]
    public void FindFiles_OnFileHandle_InvalidParameter()
    {
        var file = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        Assert.That(Driver.FindFiles(file).Status, Is.EqualTo(SimulatedDokanDriver.StatusInvalidParameter));
    }

    [Test]
    public void WriteLikeCallbacks_ReadOnlyDrive_MediaWriteProtected()
    {
        var file = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        Assert.Multiple(() =>
        {
            Assert.That(Driver.Write(file, 0, [1, 2, 3]).VfsStatus, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
            Assert.That((VfsStatus)(uint)Driver.DeleteFile(file), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
            Assert.That((VfsStatus)(uint)Driver.MoveFile(file, "\\moved.txt"), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        });
    }

    [Test]
    public void GetVolumeInformation_LongShareName_LabelCutTo32()
    {
        using var mount = new FakeMount(shareName: new string('s', 40));
        var volume = mount.Driver.GetVolumeInformation();
        Assert.That(volume.Label, Is.EqualTo(new string('s', 32)));
    }

    [Test]
    public void GetVolumeInformation_WritableDrive_NoReadOnlyFlag()
    {
        _mount.Drive.IsReadOnly = false;
        Assert.That(Driver.GetVolumeInformation().Features.HasFlag(FileSystemFeatures.ReadOnlyVolume), Is.False);
    }

    [Test]
    public void GetDiskFreeSpace_ReportsTheDrivesVolume()
    {
        var space = Driver.GetDiskFreeSpace();
        var disk = new DriveInfo(_mount.Tree.Root);
        Assert.Multiple(() =>
        {
            Assert.That(space.Status, Is.Zero);
            Assert.That(space.TotalBytes, Is.EqualTo((ulong)disk.TotalSize));
        });
    }
}
