using System.Formats.Tar;
using SmbDrive.Fuse.Tests.EndToEnd;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>Writes through the whole chain (kernel, libfuse, FUSE front-end, drive, SMB client, Samba) by unmodified
/// programs and by plain file calls; every result is compared with the server's disk.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaWriteTests : TwoMounts
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = $"t{Guid.NewGuid():N}"[..12];
        Directory.CreateDirectory(A.PathOf(_dir));
        Assert.That(Directory.Exists(Disk("")), Is.True, "mkdir through the mount made the folder on the server");
    }

    private string Mounted(string relative) => A.PathOf(Path.Combine(_dir, relative));
    private string Disk(string relative) => Path.Combine(SambaFuseFixture.WritableDir, _dir, relative);

    private static Shell.Result Ok(Shell.Result result)
    {
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result;
    }

    private static void AssertDiskEquals(string diskPath, ReadOnlySpan<byte> expected)
    {
        Assert.That(new FileInfo(diskPath).Length, Is.EqualTo(expected.Length), $"size of {diskPath}");
        FileComparer.AssertRangeEquals(diskPath, 0, expected);
    }

    [Test, CancelAfter(300_000)]
    public void RandomOperations_ThroughTheMount_MatchModelAndServerDisk()
    {
        var random = new Random(4242);
        var model = new List<byte>();
        string path = Mounted("random.bin");
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite);
        var buffer = new byte[3 << 20];
        try
        {
            for (int op = 0; op < 2000; op++)
            {
                int kind = random.Next(100);
                if (kind < 45)
                {
                    int length = random.Next(8) == 0 ? random.Next(1, 3 << 20) : random.Next(1, 70_000);
                    long offset = random.NextInt64(0, model.Count + (random.Next(4) == 0 ? 3L << 20 : 5000));
                    var data = new byte[length];
                    random.NextBytes(data);
                    RandomAccess.Write(handle, data, offset);
                    while (model.Count < offset + length) model.Add(0);
                    for (int i = 0; i < length; i++) model[(int)offset + i] = data[i];
                }
                else if (kind < 70)
                {
                    int length = random.Next(1, buffer.Length);
                    long offset = random.NextInt64(0, model.Count + 10_000);
                    int total = 0;
                    while (total < length)
                    {
                        int n = RandomAccess.Read(handle, buffer.AsSpan(total, length - total), offset + total);
                        if (n == 0) break;
                        total += n;
                    }
                    int expected = (int)Math.Clamp(model.Count - offset, 0, length);
                    Assert.That(total, Is.EqualTo(expected), $"op {op}: read {length} at {offset} of {model.Count}");
                    Assert.That(buffer.AsSpan(0, total).SequenceEqual(model.ToArray().AsSpan((int)Math.Min(offset, model.Count), expected)), Is.True, $"op {op}: bytes at {offset}");
                }
                else if (kind < 82)
                {
                    long size = random.NextInt64(0, model.Count + (2L << 20));
                    if (random.Next(2) == 0) RandomAccess.SetLength(handle, size);
                    else Ok(Shell.Run("truncate", "-s", size.ToString(System.Globalization.CultureInfo.InvariantCulture), path));
                    if (size < model.Count) model.RemoveRange((int)size, model.Count - (int)size);
                    while (model.Count < size) model.Add(0);
                }
                else if (kind < 94)
                {
                    Assert.That(RandomAccess.GetLength(handle), Is.EqualTo(model.Count), $"op {op}: fstat size");
                    Assert.That(new FileInfo(path).Length, Is.EqualTo(model.Count), $"op {op}: stat size");
                }
                else
                {
                    handle.Dispose();
                    AssertDiskEquals(Disk("random.bin"), model.ToArray()); // close returned: the server has every byte
                    handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                }
            }
        }
        finally
        {
            handle.Dispose();
        }
        AssertDiskEquals(Disk("random.bin"), model.ToArray());
    }

    [Test, CancelAfter(300_000)]
    public void CpRecursiveIn_DiffRecursiveWithServerDisk_IsEqual()
    {
        string source = Directory.CreateTempSubdirectory("cp-src-").FullName;
        try
        {
            TestData.CreateRandomFile(Path.Combine(source, "big.bin"), 40_000_123, 5);
            TestData.CreateManyFiles(Path.Combine(source, "many"), 300, "m");
            TestData.CreateDeepPath(source, 6);
            Directory.CreateDirectory(Path.Combine(source, "empty"));
            TestData.CreateUnicodeFiles(Path.Combine(source, "unicode"));
            Ok(Shell.Run("cp", "-r", source, Mounted("copy")));
            Ok(Shell.Run("diff", "-r", source, Disk("copy")));
            Ok(Shell.Run("diff", "-r", source, Mounted("copy")));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [Test]
    public void Renames_FileDirectoryOf300Files_AndOverAnExistingFile()
    {
        File.WriteAllText(Mounted("a.txt"), "content of a");
        Ok(Shell.Run("mv", Mounted("a.txt"), Mounted("b.txt")));
        Assert.That(File.Exists(Disk("a.txt")), Is.False);
        Assert.That(File.ReadAllText(Disk("b.txt")), Is.EqualTo("content of a"));

        Directory.CreateDirectory(Mounted("folder"));
        for (int i = 0; i < 300; i++) File.WriteAllText(Mounted($"folder/f{i:D3}.txt"), $"file {i}\n");
        Ok(Shell.Run("mv", Mounted("folder"), Mounted("moved")));
        Assert.That(Directory.Exists(Disk("folder")), Is.False);
        Assert.That(Directory.GetFiles(Disk("moved")), Has.Length.EqualTo(300));
        Assert.That(Directory.GetFiles(Mounted("moved")), Has.Length.EqualTo(300), "the listing through the mount follows");
        for (int i = 0; i < 300; i += 37) Assert.That(File.ReadAllText(Disk($"moved/f{i:D3}.txt")), Is.EqualTo($"file {i}\n"));

        File.WriteAllText(Mounted("old.txt"), "old");
        File.WriteAllText(Mounted("new.txt"), "new content");
        Ok(Shell.Run("mv", "-f", Mounted("new.txt"), Mounted("old.txt")));
        Assert.That(File.ReadAllText(Disk("old.txt")), Is.EqualTo("new content"));
        Assert.That(File.ReadAllText(Mounted("old.txt")), Is.EqualTo("new content"));
        Assert.That(File.Exists(Disk("new.txt")), Is.False);

        File.WriteAllText(Mounted("keep.txt"), "keep");
        var noReplace = Shell.Run("mv", "--no-clobber", "--no-copy", Mounted("b.txt"), Mounted("keep.txt"));
        Assert.That(File.ReadAllText(Disk("keep.txt")), Is.EqualTo("keep"), noReplace.ToString());
    }

    [Test]
    public void Unlink_RmRecursive_RmdirOfNonEmptyIsENotEmpty()
    {
        Directory.CreateDirectory(Mounted("d/e"));
        File.WriteAllText(Mounted("d/e/f.txt"), "f");
        File.WriteAllText(Mounted("g.txt"), "g");
        Ok(Shell.Run("rm", Mounted("g.txt")));
        Assert.That(File.Exists(Disk("g.txt")), Is.False);
        var rmdir = Shell.Run("rmdir", Mounted("d/e"));
        Assert.That(rmdir.ExitCode, Is.Not.Zero);
        Assert.That(rmdir.Errors, Does.Contain("Directory not empty"));
        Assert.That(File.ReadAllText(Disk("d/e/f.txt")), Is.EqualTo("f"));
        Ok(Shell.Run("rm", "-r", Mounted("d")));
        Assert.That(Directory.Exists(Disk("d")), Is.False);
        Assert.That(Directory.Exists(Mounted("d")), Is.False);

        File.WriteAllText(Mounted("locked.txt"), "ro");
        Ok(Shell.Run("chmod", "a-w", Mounted("locked.txt")));
        Assert.That(Ok(Shell.Run("stat", "-c", "%a", Mounted("locked.txt"))).Text.Trim(), Is.EqualTo("444"));
        Ok(Shell.Run("rm", "-f", Mounted("locked.txt")));
        Assert.That(File.Exists(Disk("locked.txt")), Is.False, "POSIX unlinks a read-only file");
    }

    [Test]
    public void Utimens_TouchWithDate_IsTheServerMtime()
    {
        File.WriteAllText(Mounted("t.txt"), "t");
        Ok(Shell.Run("touch", "-m", "-d", "2001-02-03 04:05:06Z", Mounted("t.txt")));
        Assert.That(File.GetLastWriteTimeUtc(Disk("t.txt")), Is.EqualTo(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc)));
        Ok(Shell.Run("touch", "-a", "-d", "2002-03-04 05:06:07Z", Mounted("t.txt")));
        Assert.That(File.GetLastAccessTimeUtc(Disk("t.txt")), Is.EqualTo(new DateTime(2002, 3, 4, 5, 6, 7, DateTimeKind.Utc)));
        Assert.That(File.GetLastWriteTimeUtc(Disk("t.txt")), Is.EqualTo(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc)), "UTIME_OMIT kept the mtime");
        Assert.That(Ok(Shell.Run("stat", "-c", "%Y", Mounted("t.txt"))).Text.Trim(), Is.EqualTo("981173106"));
    }

    [Test]
    public void OfficeSavePattern_OnlyTheNewContentRemains()
    {
        File.WriteAllText(Mounted("report.docx"), "version 1");
        File.WriteAllText(Mounted("~WRL0001.tmp"), "version 2, saved");
        Ok(Shell.Run("mv", Mounted("report.docx"), Mounted("~WRL0002.tmp")));
        Ok(Shell.Run("mv", Mounted("~WRL0001.tmp"), Mounted("report.docx")));
        Ok(Shell.Run("rm", Mounted("~WRL0002.tmp")));
        Assert.That(Directory.GetFileSystemEntries(Disk("")).Select(Path.GetFileName), Is.EqualTo(new[] { "report.docx" }));
        Assert.That(File.ReadAllText(Disk("report.docx")), Is.EqualTo("version 2, saved"));
        Assert.That(File.ReadAllText(Mounted("report.docx")), Is.EqualTo("version 2, saved"));
    }

    [Test, CancelAfter(300_000)]
    public void Git_InitAddCommitFsck_OnTheMount()
    {
        string repo = Mounted("repo");
        Directory.CreateDirectory(repo);
        for (int i = 0; i < 50; i++) File.WriteAllText(Path.Combine(repo, $"src{i}.txt"), string.Concat(Enumerable.Repeat($"line {i}\n", i + 1)));
        string[] identity = ["-c", "user.name=SmbDrive Test", "-c", "user.email=test@smbdrive.invalid", "-c", "safe.directory=*"];
        Ok(Shell.RunIn(repo, "git", [.. identity, "init", "-q"]));
        Ok(Shell.RunIn(repo, "git", [.. identity, "add", "."]));
        Ok(Shell.RunIn(repo, "git", [.. identity, "commit", "-q", "-m", "first"]));
        File.AppendAllText(Path.Combine(repo, "src1.txt"), "changed\n");
        Ok(Shell.RunIn(repo, "git", [.. identity, "commit", "-q", "-a", "-m", "second"]));
        Ok(Shell.RunIn(repo, "git", [.. identity, "fsck", "--full", "--strict"]));
        var log = Ok(Shell.RunIn(repo, "git", [.. identity, "log", "--oneline"]));
        Assert.That(log.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
        // The repository on the server's disk is a valid repository too.
        Ok(Shell.RunIn(Disk("repo"), "git", [.. identity, "fsck", "--full", "--strict"]));
        Assert.That(Ok(Shell.RunIn(Disk("repo"), "git", [.. identity, "status", "--porcelain"])).Text, Is.Empty);
    }

    [Test, CancelAfter(300_000)]
    public void TarExtract_2000SmallFiles_EqualTheArchive()
    {
        string work = Directory.CreateTempSubdirectory("tar-src-").FullName;
        try
        {
            string tree = Path.Combine(work, "tree");
            for (int d = 0; d < 20; d++)
                TestData.CreateManyFiles(Path.Combine(tree, $"dir{d:D2}"), 100, $"d{d}-");
            string archive = Path.Combine(work, "small.tar");
            TarFile.CreateFromDirectory(tree, archive, includeBaseDirectory: false);
            Directory.CreateDirectory(Mounted("x"));
            Ok(Shell.Run("tar", "-xf", archive, "-C", Mounted("x")));
            Ok(Shell.Run("diff", "-r", tree, Disk("x")));
            var compare = Shell.Run("tar", "-df", archive, "-C", Mounted("x"));
            Assert.That(compare.ExitCode, Is.Zero, compare.Text + compare.Errors);
            Assert.That(Directory.EnumerateFiles(Disk("x"), "*", SearchOption.AllDirectories).Count(), Is.EqualTo(2000));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public void TwoMounts_WrittenAndClosedOnOne_ReadInFullOnTheOther()
    {
        string onB = B.PathOf(Path.Combine(_dir, "shared.txt"));
        File.WriteAllText(Mounted("shared.txt"), "first version\n");
        Assert.That(File.ReadAllText(onB), Is.EqualTo("first version\n"));

        // B has the file cached now; A replaces the content with a longer one and closes.
        var longer = string.Concat(Enumerable.Repeat("second, longer version\n", 5000));
        File.WriteAllText(Mounted("shared.txt"), longer);
        Assert.That(File.ReadAllText(onB), Is.EqualTo(longer), "B's next open sees what A closed");
        File.WriteAllText(onB, "written by B\n");
        Assert.That(File.ReadAllText(Mounted("shared.txt")), Is.EqualTo("written by B\n"));
        Assert.That(File.ReadAllText(Disk("shared.txt")), Is.EqualTo("written by B\n"));
    }

    [Test, CancelAfter(60_000)]
    public async Task UnlinkedWhileOpen_FolderRemovableAtOnce_DescriptorStillWorks_FileGoneAfterClose()
    {
        // libfuse hides an unlinked open file under .fuse_hidden…; it must not keep the folder from being removed
        // (the kernel's RELEASE comes after close(2) returns, so `rm -r` right after a writer closed depends on this).
        var content = TestData.RandomContent(7, 0, 300_000);
        File.WriteAllBytes(Mounted("open.bin"), content);
        string hiddenBefore = string.Join(",", HiddenOnRoot());
        using (var handle = File.OpenHandle(Mounted("open.bin"), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete))
        {
            File.Delete(Mounted("open.bin"));
            Assert.That(File.Exists(Mounted("open.bin")), Is.False, "the name is gone at once");
            Ok(Shell.Run("rmdir", A.PathOf(_dir)));
            Assert.That(Directory.Exists(Disk("")), Is.False, "the folder is gone from the server");

            var back = new byte[content.Length];
            Assert.That(RandomAccess.Read(handle, back, 0), Is.EqualTo(content.Length));
            Assert.That(back, Is.EqualTo(content), "the open descriptor still reads the file");
            RandomAccess.Write(handle, "appended"u8, content.Length);
            var tail = new byte[16];
            Assert.That(RandomAccess.Read(handle, tail, content.Length), Is.EqualTo(8), "the descriptor reads what it wrote, and the end");
            Assert.That(tail[..8], Is.EqualTo("appended"u8.ToArray()));
            // fstat and fchmod reach libfuse without the file handle, so they cannot work once libfuse has no name
            // for the file (its folder is gone): a limit of libfuse's path-based interface.
        }
        // RELEASE is asynchronous: wait for libfuse's unlink of the hidden name to reach the server.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (string.Join(",", HiddenOnRoot()) != hiddenBefore && clock.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(50);
        Assert.That(string.Join(",", HiddenOnRoot()), Is.EqualTo(hiddenBefore), "the unlinked file was deleted after the last close");

        static IEnumerable<string?> HiddenOnRoot() => Directory.EnumerateFiles(SambaFuseFixture.WritableDir, ".fuse_hidden*").Select(Path.GetFileName).Order();
    }

    [Test, CancelAfter(120_000)]
    public async Task FullShare_WriteFailsWithENoSpc_EarlierDataIntact()
    {
        TestEnvironment.SkipUnless(SambaFuseFixture.FullDir is not null, "tmpfs could not be mounted for the full share");
        await using var full = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.FullShare);
        string dir = _dir;
        Directory.CreateDirectory(full.PathOf(dir));
        var first = TestData.RandomContent(6, 0, 6 << 20);
        File.WriteAllBytes(full.PathOf($"{dir}/first.bin"), first);
        var fill = Shell.Run("dd", "if=/dev/zero", $"of={full.PathOf($"{dir}/fill.bin")}", "bs=1M", "count=32", "conv=fsync");
        Assert.That(fill.ExitCode, Is.Not.Zero, "32 MiB do not fit on a 16 MiB share");
        Assert.That(fill.Errors, Does.Contain("No space left on device"));
        AssertDiskEquals(Path.Combine(SambaFuseFixture.FullDir!, dir, "first.bin"), first);
        Assert.That(File.ReadAllBytes(full.PathOf($"{dir}/first.bin")).AsSpan().SequenceEqual(first), Is.True);
        // Cleaned up on the server's disk: removing the folder through the mount right after the failed write is
        // refused now and then under load ("Directory not empty", 2 of 7 full runs, never alone); that is an open
        // bug, tracked in the session notes, not what this test is about.
        Directory.Delete(Path.Combine(SambaFuseFixture.FullDir!, dir), recursive: true);
    }

    [Test]
    public void ReadOnlyShare_WriteIsPermissionDenied_ReadOnlyOption_IsReadOnlyFileSystem()
    {
        // The "data" share is read-only on the server; the drive itself is writable.
        var denied = Shell.Run("sh", "-c", $"echo x > '{SambaFuseFixture.Mount.PathOf("refused.txt")}'");
        Assert.That(denied.ExitCode, Is.Not.Zero);
        Assert.That(denied.Errors, Does.Contain("Permission denied"));
        Assert.That(File.Exists(SambaFuseFixture.DiskPath("refused.txt")), Is.False);
        Assert.That(SambaFuseFixture.Mount.Log.Events.Select(e => e.RenderMessage()).ToList(), Has.Some.Contains("STATUS_ACCESS_DENIED"), "the server's status is named in the log");
    }

    [Test]
    public async Task ReadOnlyOption_OnWritableShare_IsReadOnlyFileSystem()
    {
        await using var readOnly = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.WritableShare, new VfsOptions { ReadOnly = true });
        File.WriteAllText(Mounted("exists.txt"), "here");
        foreach (var command in new[] { $"echo x > '{readOnly.PathOf(_dir)}/new.txt'", $"rm '{readOnly.PathOf(_dir)}/exists.txt'", $"mkdir '{readOnly.PathOf(_dir)}/d'" })
        {
            var result = Shell.Run("sh", "-c", command);
            Assert.That(result.ExitCode, Is.Not.Zero, command);
            Assert.That(result.Errors, Does.Contain("Read-only file system"), command);
        }
        Assert.That(Directory.GetFileSystemEntries(Disk("")).Select(Path.GetFileName), Is.EqualTo(new[] { "exists.txt" }));
        Assert.That(File.ReadAllText(readOnly.PathOf($"{_dir}/exists.txt")), Is.EqualTo("here"));
    }
}
