using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;
using SmbDrive.Smb.Tests.Integration;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>The SMB1 write side against the NT1-only Samba's writable share "rw", through the same
/// <see cref="ISmbWritableShare"/> the drive and the CLI use; every result is checked on the server's disk.</summary>
[Category("Integration")]
public class Smb1WriteTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private WritableFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new WritableFolder(Smb1Fixture.WritableDir);

    private void Put(string name, string text) => _folder.Put(name, text);
    private void MakeDir(string name) => _folder.MakeDir(name);
    private string Remote(string name) => _folder.Remote(name);
    private string Disk(string name) => _folder.Disk(name);


    internal static Task<Smb1Tree> ConnectAsync(SmbClientOptions? options = null, Smb1Tuning? tuning = null) =>
        Smb1Fixture.ConnectAsync("rw", options, tuning);

    internal static void AssertDiskEquals(string path, byte[] expected)
    {
        Assert.That(new FileInfo(path).Length, Is.EqualTo(expected.LongLength), $"size of {path}");
        FileComparer.AssertRangeEquals(path, 0, expected);
    }

    [Test, CancelAfter(60_000)]
    public async Task Write_SixteenMiB_LargeWriteAndXInFlight_BytesEqualDisk()
    {
        await using var share = await ConnectAsync();
        Assert.That(share.UsesLargeWrites, Is.True, "Samba offers CAP_LARGE_WRITEX and the session is unsigned");
        Assert.That(share.MaxWriteSize, Is.EqualTo(124 * 1024), "whole pages below Samba's 0x1FFFF-byte message limit");
        Assert.That(share.MaxWriteSize, Is.GreaterThan((int)share.Connection.Negotiated!.MaxBufferSize), "larger than MaxBufferSize");
        var data = TestData.RandomContent(101, 0, 16 << 20);
        long writesBefore = share.Connection.Counters.Writes;
        await using (var file = await share.CreateAsync(Remote("big.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, data, 0, None);
            await file.FlushAsync(None);
        }
        AssertDiskEquals(Disk("big.bin"), data);
        Assert.That(share.Connection.Counters.Writes - writesBefore, Is.EqualTo((data.Length + share.MaxWriteSize - 1) / share.MaxWriteSize));
        Assert.That(share.Connection.Counters.MaxWritesInFlight, Is.GreaterThan(1), "WRITE_ANDX pipelined, each matched by its MID");
        Assert.That(share.Connection.Counters.MaxWritesInFlight, Is.LessThan(share.Connection.MaxMpxCount), "within MaxMpxCount, one slot left");
        Assert.That(share.Connection.Counters.WritesInFlight, Is.Zero);
    }

    [Test, CancelAfter(60_000)]
    public async Task Write_Signed_HeldToMaxBufferSize_BytesEqualDisk()
    {
        await using var share = await ConnectAsync(new SmbClientOptions { RequireSigning = true });
        Assert.That(share.Connection.IsSigning, Is.True);
        Assert.That(share.UsesLargeWrites, Is.False, "servers ignore CAP_LARGE_WRITEX on signed sessions");
        Assert.That(share.MaxWriteSize, Is.LessThanOrEqualTo((int)share.Connection.Negotiated!.MaxBufferSize - 64));
        var data = TestData.RandomContent(102, 0, 3 << 20);
        await using (var file = await share.CreateAsync(Remote("signed.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
            await file.WriteAsync(0, data, 0, None);
        AssertDiskEquals(Disk("signed.bin"), data);
        Assert.That(share.Connection.Counters.VerifiedSignatures, Is.GreaterThan(3 << 20 >> 15), "every WRITE_ANDX response verified");
    }

    [Test, CancelAfter(60_000)]
    public async Task Write_WithoutLargeWrites_DosErrorsAndOem_BytesEqualDisk()
    {
        var tuning = new Smb1Tuning { UseLargeWrites = false, UseNtStatus = false, UseUnicode = false, UsePassThroughLevels = false };
        await using var share = await ConnectAsync(tuning: tuning);
        Assert.That(share.MaxWriteSize, Is.LessThanOrEqualTo((int)share.Connection.Negotiated!.MaxBufferSize - 64));
        var data = TestData.RandomContent(103, 0, 1_000_003);
        await using (var file = await share.CreateAsync(Remote("small-writes.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, data, 0, None);
            await file.SetEndOfFileAsync(500_000, None);
        }
        AssertDiskEquals(Disk("small-writes.bin"), data[..500_000]);
        var collision = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("small-writes.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None));
        Assert.That(collision!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION), "the DOS error mapped to its NTSTATUS");
        Assert.That(collision.Message, Does.Contain("small-writes.bin").And.Contain("STATUS_OBJECT_NAME_COLLISION").And.Contain(@"\rw\"));
    }

    [Test]
    public async Task Write_PastEndOfFileAndBeyondFourGiB_LeavesHolesAndLandsAtSixtyFourBitOffset()
    {
        await using var share = await ConnectAsync();
        long far = (5L << 30) + 777;
        await using (var file = await share.CreateAsync(Remote("hole.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, "abc"u8.ToArray(), 0, None);
            await file.WriteAsync(100_000, "xyz"u8.ToArray(), 0, None);
            await file.WriteAsync(far, "end"u8.ToArray(), 0, None);
            Assert.That((await file.QueryInfoAsync(None)).Size, Is.EqualTo(far + 3));
        }
        Assert.That(new FileInfo(Disk("hole.bin")).Length, Is.EqualTo(far + 3));
        FileComparer.AssertRangeEquals(Disk("hole.bin"), 0, "abc"u8);
        FileComparer.AssertRangeEquals(Disk("hole.bin"), 3, new byte[99_997]);
        FileComparer.AssertRangeEquals(Disk("hole.bin"), 100_000, "xyz"u8);
        FileComparer.AssertRangeEquals(Disk("hole.bin"), far - 4096, new byte[4096]);
        FileComparer.AssertRangeEquals(Disk("hole.bin"), far, "end"u8);
    }

    [Test]
    public async Task Write_ThenReadBackOnSameHandle_SeesWrite()
    {
        await using var share = await ConnectAsync();
        await using var file = await share.CreateAsync(Remote("rw.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None);
        var data = TestData.RandomContent(104, 0, 3 << 20);
        await file.WriteAsync(0, data, 0, None);
        var back = new byte[data.Length + 10];
        int n = await file.ReadAsync(0, back, 0, None);
        Assert.That(n, Is.EqualTo(data.Length));
        Assert.That(back.AsSpan(0, n).SequenceEqual(data), Is.True);
        AssertDiskEquals(Disk("rw.bin"), data);
    }

    [Test]
    public async Task Create_Dispositions_BehaveAsSpecified_AndReturnInfo()
    {
        await using var share = await ConnectAsync();
        Put("exists.txt", "old content");
        var collision = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("exists.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None));
        Assert.That(collision!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(collision.Message, Does.Contain("exists.txt").And.Contain("STATUS_OBJECT_NAME_COLLISION").And.Contain("127.0.0.1"));
        var missing = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("missing.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Open), None));
        Assert.That(missing!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        missing = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("missing.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Overwrite), None));
        Assert.That(missing!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));

        await using (var f = await share.CreateAsync(Remote("exists.txt"), WriteTests.ReadWrite(SmbCreateDisposition.OpenIf), None))
        {
            Assert.That(f.Info.Size, Is.EqualTo(11), "OPEN_IF keeps an existing file");
            Assert.That(f.Info.Name, Is.EqualTo("exists.txt"));
            Assert.That(f.Info.LastWriteTimeUtc, Is.EqualTo(File.GetLastWriteTimeUtc(Disk("exists.txt"))).Within(TimeSpan.FromSeconds(1)));
        }
        await using (var f = await share.CreateAsync(Remote("exists.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Overwrite), None))
            Assert.That(f.Info.Size, Is.Zero, "OVERWRITE truncates");
        Put("exists.txt", "again");
        await using (var f = await share.CreateAsync(Remote("exists.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Supersede), None))
            Assert.That(f.Info.Size, Is.Zero, "SUPERSEDE replaces");
        await using (var f = await share.CreateAsync(Remote("new.txt"), WriteTests.ReadWrite(SmbCreateDisposition.OverwriteIf), None))
            await f.WriteAsync(0, "n"u8.ToArray(), 0, None);
        Assert.That(File.ReadAllText(Disk("new.txt")), Is.EqualTo("n"));
        Assert.That(new FileInfo(Disk("exists.txt")).Length, Is.Zero);

        MakeDir("d");
        var notDir = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("new.txt"),
            new SmbCreateParameters { Access = SmbAccess.GenericRead, Disposition = SmbCreateDisposition.Open, Options = SmbCreateOptions.DirectoryFile }, None));
        Assert.That(notDir!.Status, Is.EqualTo(NtStatus.STATUS_NOT_A_DIRECTORY));
        var isDir = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("d"), WriteTests.ReadWrite(SmbCreateDisposition.Open), None));
        Assert.That(isDir!.Status, Is.EqualTo(NtStatus.STATUS_FILE_IS_A_DIRECTORY));
        await using (var d = await share.CreateAsync(Remote("made"), new SmbCreateParameters
                     {
                         Access = SmbAccess.ReadAttributes, Disposition = SmbCreateDisposition.Create, Options = SmbCreateOptions.DirectoryFile,
                     }, None))
            Assert.That(d.Info.IsDirectory, Is.True, "NT_CREATE_ANDX with FILE_DIRECTORY_FILE makes a directory");
        Assert.That(Directory.Exists(Disk("made")), Is.True);
    }

    [Test]
    public async Task Create_ShareAccess_SecondWriterGetsSharingViolation()
    {
        await using var share = await ConnectAsync();
        Put("shared.txt", "s");
        await using var first = await share.CreateAsync(Remote("shared.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Open) with { ShareAccess = SmbShareAccess.Read }, None);
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("shared.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Open), None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_SHARING_VIOLATION), "the caller's ShareAccess reached the server");
        await using var reader = await share.CreateAsync(Remote("shared.txt"),
            new SmbCreateParameters { Access = SmbAccess.GenericRead, Disposition = SmbCreateDisposition.Open, ShareAccess = SmbShareAccess.All }, None);
        Assert.That(reader.Info.Size, Is.EqualTo(1));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task SetEndOfFile_TruncatesAndExtends_OnDisk(bool passThrough)
    {
        await using var share = await ConnectAsync(tuning: new Smb1Tuning { UsePassThroughLevels = passThrough });
        Assert.That(share.PassThrough, Is.EqualTo(passThrough));
        var data = TestData.RandomContent(105, 0, 50_000);
        await using (var file = await share.CreateAsync(Remote("eof.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, data, 0, None);
            await file.SetEndOfFileAsync(1000, None);
            Assert.That(new FileInfo(Disk("eof.bin")).Length, Is.EqualTo(1000));
            await file.SetEndOfFileAsync(5000, None);
            await file.SetAllocationSizeAsync(1 << 20, None);
            Assert.That((await file.QueryInfoAsync(None)).Size, Is.EqualTo(5000));
        }
        var expected = new byte[5000];
        data.AsSpan(0, 1000).CopyTo(expected);
        AssertDiskEquals(Disk("eof.bin"), expected);
        await share.SetEndOfFileAsync(Remote("eof.bin"), 10, None);
        AssertDiskEquals(Disk("eof.bin"), expected[..10]);
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task SetBasicInfo_Times_VisibleOnDisk_ZeroAndMinusOneKeep(bool passThrough)
    {
        await using var share = await ConnectAsync(tuning: new Smb1Tuning { UsePassThroughLevels = passThrough });
        Put("times.txt", "t");
        var when = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        await share.SetBasicInfoAsync(Remote("times.txt"), new SmbBasicInfo(0, SmbBasicInfo.ToFileTime(when), SmbBasicInfo.ToFileTime(when), 0, 0), None);
        Assert.That(File.GetLastWriteTimeUtc(Disk("times.txt")), Is.EqualTo(when));
        Assert.That(File.GetLastAccessTimeUtc(Disk("times.txt")), Is.EqualTo(when));
        var later = when.AddDays(1);
        await share.SetBasicInfoAsync(Remote("times.txt"), new SmbBasicInfo(0, 0, SmbBasicInfo.ToFileTime(later), 0, 0), None);
        Assert.That(File.GetLastWriteTimeUtc(Disk("times.txt")), Is.EqualTo(later));
        Assert.That(File.GetLastAccessTimeUtc(Disk("times.txt")), Is.EqualTo(when), "0 leaves the access time alone");
        await share.SetBasicInfoAsync(Remote("times.txt"), new SmbBasicInfo(0, SmbBasicInfo.KeepAndFreeze, SmbBasicInfo.KeepAndFreeze, 0, 0), None);
        Assert.That(File.GetLastWriteTimeUtc(Disk("times.txt")), Is.EqualTo(later), "-1 leaves the write time alone");
        Assert.That(File.GetLastAccessTimeUtc(Disk("times.txt")), Is.EqualTo(when), "-1 leaves the access time alone");

        await share.SetBasicInfoAsync(Remote("times.txt"), new SmbBasicInfo(0, 0, 0, 0, FileAttributes.ReadOnly), None);
        Assert.That((await share.GetInfoAsync(Remote("times.txt"), None)).Attributes & FileAttributes.ReadOnly, Is.EqualTo(FileAttributes.ReadOnly));
        await share.SetBasicInfoAsync(Remote("times.txt"), new SmbBasicInfo(0, 0, 0, 0, FileAttributes.Normal), None);
        Assert.That((await share.GetInfoAsync(Remote("times.txt"), None)).Attributes & FileAttributes.ReadOnly, Is.EqualTo((FileAttributes)0), "NORMAL clears the attributes");
        Assert.That(File.GetLastWriteTimeUtc(Disk("times.txt")), Is.EqualTo(later), "attributes alone leave the times");
    }

    [Test]
    public async Task SetBasicInfo_OnHandle_BeforeCloseSticks()
    {
        await using var share = await ConnectAsync();
        var when = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var file = await share.CreateAsync(Remote("stamped.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, new byte[1000], 0, None);
            await file.SetBasicInfoAsync(new SmbBasicInfo(0, 0, SmbBasicInfo.ToFileTime(when), 0, 0), None);
        }
        Assert.That(File.GetLastWriteTimeUtc(Disk("stamped.bin")), Is.EqualTo(when));
        Assert.That(new FileInfo(Disk("stamped.bin")).Length, Is.EqualTo(1000));
    }

    [Test]
    public async Task SetBasicInfo_FreezeLastWrite_WriteLeavesTimeAlone()
    {
        await using var share = await ConnectAsync();
        var when = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var file = await share.CreateAsync(Remote("frozen.bin"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.SetBasicInfoAsync(new SmbBasicInfo(0, 0, SmbBasicInfo.ToFileTime(when), 0, 0), None);
            await file.SetBasicInfoAsync(new SmbBasicInfo(0, 0, SmbBasicInfo.KeepAndFreeze, 0, 0), None);
            await file.WriteAsync(0, new byte[1000], 0, None);
        }
        Assert.That(File.GetLastWriteTimeUtc(Disk("frozen.bin")), Is.EqualTo(when));
        Assert.That(new FileInfo(Disk("frozen.bin")).Length, Is.EqualTo(1000));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Rename_WithoutReplaceCollides_WithReplaceOverwrites_SameAndOtherDirectory(bool passThrough)
    {
        await using var share = await ConnectAsync(tuning: new Smb1Tuning { UsePassThroughLevels = passThrough });
        Put("a.txt", "A");
        Put("b.txt", "B");
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.RenameAsync(Remote("a.txt"), Remote("b.txt"), false, None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(e.Message, Does.Contain("a.txt"));
        Assert.That(File.ReadAllText(Disk("b.txt")), Is.EqualTo("B"));
        await share.RenameAsync(Remote("a.txt"), Remote("b.txt"), true, None);
        Assert.That(File.Exists(Disk("a.txt")), Is.False);
        Assert.That(File.ReadAllText(Disk("b.txt")), Is.EqualTo("A"));

        MakeDir("sub");
        await share.RenameAsync(Remote("b.txt"), Remote("sub/c.txt"), false, None);
        Assert.That(File.ReadAllText(Disk("sub/c.txt")), Is.EqualTo("A"));
        Put("d.txt", "D");
        var across = Assert.ThrowsAsync<SmbStatusException>(() => share.RenameAsync(Remote("d.txt"), Remote("sub/c.txt"), false, None));
        Assert.That(across!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(File.ReadAllText(Disk("sub/c.txt")), Is.EqualTo("A"));
        await share.RenameAsync(Remote("d.txt"), Remote("sub/c.txt"), true, None);
        Assert.That(File.Exists(Disk("d.txt")), Is.False);
        Assert.That(File.ReadAllText(Disk("sub/c.txt")), Is.EqualTo("D"));
        Assert.That(Directory.GetFileSystemEntries(Disk("sub")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "c.txt" }), "no temporary name left behind");
        Assert.That(Directory.GetFileSystemEntries(_folder.DiskPath).Select(Path.GetFileName), Is.EquivalentTo(new[] { "sub" }));

        await share.RenameAsync(Remote("sub"), Remote("sub2"), false, None);
        Assert.That(File.ReadAllText(Disk("sub2/c.txt")), Is.EqualTo("D"));
        var gone = Assert.ThrowsAsync<SmbStatusException>(() => share.RenameAsync(Remote("nothing"), Remote("x"), true, None));
        Assert.That(gone!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }

    /// <summary>rsync and editors write ".name.XXXX" and rename it over "name". Samba hides dot names, and its
    /// level 1010 refuses hidden sources with STATUS_NO_SUCH_FILE: the rename must still happen.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public async Task Rename_HiddenDotFileOverTarget_SameDirectoryAndAcross(bool passThrough)
    {
        await using var share = await ConnectAsync(tuning: new Smb1Tuning { UsePassThroughLevels = passThrough });
        Put(".name.tmp", "new");
        Put("name", "old");
        Assert.That((await share.GetInfoAsync(Remote(".name.tmp"), None)).Attributes & FileAttributes.Hidden, Is.EqualTo(FileAttributes.Hidden),
            "Samba hides dot names: the case under test");
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.RenameAsync(Remote(".name.tmp"), Remote("name"), false, None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION));
        await share.RenameAsync(Remote(".name.tmp"), Remote("name"), true, None);
        Assert.That(File.ReadAllText(Disk("name")), Is.EqualTo("new"));
        Assert.That(Directory.GetFileSystemEntries(_folder.DiskPath).Select(Path.GetFileName), Is.EquivalentTo(new[] { "name" }));

        MakeDir("sub");
        Put("sub/name", "older");
        Put(".other.tmp", "newer");
        await share.RenameAsync(Remote(".other.tmp"), Remote("sub/name"), true, None);
        Assert.That(File.ReadAllText(Disk("sub/name")), Is.EqualTo("newer"));
        Assert.That(Directory.GetFileSystemEntries(Disk("sub")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "name" }));
        await share.RenameAsync(Remote("sub/name"), Remote("sub/.again"), false, None);
        Assert.That(File.ReadAllText(Disk("sub/.again")), Is.EqualTo("newer"));
    }

    [Test]
    public async Task Rename_OpenHandle_SameDirectoryAndAcross_ThenWriteLandsInRenamedFile()
    {
        await using var share = await ConnectAsync();
        Put("old.txt", "old");
        MakeDir("to");
        // Without DELETE access: Samba's NT_RENAME opens the source sharing only read and write, so a handle holding
        // DELETE would block the move to another folder; WRITE_ATTRIBUTES is what Samba wants for the in-place rename.
        var parameters = WriteTests.ReadWrite(SmbCreateDisposition.Create) with { Access = SmbAccess.GenericRead | SmbAccess.GenericWrite };
        await using (var file = await share.CreateAsync(Remote("tmp.txt"), parameters, None))
        {
            await file.WriteAsync(0, "one"u8.ToArray(), 0, None);
            await file.RenameAsync(Remote("old.txt"), replaceIfExists: true, None);
            Assert.That(file.Path, Is.EqualTo(Remote("old.txt")));
            await file.WriteAsync(3, "two"u8.ToArray(), 0, None);
            await file.RenameAsync(Remote("to/final.txt"), replaceIfExists: false, None);
            await file.WriteAsync(6, "three"u8.ToArray(), 0, None);
        }
        Assert.That(File.Exists(Disk("tmp.txt")), Is.False);
        Assert.That(File.Exists(Disk("old.txt")), Is.False);
        Assert.That(File.ReadAllText(Disk("to/final.txt")), Is.EqualTo("onetwothree"));
    }

    [Test]
    public async Task MkdirRmdirDelete_NonEmptyDirectoryRefused_ReadOnlyFileDeleted()
    {
        await using var share = await ConnectAsync();
        Put("f.txt", "f");
        await share.DeleteAsync(Remote("f.txt"), directory: false, None);
        Assert.That(File.Exists(Disk("f.txt")), Is.False);

        await share.CreateDirectoryAsync(Remote("d"), None);
        Assert.That(Directory.Exists(Disk("d")), Is.True);
        var exists = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateDirectoryAsync(Remote("d"), None));
        Assert.That(exists!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION));
        Put("d/inside.txt", "i");
        var notEmpty = Assert.ThrowsAsync<SmbStatusException>(() => share.DeleteAsync(Remote("d"), directory: true, None));
        Assert.That(notEmpty!.Status, Is.EqualTo(NtStatus.STATUS_DIRECTORY_NOT_EMPTY));
        Assert.That(notEmpty.Message, Does.Contain(@"\rw\" + _folder.Name + @"\d: STATUS_DIRECTORY_NOT_EMPTY"));
        Assert.That(File.Exists(Disk("d/inside.txt")), Is.True);
        var fileAsDir = Assert.ThrowsAsync<SmbStatusException>(() => share.DeleteAsync(Remote("d"), directory: false, None));
        Assert.That(fileAsDir!.Status, Is.EqualTo(NtStatus.STATUS_FILE_IS_A_DIRECTORY));

        await share.SetBasicInfoAsync(Remote("d/inside.txt"), new SmbBasicInfo(0, 0, 0, 0, FileAttributes.ReadOnly), None);
        await share.DeleteAsync(Remote("d/inside.txt"), directory: false, None);
        Assert.That(File.Exists(Disk("d/inside.txt")), Is.False, "a read-only file is deleted, as POSIX unlink does");
        await share.DeleteAsync(Remote("d"), directory: true, None);
        Assert.That(Directory.Exists(Disk("d")), Is.False);

        var gone = Assert.ThrowsAsync<SmbStatusException>(() => share.DeleteAsync(Remote("nothing"), directory: false, None));
        Assert.That(gone!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        var noParent = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateDirectoryAsync(Remote("no/such/parent"), None));
        Assert.That(noParent!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND));
    }

    [Test]
    public async Task Delete_ReadOnlyFile_DosErrorCodes_StillDeleted()
    {
        // With DOS error codes Samba reports CANNOT_DELETE as ERRDOS/ERRnoaccess, the code of a real permission refusal.
        await using var share = await ConnectAsync(tuning: new Smb1Tuning { UseNtStatus = false });
        Assert.That(share.Connection.UsesNtStatus, Is.False);
        Put("ro.txt", "r");
        await share.SetBasicInfoAsync(Remote("ro.txt"), new SmbBasicInfo(0, 0, 0, 0, FileAttributes.ReadOnly), None);
        await share.DeleteAsync(Remote("ro.txt"), directory: false, None);
        Assert.That(File.Exists(Disk("ro.txt")), Is.False);
        var gone = Assert.ThrowsAsync<SmbStatusException>(() => share.DeleteAsync(Remote("ro.txt"), directory: false, None));
        Assert.That(gone!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }

    [Test]
    public async Task Delete_FileOpenElsewhereWithShareDelete_Unlinked()
    {
        await using var share = await ConnectAsync();
        Put("busy.txt", "busy");
        await using var open = await share.CreateAsync(Remote("busy.txt"),
            new SmbCreateParameters { Access = SmbAccess.GenericRead, Disposition = SmbCreateDisposition.Open, ShareAccess = SmbShareAccess.All }, None);
        await share.DeleteAsync(Remote("busy.txt"), directory: false, None);
        await open.DisposeAsync();
        Assert.That(File.Exists(Disk("busy.txt")), Is.False);
    }

    [Test]
    public async Task DeleteOnClose_OnHandle_RemovesAtClose_AndCanBeUndone()
    {
        await using var share = await ConnectAsync();
        await using (var file = await share.CreateAsync(Remote("doc.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.SetDeleteOnCloseAsync(true, None);
            Assert.That(File.Exists(Disk("doc.txt")), Is.True, "the name stays until the last close");
        }
        Assert.That(File.Exists(Disk("doc.txt")), Is.False);
        await using (var file = await share.CreateAsync(Remote("kept.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.SetDeleteOnCloseAsync(true, None);
            await file.SetDeleteOnCloseAsync(false, None);
        }
        Assert.That(File.Exists(Disk("kept.txt")), Is.True);
        var option = WriteTests.ReadWrite(SmbCreateDisposition.Create) with { Options = SmbCreateOptions.NonDirectoryFile | SmbCreateOptions.DeleteOnClose };
        await using (var file = await share.CreateAsync(Remote("opt.txt"), option, None))
            await file.WriteAsync(0, "x"u8.ToArray(), 0, None);
        Assert.That(File.Exists(Disk("opt.txt")), Is.False, "FILE_DELETE_ON_CLOSE in CreateOptions reached the server");
    }

    [Test]
    public async Task Flush_WriteHandleCommits_ReadOnlyHandleSucceeds_WriteOnItDenied()
    {
        await using var share = await ConnectAsync();
        await using (var writer = await share.CreateAsync(Remote("flushed.txt"), WriteTests.ReadWrite(SmbCreateDisposition.Create), None))
        {
            await writer.WriteAsync(0, "flushed"u8.ToArray(), 0, None);
            await writer.FlushAsync(None);
            Assert.That(File.ReadAllText(Disk("flushed.txt")), Is.EqualTo("flushed"), "on disk before the close");
        }
        Put("r.txt", "r");
        await using var file = await share.CreateAsync(Remote("r.txt"), new SmbCreateParameters { Access = SmbAccess.GenericRead, Disposition = SmbCreateDisposition.Open }, None);
        await file.FlushAsync(None);
        var denied = Assert.ThrowsAsync<SmbStatusException>(async () => await file.WriteAsync(0, "x"u8.ToArray(), 0, None));
        Assert.That(denied!.Status, Is.EqualTo(NtStatus.STATUS_ACCESS_DENIED));
        Assert.That(denied.Message, Does.Contain("r.txt: STATUS_ACCESS_DENIED"));
        Assert.That(File.ReadAllText(Disk("r.txt")), Is.EqualTo("r"));
        Assert.That(share.IsBroken, Is.False);
    }

    [Test]
    public async Task Write_ReadOnlyShare_RefusedWithStatus()
    {
        await using var share = await Smb1Fixture.ConnectAsync("data");
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync("refused.txt", WriteTests.ReadWrite(SmbCreateDisposition.Create), None));
        Assert.That(e!.Status, Is.AnyOf(NtStatus.STATUS_ACCESS_DENIED, NtStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(e.Message, Does.Contain(@"\data\refused.txt"));
        var mkdir = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateDirectoryAsync("refused", None));
        Assert.That(mkdir!.Status, Is.AnyOf(NtStatus.STATUS_ACCESS_DENIED, NtStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(File.Exists(Path.Combine(Smb1Fixture.DataDir, "refused.txt")), Is.False);
        Assert.That(Directory.Exists(Path.Combine(Smb1Fixture.DataDir, "refused")), Is.False);
    }

    [Test]
    public async Task ClientFacade_Smb1Share_IsWritable()
    {
        await using var share = await SmbClient.ConnectShareAsync(Smb1Fixture.Address("rw"), Smb1Fixture.User,
            new SmbClientOptions { AllowSmb1 = true, RequireSigning = false }, null, None);
        Assert.That(share, Is.InstanceOf<ISmbWritableShare>(), "the drive and the CLI find the write side behind ISmbShare");
        var writable = (ISmbWritableShare)share;
        await writable.CreateDirectoryAsync(Remote("via-client"), None);
        Assert.That(Directory.Exists(Disk("via-client")), Is.True);
    }
}
