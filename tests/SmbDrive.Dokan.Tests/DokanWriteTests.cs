using System.Diagnostics;
using SmbDrive.Dokan.Native;
using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests;

/// <summary>The write callbacks through the simulated driver, against a writable drive over a local folder: every
/// status as NTFS gives it, every byte compared with the folder (the same scenarios run against Samba in
/// <see cref="Integration.SambaWriteSequenceTests"/>).</summary>
[TestFixture]
public sealed class DokanWriteTests
{
    private FakeMount _mount = null!;
    private WriteScenario _scenario = null!;

    private SimulatedDokanDriver Driver => _mount.Driver;

    [SetUp]
    public void SetUp()
    {
        _mount = new FakeMount(writable: true);
        _scenario = new WriteScenario(_mount.Driver, _mount.Tree.Root);
    }

    [TearDown]
    public void TearDown() => _mount.Dispose();

    [Test]
    public void Mount_WritableDrive_NotWriteProtected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Driver.Plan.Flags.HasFlag(DokanOptionFlags.WriteProtect), Is.False, "WRITE_PROTECT");
            Assert.That(Driver.GetVolumeInformation().Features.HasFlag(FileSystemFeatures.ReadOnlyVolume), Is.False);
        });
    }

    [Test]
    public void ExplorerCopyIn_NewFile_BytesAndTimeOnDisk_CallersAccessAndSharingReachTheDrive()
    {
        byte[] content = Bytes(3 * 1024 * 1024 + 4321, seed: 1);
        _scenario.CopyIn("\\Folder\\copied.bin", content, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));

        var (path, request) = _mount.Drive.Creates.Single();
        Assert.Multiple(() =>
        {
            Assert.That(path, Is.EqualTo("Folder\\copied.bin"));
            Assert.That(request.Disposition, Is.EqualTo(VfsCreateDisposition.Create));
            Assert.That(request.Share, Is.EqualTo(FileShare.Delete), "the caller's sharing (none), plus deletion for its own DELETE");
            Assert.That(request.DeleteAccess, Is.True, "the caller's DELETE");
            Assert.That(_mount.Drive.LastWriteBufferIsNative, Is.False, "the drive was handed the driver's buffer");
            Assert.That(_mount.Drive.OpenHandles, Is.Zero);
            Assert.That(Driver.Instance.UnexpectedErrors, Is.Zero);
        });
    }

    [Test]
    public void CreateFile_WriteWithoutDelete_CallersSharingUnchanged()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        Driver.Close(open);
        var (_, request) = _mount.Drive.Creates.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Share, Is.EqualTo(FileShare.Read));
            Assert.That(request.DeleteAccess, Is.False);
            Assert.That(request.Disposition, Is.EqualTo(VfsCreateDisposition.Open));
        });
    }

    [Test]
    public void Rename_File_MovesOnDisk()
    {
        _scenario.Rename("\\" + LocalTree.SmallFile, "\\Folder\\renamed.txt");
        Assert.That(_mount.Drive.OpenHandles, Is.Zero);
    }

    [Test]
    public void Rename_Folder_MovesItsContents()
    {
        byte[] inner = _mount.Tree.Content(LocalTree.NestedFile);
        var open = Driver.Create("\\" + LocalTree.Folder, IoRequest.DeleteIntent).Open!;
        int status = Driver.MoveFile(open, "\\Moved");
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.Zero);
            Assert.That(_scenario.Disk("\\Moved\\inner.txt"), Is.EqualTo(inner));
            Assert.That(Directory.Exists(_mount.Tree.FullPath(LocalTree.Folder)), Is.False);
        });
    }

    [Test]
    public void Rename_TargetExistsWithoutReplace_CollisionAndNothingChanges()
    {
        byte[] small = _mount.Tree.Content(LocalTree.SmallFile), nested = _mount.Tree.Content(LocalTree.NestedFile);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.DeleteIntent).Open!;
        int status = Driver.MoveFile(open, "\\" + LocalTree.NestedFile, replace: false);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(_mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(small));
            Assert.That(_mount.Tree.Content(LocalTree.NestedFile), Is.EqualTo(nested));
        });
    }

    [Test]
    public void Rename_TargetExistsWithReplace_TargetReplaced()
    {
        _scenario.Rename("\\" + LocalTree.SmallFile, "\\" + LocalTree.NestedFile, replace: true);
    }

    [Test]
    public void DeleteConfirmed_File_GoneAtCleanupNotBefore()
    {
        _scenario.DeleteConfirmed("\\" + LocalTree.SmallFile);
        Assert.That(_mount.Drive.OpenHandles, Is.Zero);
    }

    [Test]
    public void DeleteConfirmed_EmptyFolder_GoneAtCleanup()
    {
        Directory.CreateDirectory(_mount.Tree.FullPath("empty folder"));
        _scenario.DeleteConfirmed("\\empty folder");
    }

    [Test]
    public void DeleteDirectory_NotEmpty_DirectoryNotEmptyAndNothingDeleted()
    {
        var open = Driver.Create("\\" + LocalTree.Folder, IoRequest.DeleteIntent).Open!;
        int status = Driver.SetDisposition(open, delete: true);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)status, Is.EqualTo(VfsStatus.STATUS_DIRECTORY_NOT_EMPTY));
            Assert.That(File.Exists(_mount.Tree.FullPath(LocalTree.NestedFile)), Is.True);
        });
    }

    [Test]
    public void DeleteFile_ReadOnlyFile_CannotDeleteAndKept()
    {
        File.SetAttributes(_mount.Tree.FullPath(LocalTree.SmallFile), FileAttributes.ReadOnly);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.DeleteIntent).Open!;
        int status = Driver.SetDisposition(open, delete: true);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)status, Is.EqualTo(VfsStatus.STATUS_CANNOT_DELETE));
            Assert.That(File.Exists(_mount.Tree.FullPath(LocalTree.SmallFile)), Is.True);
        });
    }

    [Test]
    public void DeleteFile_Undone_FileKept()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.DeleteIntent).Open!;
        int marked = Driver.SetDisposition(open, delete: true);
        int undone = Driver.SetDisposition(open, delete: false);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(marked, Is.Zero);
            Assert.That(undone, Is.Zero);
            Assert.That(File.Exists(_mount.Tree.FullPath(LocalTree.SmallFile)), Is.True);
        });
    }

    [Test]
    public void DeleteOnCloseOption_WritableOpen_DeletedThroughTheHandleAtCleanup()
    {
        var args = new CreateArgs(IoRequest.FileGenericRead | IoRequest.FileGenericWrite | IoRequest.Delete, IoRequest.ShareAll,
            IoRequest.Create, IoRequest.NonDirectoryFile | IoRequest.DeleteOnClose);
        var open = Driver.Create("\\scratch.tmp", args).Open!;
        Driver.Write(open, 0, [1, 2, 3]);
        bool existedBeforeCleanup = File.Exists(_mount.Tree.FullPath("scratch.tmp"));
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(existedBeforeCleanup, Is.True);
            Assert.That(File.Exists(_mount.Tree.FullPath("scratch.tmp")), Is.False);
            Assert.That(_mount.Drive.OpenHandles, Is.Zero);
        });
    }

    [Test]
    public void WordSave_NewVersionReplacesTheDocument_NoTemporaryFilesLeft()
    {
        File.WriteAllBytes(_mount.Tree.FullPath("Folder\\report.docx"), Bytes(50_000, seed: 2));
        _scenario.WordSave("\\Folder\\report.docx", Bytes(70_001, seed: 3));
        Assert.That(_mount.Drive.OpenHandles, Is.Zero);
    }

    [Test]
    public void PagingWrite_PastEndOfFile_NeverExtendsTheFile()
    {
        string name = "odd size.bin";
        byte[] before = _mount.Tree.Content(name);
        var open = Driver.Create("\\" + name, IoRequest.ReadWriteFile).Open!;
        byte[] page = Bytes(4096, seed: 4);
        long lastPage = before.Length / 4096 * 4096;
        var straddling = Driver.Write(open, lastPage, page, pagingIo: true);
        var beyond = Driver.Write(open, lastPage + 4096, page, pagingIo: true);
        Driver.Cleanup(open);
        Driver.Close(open);

        byte[] expected = (byte[])before.Clone();
        int kept = before.Length - (int)lastPage;
        page.AsSpan(0, kept).CopyTo(expected.AsSpan((int)lastPage));
        Assert.Multiple(() =>
        {
            Assert.That(straddling, Is.EqualTo(new WriteResult(0, (uint)kept)), "clipped to the end of file");
            Assert.That(beyond, Is.EqualTo(new WriteResult(0, 0)), "nothing written past the end");
            Assert.That(_mount.Tree.Content(name), Is.EqualTo(expected));
        });
    }

    [Test]
    public void NonPagingWrite_PastEndOfFile_ExtendsTheFile()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        byte[] before = _mount.Tree.Content(LocalTree.SmallFile);
        var written = Driver.Write(open, before.Length + 10, [7, 8, 9]);
        Driver.Cleanup(open);
        Driver.Close(open);
        byte[] expected = [.. before, .. new byte[10], 7, 8, 9];
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(new WriteResult(0, 3)));
            Assert.That(_mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(expected));
        });
    }

    [Test]
    public void WriteToEndOfFile_AppendsAtTheCurrentSize()
    {
        byte[] before = _mount.Tree.Content(LocalTree.SmallFile);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.AppendOnly).Open!;
        var first = Driver.Write(open, 0, "one,"u8, writeToEndOfFile: true);
        var second = Driver.Write(open, 0, "two"u8, writeToEndOfFile: true);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new WriteResult(0, 4)));
            Assert.That(second, Is.EqualTo(new WriteResult(0, 3)));
            Assert.That(_mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(before.Concat("one,two"u8.ToArray()).ToArray()));
        });
    }

    [Test]
    public void Write_ThroughReadOnlyOpen_AccessDenied()
    {
        byte[] before = _mount.Tree.Content(LocalTree.SmallFile);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        var written = Driver.Write(open, 0, [1, 2, 3]);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(written.VfsStatus, Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
            Assert.That(_mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(before));
        });
    }

    [Test]
    public void PagingWrite_ThroughReadOnlyOpen_WrittenThroughAWritableHandleOfItsOwn()
    {
        byte[] before = _mount.Tree.Content(LocalTree.SmallFile);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        var written = Driver.Write(open, 0, "HELLO"u8, pagingIo: true);
        Driver.Cleanup(open);
        Driver.Close(open);
        byte[] expected = (byte[])before.Clone();
        "HELLO"u8.CopyTo(expected);
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.EqualTo(new WriteResult(0, 5)));
            Assert.That(_mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(expected));
            Assert.That(_mount.Drive.OpenHandles, Is.Zero);
        });
    }

    // Kernel dispositions on an existing file: the status, and what the file holds afterwards.
    [TestCase(IoRequest.Create, VfsStatus.STATUS_OBJECT_NAME_COLLISION, false, true, TestName = "Existing_CreateNew_Collision")]
    [TestCase(IoRequest.Open, VfsStatus.STATUS_SUCCESS, true, true, TestName = "Existing_Open_Kept")]
    [TestCase(IoRequest.OpenIf, VfsStatus.STATUS_OBJECT_NAME_COLLISION, true, true, TestName = "Existing_OpenAlways_CollisionSignalKept")]
    [TestCase(IoRequest.Overwrite, VfsStatus.STATUS_SUCCESS, true, false, TestName = "Existing_TruncateExisting_Truncated")]
    [TestCase(IoRequest.OverwriteIf, VfsStatus.STATUS_OBJECT_NAME_COLLISION, true, false, TestName = "Existing_CreateAlways_CollisionSignalTruncated")]
    [TestCase(IoRequest.Supersede, VfsStatus.STATUS_OBJECT_NAME_COLLISION, true, false, TestName = "Existing_Supersede_CollisionSignalTruncated")]
    public void Disposition_ExistingFile(uint disposition, VfsStatus expected, bool opened, bool contentKept)
    {
        byte[] before = _mount.Tree.Content(LocalTree.SmallFile);
        var result = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.WriteWith(disposition));
        if (result.Open is { } open)
        {
            Driver.Cleanup(open);
            Driver.Close(open);
        }
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(expected));
            Assert.That(result.Open, opened ? Is.Not.Null : Is.Null, "counted as an open");
            Assert.That(_mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(contentKept ? before : Array.Empty<byte>()));
            Assert.That(_mount.Drive.OpenHandles, Is.Zero);
            Assert.That(Driver.LeakedContexts, Is.Zero);
        });
    }

    [TestCase(IoRequest.Create, VfsStatus.STATUS_SUCCESS, true, TestName = "Missing_CreateNew_Created")]
    [TestCase(IoRequest.Open, VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND, false, TestName = "Missing_Open_NotFound")]
    [TestCase(IoRequest.OpenIf, VfsStatus.STATUS_SUCCESS, true, TestName = "Missing_OpenAlways_Created")]
    [TestCase(IoRequest.Overwrite, VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND, false, TestName = "Missing_TruncateExisting_NotFound")]
    [TestCase(IoRequest.OverwriteIf, VfsStatus.STATUS_SUCCESS, true, TestName = "Missing_CreateAlways_Created")]
    [TestCase(IoRequest.Supersede, VfsStatus.STATUS_SUCCESS, true, TestName = "Missing_Supersede_Created")]
    public void Disposition_MissingFile(uint disposition, VfsStatus expected, bool created)
    {
        var result = Driver.Create("\\Folder\\new.bin", IoRequest.WriteWith(disposition));
        if (result.Open is { } open)
        {
            Assert.That(Driver.Write(open, 0, [5, 6]).Status, Is.Zero);
            Driver.Cleanup(open);
            Driver.Close(open);
        }
        string disk = _mount.Tree.FullPath("Folder\\new.bin");
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(expected));
            Assert.That(File.Exists(disk), Is.EqualTo(created));
            if (created)
            {
                Assert.That(File.ReadAllBytes(disk), Is.EqualTo(new byte[] { 5, 6 }));
            }
            Assert.That(_mount.Drive.OpenHandles, Is.Zero);
        });
    }

    [Test]
    public void CreateNew_MissingParent_PathNotFound()
    {
        Assert.That(Driver.Create("\\no such folder\\new.bin", IoRequest.CreateNew).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND));
    }

    [Test]
    public void CreateFolder_Missing_MadeAndOpenedAsDirectory()
    {
        var result = Driver.Create("\\New Folder", IoRequest.CreateFolder);
        var again = Driver.Create("\\New Folder", IoRequest.CreateFolder);
        Driver.Cleanup(result.Open!);
        Driver.Close(result.Open!);
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(result.Open!.IsDirectory, Is.True);
            Assert.That(Directory.Exists(_mount.Tree.FullPath("New Folder")), Is.True);
            Assert.That(again.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(again.Open, Is.Null);
        });
    }

    [Test]
    public void OpenIfFolder_ExistingAndMissing_CollisionSignalOrMade()
    {
        var args = IoRequest.CreateFolder with { Disposition = IoRequest.OpenIf };
        var existing = Driver.Create("\\" + LocalTree.Folder, args);
        var missing = Driver.Create("\\Another", args);
        var overwrite = Driver.Create("\\Third", IoRequest.CreateFolder with { Disposition = IoRequest.OverwriteIf });
        foreach (var open in new[] { existing.Open, missing.Open })
        {
            Driver.Cleanup(open!);
            Driver.Close(open!);
        }
        Assert.Multiple(() =>
        {
            Assert.That(existing.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
            Assert.That(existing.Open!.IsDirectory, Is.True);
            Assert.That(missing.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(Directory.Exists(_mount.Tree.FullPath("Another")), Is.True);
            Assert.That(overwrite.VfsStatus, Is.EqualTo(VfsStatus.STATUS_INVALID_PARAMETER));
            Assert.That(Directory.Exists(_mount.Tree.FullPath("Third")), Is.False);
        });
    }

    [Test]
    public void CreateFile_WriteOpenOfAFolder_FileIsADirectory()
    {
        Assert.That(Driver.Create("\\" + LocalTree.Folder, IoRequest.WriteWith(IoRequest.OverwriteIf)).VfsStatus,
            Is.EqualTo(VfsStatus.STATUS_FILE_IS_A_DIRECTORY));
    }

    [Test]
    public void SetAllocationSize_ShrinkTruncates_GrowChangesNothing()
    {
        byte[] before = _mount.Tree.Content("odd size.bin");
        var open = Driver.Create("\\odd size.bin", IoRequest.ReadWriteFile).Open!;
        int grow = Driver.SetAllocationSize(open, before.Length * 4L);
        long afterGrow = new FileInfo(_mount.Tree.FullPath("odd size.bin")).Length;
        int shrink = Driver.SetAllocationSize(open, 1000);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(grow, Is.Zero);
            Assert.That(afterGrow, Is.EqualTo(before.Length));
            Assert.That(shrink, Is.Zero);
            Assert.That(_mount.Tree.Content("odd size.bin"), Is.EqualTo(before.AsSpan(0, 1000).ToArray()));
        });
    }

    [Test]
    public void SetEndOfFile_ExtendsWithZerosAndTruncates()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        byte[] before = _mount.Tree.Content(LocalTree.SmallFile);
        int extend = Driver.SetEndOfFile(open, before.Length + 100);
        byte[] extended = _mount.Tree.Content(LocalTree.SmallFile);
        int truncate = Driver.SetEndOfFile(open, 5);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(extend, Is.Zero);
            Assert.That(extended, Is.EqualTo(before.Concat(new byte[100]).ToArray()));
            Assert.That(truncate, Is.Zero);
            Assert.That(_mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(before.AsSpan(0, 5).ToArray()));
        });
    }

    [Test]
    public void SetFileAttributes_ZeroLeavesThem_ReadOnlySetsThem()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.QueryAttributes with { DesiredAccess = IoRequest.ReadAttributes | IoRequest.WriteAttributes }).Open!;
        int unchanged = Driver.SetFileAttributes(open, 0);
        int changesAfterZero = _mount.Drive.BasicInfoChanges.Count;
        int readOnly = Driver.SetFileAttributes(open, FileAttributes.ReadOnly);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(unchanged, Is.Zero);
            Assert.That(changesAfterZero, Is.Zero, "0 reached the drive");
            Assert.That(readOnly, Is.Zero);
            Assert.That(File.GetAttributes(_mount.Tree.FullPath(LocalTree.SmallFile)).HasFlag(FileAttributes.ReadOnly), Is.True);
        });
    }

    [TestCase(0L, TestName = "SetFileTime_Zero_LeavesTheTime")]
    [TestCase(-1L, TestName = "SetFileTime_MinusOne_LeavesTheTime")]
    [TestCase(-2L, TestName = "SetFileTime_MinusTwo_LeavesTheTime")]
    public void SetFileTime_SpecialValues_LeaveTheTime(long special)
    {
        var when = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(_mount.Tree.FullPath(LocalTree.SmallFile), when);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        int status = Driver.SetFileTime(open, null, special, special);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.Zero);
            Assert.That(_mount.Drive.BasicInfoChanges, Is.Empty, "nothing to change reached the drive");
            Assert.That(File.GetLastWriteTimeUtc(_mount.Tree.FullPath(LocalTree.SmallFile)), Is.EqualTo(when));
        });
    }

    [Test]
    public void SetFileTime_OnlyLastWrite_OthersLeftNull()
    {
        var when = new DateTime(2012, 6, 7, 8, 9, 10, DateTimeKind.Utc);
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        int status = Driver.SetFileTime(open, 0, null, when.ToFileTimeUtc());
        Driver.Cleanup(open);
        Driver.Close(open);
        var change = _mount.Drive.BasicInfoChanges.Single();
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.Zero);
            Assert.That(change.CreationTimeUtc, Is.Null);
            Assert.That(change.LastAccessTimeUtc, Is.Null);
            Assert.That(change.LastWriteTimeUtc, Is.EqualTo(when));
            Assert.That(File.GetLastWriteTimeUtc(_mount.Tree.FullPath(LocalTree.SmallFile)), Is.EqualTo(when));
        });
    }

    [Test]
    public void FlushFileBuffers_WritableOpen_ReachesTheDrive()
    {
        var open = Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        int status = Driver.Flush(open);
        Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(status, Is.Zero);
            Assert.That(_mount.Drive.Flushes, Is.EqualTo(1));
        });
    }

    [Test]
    public void ReadAfterWrite_SameOpen_SeesTheNewBytes()
    {
        var open = Driver.Create("\\new.txt", IoRequest.CreateNew).Open!;
        Driver.Write(open, 0, "written through Dokan"u8);
        var read = Driver.Read(open, 0, 4096);
        Driver.Cleanup(open);
        Driver.Close(open);
        Assert.That(read.Data, Is.EqualTo("written through Dokan"u8.ToArray()));
    }

    [Test]
    public void HungWrite_SlowToStop_IsAbandoned_TheDriveNeverHoldsTheDriversBuffer()
    {
        var options = new DokanDriveOptions
        {
            RequestTimeout = TimeSpan.FromMilliseconds(200),
            OperationTimeout = TimeSpan.FromMilliseconds(300),
            CancellationGrace = TimeSpan.FromMilliseconds(100),
        };
        using var mount = new FakeMount(options, writable: true);
        var open = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        mount.Drive.HangWrites = true;
        mount.Drive.CancellationLag = TimeSpan.FromSeconds(3);

        var clock = Stopwatch.StartNew();
        var written = mount.Driver.Write(open, 0, new byte[8192]);
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(written.VfsStatus, Is.EqualTo(VfsStatus.STATUS_IO_TIMEOUT));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "the callback waited for the lagging drive");
            Assert.That(mount.Drive.LastWriteBufferIsNative, Is.False, "the drive kept the driver's buffer");
        });
    }

    [Test]
    public void HungWrite_Unmounting_CallbackReturnsWithinTheStopGrace()
    {
        var options = new DokanDriveOptions { StopGrace = TimeSpan.FromMilliseconds(500), OperationTimeout = TimeSpan.FromSeconds(60) };
        using var mount = new FakeMount(options, writable: true);
        var open = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadWriteFile).Open!;
        mount.Drive.HangWrites = true;
        mount.Drive.CancellationLag = TimeSpan.FromSeconds(30);

        var write = Task.Run(() => mount.Driver.Write(open, 0, new byte[4096]));
        Assert.That(write.Wait(TimeSpan.FromMilliseconds(300)), Is.False, "the write should be waiting for the drive");
        var clock = Stopwatch.StartNew();
        mount.Driver.Unmounted();
        bool ended = write.Wait(TimeSpan.FromSeconds(5));
        clock.Stop();
        Assert.Multiple(() =>
        {
            Assert.That(ended, Is.True, "the write callback did not return after Unmounted");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
            Assert.That(write.Result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_IO_TIMEOUT));
        });
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

/// <summary>A drive mounted with --read-only: every write callback refuses as a write-protected disk does, and the
/// folder is left as it was.</summary>
[TestFixture]
public sealed class DokanReadOnlyWriteTests
{
    [Test]
    public void ReadOnlyDrive_EveryWriteCallback_MediaWriteProtectedAndDiskUnchanged()
    {
        using var mount = new FakeMount();
        byte[] before = mount.Tree.Content(LocalTree.SmallFile);
        var driver = mount.Driver;
        var open = driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        var statuses = new Dictionary<string, int>
        {
            ["WriteFile"] = driver.Write(open, 0, [1, 2, 3]).Status,
            ["PagingWrite"] = driver.Write(open, 0, [1, 2, 3], pagingIo: true).Status,
            ["SetEndOfFile"] = driver.SetEndOfFile(open, 1),
            ["SetAllocationSize"] = driver.SetAllocationSize(open, 1),
            ["SetFileAttributes"] = driver.SetFileAttributes(open, FileAttributes.Hidden),
            ["SetFileTime"] = driver.SetFileTime(open, null, null, DateTime.UtcNow.ToFileTimeUtc()),
            ["DeleteFile"] = driver.SetDisposition(open, delete: true),
            ["MoveFile"] = driver.MoveFile(open, "\\moved.txt"),
            ["CreateNew"] = driver.Create("\\new.txt", IoRequest.CreateNew).Status,
            ["CreateFolder"] = driver.Create("\\New Folder", IoRequest.CreateFolder).Status,
            ["OpenAlwaysMissing"] = driver.Create("\\new.txt", IoRequest.OpenAlways).Status,
        };
        driver.Cleanup(open);
        driver.Close(open);
        Assert.Multiple(() =>
        {
            foreach (var (name, status) in statuses)
            {
                Assert.That((VfsStatus)(uint)status, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED), name);
            }
            Assert.That(driver.Plan.Flags.HasFlag(DokanOptionFlags.WriteProtect), Is.True, "WRITE_PROTECT");
            Assert.That(driver.GetVolumeInformation().Features.HasFlag(FileSystemFeatures.ReadOnlyVolume), Is.True);
            Assert.That(mount.Tree.Content(LocalTree.SmallFile), Is.EqualTo(before));
            Assert.That(File.Exists(mount.Tree.FullPath("new.txt")) || Directory.Exists(mount.Tree.FullPath("New Folder")), Is.False);
            Assert.That(File.Exists(mount.Tree.FullPath("moved.txt")), Is.False);
            Assert.That(mount.Drive.OpenHandles, Is.Zero);
        });
    }
}
