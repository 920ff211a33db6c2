using Serilog;
using SmbDrive.TestSupport;
using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.Integration;

/// <summary>The writable drive over the writable Samba share "rw": an in-memory model of the file is checked
/// after every operation and the server's disk at the end; caches follow the drive's own changes.</summary>
[Category("Integration")]
public class WriteIntegrationTests
{
    private const int MiB = 1024 * 1024;
    private static readonly CancellationToken None = CancellationToken.None;
    private string _dir = null!;
    private string _diskDir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = $"v{Guid.NewGuid():N}";
        _diskDir = Path.Combine(VfsSambaFixture.WritableDir, _dir);
        Directory.CreateDirectory(_diskDir);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_diskDir, (UnixFileMode)0x1FF);
    }

    private string Remote(string name) => $"{_dir}/{name}";
    private string Disk(string name) => Path.Combine(_diskDir, name);

    private static async Task<VfsHandle> CreateAsync(IDriveFileSystem drive, string path, VfsCreateDisposition disposition)
    {
        var result = await drive.CreateAsync(path, new VfsCreateRequest { Disposition = disposition }, None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"create {path} ({disposition})");
        return result.Value!;
    }

    private static async Task WriteAsync(IDriveFileSystem drive, VfsHandle handle, long offset, byte[] data)
    {
        var result = await drive.WriteAsync(handle, offset, data, None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"write {data.Length} at {offset}");
        Assert.That(result.Value, Is.EqualTo(data.Length));
    }

    private static void AssertDiskEquals(string path, ReadOnlySpan<byte> expected)
    {
        Assert.That(new FileInfo(path).Length, Is.EqualTo(expected.Length), $"size of {path} on the server's disk");
        FileComparer.AssertRangeEquals(path, 0, expected);
    }

    [Test, CancelAfter(300_000)]
    public async Task RandomOperations_ThousandsAgainstModel_ThenServerDiskEqualsModel()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("rw");
        var random = new Random(20261203);
        var model = new List<byte>();
        byte[] Model() => model.ToArray();
        string path = Remote("exercise.bin");
        var writer = await CreateAsync(drive, path, VfsCreateDisposition.Create);
        VfsHandle? reader = null; // a read-only handle that reads through the block cache between changes
        var buffer = new byte[4 * MiB];
        var counts = new Dictionary<string, int>();
        for (int op = 0; op < 3000; op++)
        {
            int kind = random.Next(100);
            string name;
            if (kind < 45)
            {
                name = "write";
                int length = random.Next(8) == 0 ? random.Next(1, 3 * MiB) : random.Next(1, 70_000);
                long offset = random.NextInt64(0, model.Count + (random.Next(4) == 0 ? 3L * MiB : 10_000));
                var data = new byte[length];
                random.NextBytes(data);
                await WriteAsync(drive, writer, offset, data);
                while (model.Count < offset + length) model.Add(0);
                for (int i = 0; i < length; i++) model[(int)offset + i] = data[i];
            }
            else if (kind < 70)
            {
                name = "read";
                var handle = reader is not null && random.Next(2) == 0 ? reader : writer;
                int length = random.Next(1, buffer.Length);
                long offset = random.NextInt64(0, model.Count + 100_000);
                var result = await drive.ReadAsync(handle, offset, buffer.AsMemory(0, length), None);
                Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"op {op}: read {length} at {offset}");
                int expected = (int)Math.Clamp(model.Count - offset, 0, length);
                Assert.That(result.Value, Is.EqualTo(expected), $"op {op}: bytes read at {offset} of {model.Count} ({(handle == reader ? "reader" : "writer")})");
                TestDrives.AssertSameBytes(buffer.AsSpan(0, expected), Model().AsSpan((int)Math.Min(offset, model.Count), expected), $"op {op} at {offset}");
            }
            else if (kind < 80)
            {
                name = "truncate";
                long size = random.NextInt64(0, model.Count + 2L * MiB);
                var status = random.Next(2) == 0 ? await drive.SetSizeAsync(writer, size, None) : await drive.SetSizeAsync(path, size, None);
                Assert.That(status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"op {op}: truncate to {size}");
                if (size < model.Count) model.RemoveRange((int)size, model.Count - (int)size);
                while (model.Count < size) model.Add(0);
            }
            else if (kind < 92)
            {
                name = "stat";
                var byHandle = await drive.GetInfoAsync(random.Next(2) == 0 || reader is null ? writer : reader, None);
                Assert.That(byHandle.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
                Assert.That(byHandle.Value!.Size, Is.EqualTo(model.Count), $"op {op}: size by handle");
                var byPath = await drive.GetInfoAsync(path, None);
                Assert.That(byPath.Value!.Size, Is.EqualTo(model.Count), $"op {op}: size by path");
                var listing = await drive.ListAsync(_dir, null, None);
                Assert.That(listing.Value!.Single(e => e.Name == "exercise.bin").Size, Is.EqualTo(model.Count), $"op {op}: size in the listing");
            }
            else if (kind < 97)
            {
                name = "reopen";
                await drive.CloseAsync(writer);
                AssertDiskEquals(Disk("exercise.bin"), Model()); // close returned: the server has it all
                writer = await CreateAsync(drive, path, random.Next(2) == 0 ? VfsCreateDisposition.Open : VfsCreateDisposition.OpenIf);
            }
            else
            {
                name = "reader";
                if (reader is not null) await drive.CloseAsync(reader);
                var opened = await drive.OpenAsync(path, VfsOpenIntent.ReadData, None);
                Assert.That(opened.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
                reader = opened.Value!;
            }
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
        await drive.CloseAsync(writer);
        if (reader is not null) await drive.CloseAsync(reader);
        TestContext.Out.WriteLine($"{string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))}; final size {model.Count}");
        AssertDiskEquals(Disk("exercise.bin"), Model());
        Assert.That(drive.OpenHandleCount, Is.Zero);
    }

    [Test]
    public async Task CachedReader_SeesWritesOfAnotherHandle_AndAfterWriterCloses()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("rw");
        File.WriteAllBytes(Disk("shared.bin"), TestDrives.Content(3 * MiB, 1));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk("shared.bin"), (UnixFileMode)0x1B6);
        var reader = await TestDrives.OpenAsync(drive, Remote("shared.bin"));
        TestDrives.AssertSameBytes(await TestDrives.ReadAsync(drive, reader, 0, 3 * MiB), TestDrives.Content(3 * MiB, 1), "before");

        var writer = await CreateAsync(drive, Remote("shared.bin"), VfsCreateDisposition.Open);
        var fresh = TestDrives.Content(MiB, 2);
        await WriteAsync(drive, writer, MiB, fresh);
        var expected = TestDrives.Content(3 * MiB, 1);
        fresh.CopyTo(expected, MiB);
        TestDrives.AssertSameBytes(await TestDrives.ReadAsync(drive, reader, 0, 3 * MiB), expected, "while the writer is open");
        await drive.CloseAsync(writer);
        TestDrives.AssertSameBytes(await TestDrives.ReadAsync(drive, reader, 0, 3 * MiB), expected, "after the writer closed");
        var again = await TestDrives.OpenAsync(drive, Remote("shared.bin"));
        TestDrives.AssertSameBytes(await TestDrives.ReadAsync(drive, again, 0, 3 * MiB), expected, "a new reader");
        await drive.CloseAsync(reader);
        await drive.CloseAsync(again);
        AssertDiskEquals(Disk("shared.bin"), expected);
    }

    [Test]
    public async Task TreeOperations_ListingAndInfoFollowEveryChange()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("rw");
        async Task<string[]> Names(string dir) => (await drive.ListAsync(dir, null, None)).Value!.Select(e => e.Name).Order().ToArray();

        Assert.That(await Names(_dir), Is.Empty);
        Assert.That((await drive.GetInfoAsync(Remote("a.txt"), None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), "cached as absent");
        var a = await CreateAsync(drive, Remote("a.txt"), VfsCreateDisposition.Create);
        await WriteAsync(drive, a, 0, "hello"u8.ToArray());
        Assert.That(await Names(_dir), Is.EqualTo(new[] { "a.txt" }), "a listing after a create shows the file");
        await drive.CloseAsync(a);
        Assert.That((await drive.GetInfoAsync(Remote("a.txt"), None)).Value!.Size, Is.EqualTo(5));

        Assert.That(await drive.SetSizeAsync(Remote("a.txt"), 2, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That((await drive.GetInfoAsync(Remote("a.txt"), None)).Value!.Size, Is.EqualTo(2), "a stat after a truncate shows the size");

        Assert.That(await drive.CreateDirectoryAsync(Remote("d"), None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await drive.CreateDirectoryAsync(Remote("d"), None), Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(await drive.RenameAsync(Remote("a.txt"), Remote("d/b.txt"), false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Names(_dir), Is.EqualTo(new[] { "d" }));
        Assert.That(await Names(Remote("d")), Is.EqualTo(new[] { "b.txt" }));
        Assert.That(File.ReadAllText(Disk("d/b.txt")), Is.EqualTo("he"));

        Assert.That(await drive.DeleteAsync(Remote("d"), directory: true, None), Is.EqualTo(VfsStatus.STATUS_DIRECTORY_NOT_EMPTY));
        Assert.That(await drive.DeleteAsync(Remote("d/b.txt"), directory: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await Names(Remote("d")), Is.Empty);
        Assert.That((await drive.GetInfoAsync(Remote("d/b.txt"), None)).Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        Assert.That(await drive.DeleteAsync(Remote("d"), directory: true, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(Directory.Exists(Disk("d")), Is.False);

        var when = new DateTime(2003, 4, 5, 6, 7, 8, DateTimeKind.Utc);
        File.WriteAllText(Disk("t.txt"), "t");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk("t.txt"), (UnixFileMode)0x1B6);
        Assert.That((await drive.GetInfoAsync(Remote("t.txt"), None)).Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(await drive.SetBasicInfoAsync(Remote("t.txt"), new VfsBasicInfo { LastWriteTimeUtc = when }, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That((await drive.GetInfoAsync(Remote("t.txt"), None)).Value!.LastWriteTimeUtc, Is.EqualTo(when));
        Assert.That(File.GetLastWriteTimeUtc(Disk("t.txt")), Is.EqualTo(when));
    }

    [Test]
    public async Task Create_Dispositions_MapToDriveStatuses()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("rw");
        var h = await CreateAsync(drive, Remote("x.txt"), VfsCreateDisposition.Create);
        await WriteAsync(drive, h, 0, "12345"u8.ToArray());
        await drive.CloseAsync(h);
        var exclusive = await drive.CreateAsync(Remote("x.txt"), new VfsCreateRequest { Disposition = VfsCreateDisposition.Create }, None);
        Assert.That(exclusive.Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_COLLISION));
        Assert.That(StatusMap.ToErrno(exclusive.Status), Is.EqualTo(StatusMap.EEXIST));
        var missing = await drive.CreateAsync(Remote("y.txt"), new VfsCreateRequest { Disposition = VfsCreateDisposition.Overwrite }, None);
        Assert.That(missing.Status, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        h = await CreateAsync(drive, Remote("x.txt"), VfsCreateDisposition.Overwrite);
        Assert.That((await drive.GetInfoAsync(h, None)).Value!.Size, Is.Zero, "truncated by the open");
        Assert.That((await drive.GetInfoAsync(Remote("x.txt"), None)).Value!.Size, Is.Zero, "by path too");
        await drive.CloseAsync(h);
        var directory = await drive.CreateAsync(_dir, new VfsCreateRequest { Disposition = VfsCreateDisposition.OpenIf }, None);
        Assert.That(directory.Status, Is.EqualTo(VfsStatus.STATUS_FILE_IS_A_DIRECTORY));
        Assert.That(new FileInfo(Disk("x.txt")).Length, Is.Zero);
    }

    [Test]
    public async Task ReadOnlyOption_RefusesEveryWrite_AndWritesNothing()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("rw", new VfsOptions { ReadOnly = true });
        Assert.That(drive.IsReadOnly, Is.True);
        var create = await drive.CreateAsync(Remote("no.txt"), new VfsCreateRequest { Disposition = VfsCreateDisposition.OpenIf }, None);
        Assert.That(create.Status, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(await drive.CreateDirectoryAsync(Remote("nod"), None), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(await drive.DeleteAsync(_dir, true, None), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(await drive.RenameAsync(_dir, "elsewhere", false, None), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(StatusMap.ToErrno(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED), Is.EqualTo(StatusMap.EROFS));
        Assert.That(Directory.EnumerateFileSystemEntries(_diskDir), Is.Empty);
        Assert.That(Directory.Exists(_diskDir), Is.True);
    }

    [Test]
    public async Task ReadOnlyShare_WritesFailWithServerStatusNamedInLog_ReadsStillWork()
    {
        var sink = new CollectingSink();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("data", logger: log);
        Assert.That(drive.IsReadOnly, Is.False);
        var create = await drive.CreateAsync("refused.txt", new VfsCreateRequest { Disposition = VfsCreateDisposition.Create }, None);
        Assert.That(create.Status, Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
        Assert.That(StatusMap.ToErrno(create.Status), Is.EqualTo(StatusMap.EACCES));
        Assert.That(await drive.CreateDirectoryAsync("refused-dir", None), Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
        Assert.That(sink.Rendered.ToList(), Has.Some.Contains("refused by the server").And.Contains("STATUS_ACCESS_DENIED").And.Contains("refused.txt"));
        Assert.That((await drive.ListAsync("many", null, None)).Value!, Has.Count.EqualTo(VfsSambaFixture.ManyFiles));
        Assert.That(File.Exists(Path.Combine(VfsSambaFixture.DataDir, "refused.txt")), Is.False);
    }

    [Test]
    public async Task Rename_OpenFile_HandleFollowsAndWritesLandInRenamedFile()
    {
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("rw");
        var h = await CreateAsync(drive, Remote("before.txt"), VfsCreateDisposition.Create);
        await WriteAsync(drive, h, 0, "one"u8.ToArray());
        Assert.That(await drive.RenameAsync(Remote("before.txt"), Remote("after.txt"), false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        await WriteAsync(drive, h, 3, "two"u8.ToArray());
        Assert.That(h.Path, Does.EndWith("after.txt"));
        Assert.That((await drive.GetInfoAsync(Remote("after.txt"), None)).Value!.Size, Is.EqualTo(6));
        await drive.CloseAsync(h);
        Assert.That(File.ReadAllText(Disk("after.txt")), Is.EqualTo("onetwo"));
        Assert.That(File.Exists(Disk("before.txt")), Is.False);
    }
}
