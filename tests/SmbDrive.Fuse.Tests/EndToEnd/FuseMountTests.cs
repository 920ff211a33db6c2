using System.Security.Cryptography;
using System.Text;
using SmbDrive.Fuse.Tests.Fakes;

namespace SmbDrive.Fuse.Tests.EndToEnd;

/// <summary>Unmodified programs against a real FUSE mount of a local folder, compared with the folder itself.</summary>
[TestFixture]
[Category("Fuse")]
[NonParallelizable]
public sealed class FuseMountTests
{
    private string _backing = "";
    private MountedDrive _mount = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        TestEnvironment.RequireFuse();
        _backing = TestTree.Create();
        var drive = new DirectoryBackedDrive(_backing)
        {
            Fault = (op, path) => op == "open" && path == "faulty.txt" ? new InvalidOperationException("injected drive bug") : null,
        };
        _mount = MountedDrive.Start(drive);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _mount?.Dispose();
        if (_backing.Length > 0)
            Directory.Delete(_backing, recursive: true);
    }

    [Test]
    public void ProcMounts_Mount_IsFuseSmbdriveWithTheShareAsSource()
    {
        var line = File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')).Single(f => MountTable.Unescape(f[1]) == _mount.MountPoint);

        Assert.Multiple(() =>
        {
            Assert.That(line[0], Is.EqualTo("//testhost/share"));
            Assert.That(line[2], Is.EqualTo("fuse.smbdrive"));
        });
    }

    [Test]
    public void LsLong_Root_ShowsBackingNamesSizesTimesAndReadOnlyModes()
    {
        var result = Shell.Run("ls", "-l", "--time-style=+%s", _mount.MountPoint);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var lines = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList(); // "total N"
        var expected = new DirectoryInfo(_backing).EnumerateFileSystemInfos().ToDictionary(e => e.Name);
        Assert.That(lines, Has.Count.EqualTo(expected.Count), result.Text);
        Assert.Multiple(() =>
        {
            foreach (var line in lines)
            {
                // mode links owner group size mtime name (the name may contain spaces)
                var fields = line.Split(' ', 7, StringSplitOptions.RemoveEmptyEntries);
                var entry = expected[fields[6]];
                bool directory = entry is DirectoryInfo;
                Assert.That(fields[0], Is.EqualTo(directory ? "dr-xr-xr-x" : "-r--r--r--"), line);
                if (!directory)
                    Assert.That(long.Parse(fields[4]), Is.EqualTo(((FileInfo)entry).Length), line);
                Assert.That(long.Parse(fields[5]), Is.EqualTo(new DateTimeOffset(entry.LastWriteTimeUtc).ToUnixTimeSeconds()), line);
            }
        });
    }

    [Test]
    public void LsLong_LargeDirectory_NeedsNoGetattrPerEntry()
    {
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));
        Shell.Run("ls", mount.MountPoint); // looks up "many" itself
        while (mount.Drive.InfoRequests.TryDequeue(out _))
        {
        }

        var result = Shell.Run("ls", "-l", mount.PathOf("many"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var perEntry = mount.Drive.InfoRequests.Where(p => p.StartsWith("many/", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(TestTree.ManyCount + 1));
            Assert.That(perEntry, Is.Empty, "readdirplus delivered every entry's attributes");
        });
    }

    [Test]
    public void Stat_File_ReportsSizeTimeLinksModeAndOwner()
    {
        var info = new FileInfo(Path.Combine(_backing, "big.bin"));

        var result = Shell.Run("stat", "-c", "%s %Y %h %a %F %u %g", _mount.PathOf("big.bin"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string uid = Shell.Run("id", "-u").Text.Trim(), gid = Shell.Run("id", "-g").Text.Trim();
        Assert.That(result.Text.Trim(),
            Is.EqualTo($"{info.Length} {new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds()} 1 444 regular file {uid} {gid}"));
    }

    [Test]
    public void Sha256sum_EveryFile_MatchesTheBackingFile()
    {
        var files = Directory.EnumerateFiles(_backing, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "faulty.txt")
            .Select(f => Path.GetRelativePath(_backing, f)).ToList();

        var result = Shell.RunIn(_mount.MountPoint, "sha256sum", ["--", .. files]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var actual = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(l => l[66..], l => l[..64]);
        Assert.Multiple(() =>
        {
            foreach (var file in files)
                Assert.That(actual[file], Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_backing, file))))), file);
        });
    }

    [TestCase(4096, 0, 1)]
    [TestCase(512, 7, 3)]
    [TestCase(1, 4095, 2)]
    [TestCase(65536, 80, 2)]
    [TestCase(1048576, 4, 2)]
    [TestCase(4096, 5000, 1)]
    public void Dd_AtOffset_ReturnsTheBackingBytes(int blockSize, int skip, int count)
    {
        byte[] backing = File.ReadAllBytes(Path.Combine(_backing, "big.bin"));
        long start = Math.Min((long)blockSize * skip, backing.Length);
        long end = Math.Min(start + (long)blockSize * count, backing.Length);

        var result = Shell.Run("dd", $"if={_mount.PathOf("big.bin")}", $"bs={blockSize}", $"skip={skip}", $"count={count}", "status=none");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Is.EqualTo(backing[(int)start..(int)end]));
    }

    [Test]
    public void ParallelReaders_DirectIo_EachGetTheirOwnBytes()
    {
        byte[] backing = File.ReadAllBytes(Path.Combine(_backing, "big.bin"));
        const int blockSize = 65536, blocks = 8;

        // Dedicated threads: blocking thread-pool threads here would starve the drive's own async reads.
        var readers = Enumerable.Range(0, 8).Select(reader => Task.Factory.StartNew(() =>
        {
            int skip = reader * 9;
            var result = Shell.Run("dd", $"if={_mount.PathOf("big.bin")}", $"bs={blockSize}", $"skip={skip}", $"count={blocks}", "iflag=direct", "status=none");
            return (Skip: skip, Result: result);
        }, TaskCreationOptions.LongRunning)).ToArray();
        var results = Task.WhenAll(readers).GetAwaiter().GetResult();

        Assert.Multiple(() =>
        {
            foreach (var (skip, result) in results)
            {
                Assert.That(result.ExitCode, Is.Zero, result.ToString());
                Assert.That(result.Output, Is.EqualTo(backing.AsSpan(skip * blockSize, blockSize * blocks).ToArray()), $"skip {skip}");
            }
        });
    }

    [Test]
    public void DdDirect_OneMebibyteBlocks_ReachTheDriveAsOneMebibyteReads()
    {
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));

        var result = Shell.Run("dd", $"if={mount.PathOf("big.bin")}", "of=/dev/null", "bs=4M", "iflag=direct", "status=none");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(mount.Drive.MaxReadRequested, Is.EqualTo(1 << 20), "max_read and max_pages allow 1 MiB requests");
    }

    [Test]
    public void Cat_SequentialRead_UsesLargeReadahead()
    {
        using var mount = MountedDrive.Start(new DirectoryBackedDrive(_backing));

        var result = Shell.Run("cat", mount.PathOf("big.bin"));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output.Length, Is.EqualTo(new FileInfo(Path.Combine(_backing, "big.bin")).Length));
        // 128 KiB is the kernel's default readahead; root raises the mount's limit to 1 MiB.
        int expected = Environment.IsPrivilegedProcess ? 1 << 20 : 128 * 1024;
        Assert.That(mount.Drive.MaxReadRequested, Is.GreaterThanOrEqualTo(expected));
    }

    [Test]
    public void CpR_Directory_CopiesIdenticalFiles()
    {
        string target = Directory.CreateTempSubdirectory("fuse-copy-").FullName;
        try
        {
            var result = Shell.Run("cp", "-r", _mount.PathOf("dir"), target);

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            string copied = Path.Combine(target, "dir"), original = Path.Combine(_backing, "dir");
            Assert.That(TestTree.RelativePaths(copied), Is.EqualTo(TestTree.RelativePaths(original)));
            Assert.Multiple(() =>
            {
                foreach (var file in Directory.EnumerateFiles(original, "*", SearchOption.AllDirectories))
                    Assert.That(File.ReadAllBytes(Path.Combine(copied, Path.GetRelativePath(original, file))), Is.EqualTo(File.ReadAllBytes(file)), file);
            });
        }
        finally
        {
            Shell.Run("chmod", "-R", "u+w", target);
            Directory.Delete(target, recursive: true);
        }
    }

    [Test]
    public void Find_Tree_ListsEveryBackingPath()
    {
        var result = Shell.Run("find", _mount.MountPoint, "-mindepth", "1", "-printf", "%P\\n");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var found = new SortedSet<string>(result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        Assert.That(found, Is.EqualTo(TestTree.RelativePaths(_backing)));
    }

    [Test]
    public void GrepR_Needle_FindsTheFilesThatContainIt()
    {
        var result = Shell.RunIn(_mount.MountPoint, "grep", "-rl", "--exclude=faulty.txt", "needle", ".");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var found = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.That(found, Is.EqualTo(new[] { "./dir/nested/deep.txt", "./small.txt" }));
    }

    [TestCase(TestTree.UnicodeName)]
    [TestCase(TestTree.EmojiName)]
    public void UnicodeName_IsListedAndReadable(string name)
    {
        var listing = Shell.Run("ls", "-1", _mount.MountPoint);
        var content = Shell.Run("cat", _mount.PathOf(name));

        Assert.Multiple(() =>
        {
            Assert.That(listing.Text.Split('\n'), Does.Contain(name));
            Assert.That(content.ExitCode, Is.Zero, content.ToString());
            Assert.That(content.Output, Is.EqualTo(File.ReadAllBytes(Path.Combine(_backing, name))));
        });
    }

    [TestCase("touch", "new.txt")]
    [TestCase("touch", "small.txt")]
    [TestCase("mkdir", "newdir")]
    [TestCase("rm", "small.txt")]
    [TestCase("rmdir", "dir/nested")]
    [TestCase("mv", "small.txt", "renamed.txt")]
    [TestCase("chmod", "777", "small.txt")]
    [TestCase("ln", "-s", "small.txt", "link")]
    [TestCase("truncate", "-s", "0", "small.txt")]
    [TestCase("sh", "-c", "echo x > small.txt")]
    [TestCase("sh", "-c", "echo x >> small.txt")]
    public void WriteAttempt_OnReadOnlyDrive_FailsWithReadOnlyFileSystem(string program, params string[] arguments)
    {
        var before = TestTree.RelativePaths(_backing);

        var result = Shell.RunIn(_mount.MountPoint, program, arguments);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Errors, Does.Contain("Read-only file system"));
            Assert.That(TestTree.RelativePaths(_backing), Is.EqualTo(before));
            Assert.That(File.ReadAllText(Path.Combine(_backing, "small.txt")), Is.EqualTo("hello needle world\n"));
        });
    }

    [Test]
    public void StatF_Mount_ReportsTheShareSizeInFourKibBlocks()
    {
        var drive = new DriveInfo(_backing);

        var result = Shell.Run("stat", "-f", "-c", "%S %b %l", _mount.MountPoint);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Text.Trim(), Is.EqualTo($"4096 {drive.TotalSize / 4096} 255"));
    }

    [Test]
    public void DriveBug_OnOneFile_IsAnIoErrorAndTheMountKeepsWorking()
    {
        var broken = Shell.Run("cat", _mount.PathOf("faulty.txt"));
        var healthy = Shell.Run("cat", _mount.PathOf("small.txt"));

        Assert.Multiple(() =>
        {
            Assert.That(broken.ExitCode, Is.Not.Zero);
            Assert.That(broken.Errors, Does.Contain("Input/output error"));
            Assert.That(healthy.Text, Is.EqualTo("hello needle world\n"));
            Assert.That(_mount.Log.Errors.Select(e => e.Exception?.Message), Does.Contain("injected drive bug"));
        });
    }
}
