using SmbDrive.Smb.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>The client's write side against the writable share "rw"; every result is checked on the server's disk.</summary>
[Category("Integration")]
public class WriteTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private WritableFolder _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = new WritableFolder(SambaFixture.WritableDir);

    private void Put(string name, string text) => _folder.Put(name, text);
    private string Remote(string name) => _folder.Remote(name);
    private string Disk(string name) => _folder.Disk(name);

    /// <summary>A file opened to read, write and delete, with the given disposition (SMB2 and SMB1 tests alike).</summary>
    internal static SmbCreateParameters ReadWrite(SmbCreateDisposition disposition) => new()
    {
        Access = SmbAccess.GenericRead | SmbAccess.GenericWrite | SmbAccess.Delete,
        Disposition = disposition,
        Options = SmbCreateOptions.NonDirectoryFile,
    };

    private static async Task<ISmbWritableShare> ConnectAsync(SmbClientOptions? options = null) =>
        (ISmbWritableShare)await SambaFixture.ConnectAsync("rw", options);

    private static void AssertDiskEquals(string path, byte[] expected)
    {
        Assert.That(new FileInfo(path).Length, Is.EqualTo(expected.LongLength), $"size of {path}");
        FileComparer.AssertRangeEquals(path, 0, expected);
    }

    [TestCase("2.0.2")]
    [TestCase("2.1")]
    [TestCase("3.0")]
    [TestCase("3.1.1")]
    public async Task Write_TwentyMiBInOneCall_BytesEqualDisk(string dialect)
    {
        await using var share = await ConnectAsync(new SmbClientOptions { MinDialect = dialect, MaxDialect = dialect });
        var data = TestData.RandomContent(41, 0, 20 << 20);
        await using (var file = await share.CreateAsync(Remote("big.bin"), ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, data, 0, None);
            await file.FlushAsync(None);
        }
        AssertDiskEquals(Disk("big.bin"), data);
    }

    [Test]
    public async Task Write_LargeWrite_SplitIntoSeveralMultiCreditRequests()
    {
        await using var share = await ConnectAsync();
        var tree = share is SmbShareGroup g ? g.Primary : (SmbTree)share;
        Assert.That(share.MaxWriteSize, Is.EqualTo(8 << 20), "Samba's MaxWriteSize with LARGE_MTU");
        var data = TestData.RandomContent(42, 0, 9 << 20);
        await using var file = await share.CreateAsync(Remote("chunks.bin"), ReadWrite(SmbCreateDisposition.Create), None);
        long before = tree.Connection.Counters.Requests;
        await file.WriteAsync(0, data, 0, None);
        long requests = tree.Connection.Counters.Requests - before;
        Assert.That(requests, Is.EqualTo(9), "nine 1 MiB WRITEs (the default MaxWriteChunk)");
        AssertDiskEquals(Disk("chunks.bin"), data);
    }

    [Test]
    public async Task Write_PastEndOfFile_LeavesZeroHole()
    {
        await using var share = await ConnectAsync();
        await using (var file = await share.CreateAsync(Remote("hole.bin"), ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, "abc"u8.ToArray(), 0, None);
            await file.WriteAsync(100_000, "xyz"u8.ToArray(), 0, None);
        }
        var expected = new byte[100_003];
        "abc"u8.CopyTo(expected);
        "xyz"u8.CopyTo(expected.AsSpan(100_000));
        AssertDiskEquals(Disk("hole.bin"), expected);
    }

    [Test]
    public async Task Write_ThenReadBackOnSameHandle_SeesWrite()
    {
        await using var share = await ConnectAsync();
        await using var file = await share.CreateAsync(Remote("rw.bin"), ReadWrite(SmbCreateDisposition.Create), None);
        var data = TestData.RandomContent(43, 0, 3 << 20);
        await file.WriteAsync(0, data, 0, None);
        var back = new byte[data.Length + 10];
        int n = await file.ReadAsync(0, back, 0, None);
        Assert.That(n, Is.EqualTo(data.Length));
        Assert.That(back.AsSpan(0, n).SequenceEqual(data));
    }

    [Test]
    public async Task Create_Dispositions_BehaveAsSpecified()
    {
        await using var share = await ConnectAsync();
        Put("exists.txt", "old content");
        var collision = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("exists.txt"), ReadWrite(SmbCreateDisposition.Create), None));
        Assert.That(collision!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(collision.Message, Does.Contain("exists.txt").And.Contain("STATUS_OBJECT_NAME_COLLISION").And.Contain("127.0.0.1"));
        var missing = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("missing.txt"), ReadWrite(SmbCreateDisposition.Open), None));
        Assert.That(missing!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        missing = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync(Remote("missing.txt"), ReadWrite(SmbCreateDisposition.Overwrite), None));
        Assert.That(missing!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));

        await using (var f = await share.CreateAsync(Remote("exists.txt"), ReadWrite(SmbCreateDisposition.OpenIf), None))
            Assert.That(f.Info.Size, Is.EqualTo(11), "OPEN_IF keeps an existing file");
        await using (var f = await share.CreateAsync(Remote("exists.txt"), ReadWrite(SmbCreateDisposition.Overwrite), None))
            Assert.That(f.Info.Size, Is.Zero, "OVERWRITE truncates");
        Put("exists.txt", "again");
        await using (var f = await share.CreateAsync(Remote("exists.txt"), ReadWrite(SmbCreateDisposition.Supersede), None))
            Assert.That(f.Info.Size, Is.Zero, "SUPERSEDE replaces");
        await using (var f = await share.CreateAsync(Remote("new.txt"), ReadWrite(SmbCreateDisposition.OverwriteIf), None))
            await f.WriteAsync(0, "n"u8.ToArray(), 0, None);
        Assert.That(File.ReadAllText(Disk("new.txt")), Is.EqualTo("n"));
        Assert.That(new FileInfo(Disk("exists.txt")).Length, Is.Zero);
    }

    [Test]
    public async Task SetEndOfFile_TruncatesAndExtends_OnDisk()
    {
        await using var share = await ConnectAsync();
        var data = TestData.RandomContent(44, 0, 50_000);
        await using (var file = await share.CreateAsync(Remote("eof.bin"), ReadWrite(SmbCreateDisposition.Create), None))
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

    [Test]
    public async Task SetBasicInfo_Times_VisibleOnDisk_AndZeroKeeps()
    {
        await using var share = await ConnectAsync();
        Put("times.txt", "t");
        var when = new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc);
        await share.SetBasicInfoAsync(Remote("times.txt"), new SmbBasicInfo(0, SmbBasicInfo.ToFileTime(when), SmbBasicInfo.ToFileTime(when), 0, 0), None);
        Assert.That(File.GetLastWriteTimeUtc(Disk("times.txt")), Is.EqualTo(when));
        Assert.That(File.GetLastAccessTimeUtc(Disk("times.txt")), Is.EqualTo(when));
        var later = when.AddDays(1);
        await share.SetBasicInfoAsync(Remote("times.txt"), new SmbBasicInfo(0, 0, SmbBasicInfo.ToFileTime(later), 0, 0), None);
        Assert.That(File.GetLastWriteTimeUtc(Disk("times.txt")), Is.EqualTo(later));
        Assert.That(File.GetLastAccessTimeUtc(Disk("times.txt")), Is.EqualTo(when), "0 leaves the access time alone");
    }

    [Test]
    public async Task SetBasicInfo_FreezeLastWrite_WriteLeavesTimeAlone()
    {
        await using var share = await ConnectAsync();
        var when = new DateTime(2010, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using (var file = await share.CreateAsync(Remote("frozen.bin"), ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.SetBasicInfoAsync(new SmbBasicInfo(0, 0, SmbBasicInfo.ToFileTime(when), 0, 0), None);
            await file.SetBasicInfoAsync(new SmbBasicInfo(0, 0, SmbBasicInfo.KeepAndFreeze, 0, 0), None);
            await file.WriteAsync(0, new byte[1000], 0, None);
        }
        Assert.That(File.GetLastWriteTimeUtc(Disk("frozen.bin")), Is.EqualTo(when));
        Assert.That(new FileInfo(Disk("frozen.bin")).Length, Is.EqualTo(1000));
    }

    [Test]
    public async Task Rename_WithoutReplace_CollidesWithReplace_Overwrites()
    {
        await using var share = await ConnectAsync();
        Put("a.txt", "A");
        Put("b.txt", "B");
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.RenameAsync(Remote("a.txt"), Remote("b.txt"), false, None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(File.ReadAllText(Disk("b.txt")), Is.EqualTo("B"));
        await share.RenameAsync(Remote("a.txt"), Remote("b.txt"), true, None);
        Assert.That(File.Exists(Disk("a.txt")), Is.False);
        Assert.That(File.ReadAllText(Disk("b.txt")), Is.EqualTo("A"));
        Directory.CreateDirectory(Disk("sub"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk("sub"), (UnixFileMode)0x1FF);
        await share.RenameAsync(Remote("b.txt"), Remote("sub/c.txt"), false, None);
        Assert.That(File.ReadAllText(Disk("sub/c.txt")), Is.EqualTo("A"));
        await share.RenameAsync(Remote("sub"), Remote("sub2"), false, None);
        Assert.That(File.ReadAllText(Disk("sub2/c.txt")), Is.EqualTo("A"));
    }

    [Test]
    public async Task Rename_OpenHandle_ThenWriteLandsInRenamedFile()
    {
        await using var share = await ConnectAsync();
        await using (var file = await share.CreateAsync(Remote("tmp.txt"), ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.WriteAsync(0, "one"u8.ToArray(), 0, None);
            await file.RenameAsync(Remote("final.txt"), replaceIfExists: true, None);
            await file.WriteAsync(3, "two"u8.ToArray(), 0, None);
        }
        Assert.That(File.Exists(Disk("tmp.txt")), Is.False);
        Assert.That(File.ReadAllText(Disk("final.txt")), Is.EqualTo("onetwo"));
    }

    [Test]
    public async Task Delete_FileDirectoryAndReadOnlyFile_NonEmptyDirectoryRefused()
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
        Assert.That(File.Exists(Disk("d/inside.txt")), Is.True);

        await share.SetBasicInfoAsync(Remote("d/inside.txt"), new SmbBasicInfo(0, 0, 0, 0, FileAttributes.ReadOnly), None);
        Assert.That((await share.GetInfoAsync(Remote("d/inside.txt"), None)).Attributes & FileAttributes.ReadOnly, Is.EqualTo(FileAttributes.ReadOnly));
        await share.DeleteAsync(Remote("d/inside.txt"), directory: false, None);
        await share.DeleteAsync(Remote("d"), directory: true, None);
        Assert.That(Directory.Exists(Disk("d")), Is.False);

        var gone = Assert.ThrowsAsync<SmbStatusException>(() => share.DeleteAsync(Remote("nothing"), directory: false, None));
        Assert.That(gone!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }

    [Test]
    public async Task DeleteOnClose_OnHandle_RemovesAtClose_AndCanBeUndone()
    {
        await using var share = await ConnectAsync();
        await using (var file = await share.CreateAsync(Remote("doc.txt"), ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.SetDeleteOnCloseAsync(true, None);
            Assert.That(File.Exists(Disk("doc.txt")), Is.True, "the name stays until the last close");
        }
        Assert.That(File.Exists(Disk("doc.txt")), Is.False);
        await using (var file = await share.CreateAsync(Remote("kept.txt"), ReadWrite(SmbCreateDisposition.Create), None))
        {
            await file.SetDeleteOnCloseAsync(true, None);
            await file.SetDeleteOnCloseAsync(false, None);
        }
        Assert.That(File.Exists(Disk("kept.txt")), Is.True);
    }

    [Test]
    public async Task Flush_ReadOnlyHandle_Succeeds()
    {
        await using var share = await ConnectAsync();
        Put("r.txt", "r");
        await using var file = await share.CreateAsync(Remote("r.txt"), new SmbCreateParameters { Access = SmbAccess.GenericRead, Disposition = SmbCreateDisposition.Open }, None);
        await file.FlushAsync(None);
        var denied = Assert.ThrowsAsync<SmbStatusException>(async () => await file.WriteAsync(0, "x"u8.ToArray(), 0, None));
        Assert.That(denied!.Status, Is.EqualTo(NtStatus.STATUS_ACCESS_DENIED));
        Assert.That(File.ReadAllText(Disk("r.txt")), Is.EqualTo("r"));
    }

    [Test]
    public async Task Write_ReadOnlyShare_RefusedWithStatus()
    {
        await using var share = (ISmbWritableShare)await SambaFixture.ConnectAsync("data");
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.CreateAsync("refused.txt", ReadWrite(SmbCreateDisposition.Create), None));
        Assert.That(e!.Status, Is.AnyOf(NtStatus.STATUS_ACCESS_DENIED, NtStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(e.Message, Does.Contain(@"\data\refused.txt"));
        Assert.That(File.Exists(Path.Combine(SambaFixture.DataDir, "refused.txt")), Is.False);
    }

    [Test]
    public async Task Write_Encrypted_BytesEqualDisk()
    {
        await using var share = await ConnectAsync(new SmbClientOptions { RequireEncryption = true });
        var data = TestData.RandomContent(45, 0, 5 << 20);
        await using (var file = await share.CreateAsync(Remote("enc.bin"), ReadWrite(SmbCreateDisposition.Create), None))
            await file.WriteAsync(0, data, 0, None);
        AssertDiskEquals(Disk("enc.bin"), data);
    }
}
