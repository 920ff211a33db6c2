using System.Security.Cryptography;
using SmbDrive.Fuse.Tests.EndToEnd;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>Everyday tools (ls, stat, sha256sum, cp, diff, find, grep, tar) run unmodified on the Samba share
/// mounted through the whole chain, their results compared with the same tools on the server's disk.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaToolsTests
{
    private static SambaMount Mount => SambaFuseFixture.Mount;

    [Test]
    public void LsRecursive_WholeShare_ShowsTheDiskNamesTypesSizesAndMtimes()
    {
        var mounted = Shell.Run("ls", "-lR", "--time-style=+%s", Mount.MountPoint);
        var disk = Shell.Run("ls", "-lR", "--time-style=+%s", SambaFuseFixture.DataDir);

        Assert.That(mounted.ExitCode, Is.Zero, mounted.ToString());
        Assert.That(disk.ExitCode, Is.Zero, disk.ToString());
        var actual = LsListing.ParseRecursive(mounted.Text, Mount.MountPoint);
        var expected = LsListing.ParseRecursive(disk.Text, SambaFuseFixture.DataDir);
        Assert.That(actual.Keys, Is.EqualTo(expected.Keys), "the same paths");
        Assert.That(actual.Values.Where(e => !e.Equals(expected[e.Path])).Select(e => $"{e} (disk: {expected[e.Path]})"), Is.Empty);
        Assert.That(expected, Has.Count.GreaterThan(SambaTree.ManyCount + 30), "the listing reached every folder");
    }

    [Test]
    public void Stat_FilesAndFolders_ReportTheDiskSizeMtimeAndType()
    {
        string[] files = [SambaTree.Sparse, SambaTree.Pattern, "tree/empty.txt", "tree/readme.txt", "tree/three-mb.bin", "tree/.hidden",
            "tree/with spaces/a b c.txt", "tree/café/ünïcødé 日本語.txt", "unicode/😀 smile.txt", "unicode/文件夹", SambaTree.DeepFile];
        string[] folders = ["tree", "tree/a/b", "tree/empty-folder", "tree/café", SambaTree.Many, "deep/level-001"];
        string[] fileFormat = ["-c", "%s|%Y|%F|%n"], folderFormat = ["-c", "%Y|%F|%n"];

        var mountedFiles = Shell.RunIn(Mount.MountPoint, "stat", [.. fileFormat, "--", .. files]);
        var mountedFolders = Shell.RunIn(Mount.MountPoint, "stat", [.. folderFormat, "--", .. folders]);
        var diskFiles = Shell.RunIn(SambaFuseFixture.DataDir, "stat", [.. fileFormat, "--", .. files]);
        var diskFolders = Shell.RunIn(SambaFuseFixture.DataDir, "stat", [.. folderFormat, "--", .. folders]);

        Assert.Multiple(() =>
        {
            Assert.That(mountedFiles.ExitCode, Is.Zero, mountedFiles.ToString());
            Assert.That(mountedFiles.Text, Is.EqualTo(diskFiles.Text));
            Assert.That(mountedFolders.ExitCode, Is.Zero, mountedFolders.ToString());
            Assert.That(mountedFolders.Text, Is.EqualTo(diskFolders.Text));
            Assert.That(diskFiles.Text, Does.Contain($"{SambaTree.SparseSize}|"), "the 5 GiB size is compared");
        });
    }

    [Test]
    public void Sha256sum_EveryFileButTheSparseOneFourReadersAtOnce_MatchesTheDiskContent()
    {
        // The 5 GiB sparse file is left to the dd and pread tests: hashing it would take most of the time budget.
        var files = Directory.EnumerateFiles(SambaFuseFixture.DataDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(SambaFuseFixture.DataDir, f))
            .Where(f => f != SambaTree.Sparse)
            .ToList();

        var result = Shell.RunIn(Mount.MountPoint, "/bin/sh", "-c",
            $"set -e; find . -type f ! -path ./{SambaTree.Sparse} -print0 | xargs -0 -P 4 -n 500 sha256sum --");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var actual = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l[68..], l => l[..64]);
        Assert.That(actual.Keys, Is.EquivalentTo(files), "find through the mount lists every file");
        var wrong = files.Where(f => actual[f] != HashOnDisk(f)).ToList();
        Assert.That(wrong, Is.Empty, $"{files.Count} files hashed");
        Assert.That(files, Has.Count.GreaterThan(SambaTree.ManyCount));
    }

    [Test]
    public void LsA_Folder_ListsDotAndDotDotLikeTheDisk()
    {
        var mounted = Shell.Run("ls", "-a", Mount.PathOf("tree/a"));
        var disk = Shell.Run("ls", "-a", SambaFuseFixture.DiskPath("tree/a"));

        Assert.That(mounted.ExitCode, Is.Zero, mounted.ToString());
        Assert.That(disk.Text, Is.EqualTo(".\n..\nb\nlines.txt\n"));
        Assert.That(mounted.Text, Is.EqualTo(disk.Text), "readdir must not hide '..' (glibc skips entries whose d_ino is 0)");
    }

    [Test]
    public void CpRecursive_Tree_CopiesIdenticallyAsDiffRSays()
    {
        string target = Directory.CreateTempSubdirectory("fuse-samba-cp-").FullName;
        try
        {
            var copy = Shell.Run("cp", "-r", Mount.PathOf(SambaTree.Tree), target);
            var diff = Shell.Run("diff", "-r", SambaFuseFixture.DiskPath(SambaTree.Tree), Path.Combine(target, SambaTree.Tree));
            var direct = Shell.Run("diff", "-r", SambaFuseFixture.DiskPath(SambaTree.Tree), Mount.PathOf(SambaTree.Tree));

            Assert.Multiple(() =>
            {
                Assert.That(copy.ExitCode, Is.Zero, copy.ToString());
                Assert.That(diff.ExitCode, Is.Zero, diff.Text + diff.Errors);
                Assert.That(direct.ExitCode, Is.Zero, direct.Text + direct.Errors);
                Assert.That(Directory.Exists(Path.Combine(target, SambaTree.Tree, "empty-folder")), Is.True, "empty folders are copied too");
            });
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [TestCase(".")]
    [TestCase(".", "-type", "f", "-size", "+4k")]
    [TestCase("tree", "-mtime", "+1000")]
    [TestCase(".", "-iname", "*.TXT", "-path", "*a*")]
    [TestCase(".", "-maxdepth", "2", "-empty")]
    public void Find_WithPredicates_ListsWhatFindListsOnDisk(string start, params string[] predicates)
    {
        // Files print their size, folders not (a folder's size is the local file system's own).
        string[] print = ["(", "-type", "f", "-printf", "f %s %Ts %p\\n", ")", "-o", "(", "-type", "d", "-printf", "d %Ts %p\\n", ")"];
        string[] arguments = [start, .. predicates.Length > 0 ? ["(", .. predicates, ")"] : Array.Empty<string>(), .. print];

        var mounted = Shell.RunIn(Mount.MountPoint, "find", arguments);
        var disk = Shell.RunIn(SambaFuseFixture.DataDir, "find", arguments);

        Assert.That(mounted.ExitCode, Is.Zero, mounted.ToString());
        var actual = SortedLines(mounted.Text);
        var expected = SortedLines(disk.Text);
        Assert.That(expected, Is.Not.Empty, "the predicates select something");
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void GrepRecursive_Tree_FindsTheSameLinesAsOnDisk()
    {
        var mounted = Shell.RunIn(Mount.PathOf(SambaTree.Tree), "grep", "-rn", "needle", ".");
        var disk = Shell.RunIn(SambaFuseFixture.DiskPath(SambaTree.Tree), "grep", "-rn", "needle", ".");

        Assert.That(mounted.ExitCode, Is.Zero, mounted.ToString());
        var expected = SortedLines(disk.Text);
        Assert.That(expected, Has.Count.GreaterThan(50), "lines.txt alone has 51 matches");
        Assert.That(SortedLines(mounted.Text), Is.EqualTo(expected));
    }

    [Test]
    public void TarCreate_Tree_HoldsTheDiskFilesContentsAndTimes()
    {
        string work = Directory.CreateTempSubdirectory("fuse-samba-tar-").FullName;
        try
        {
            string fromMount = Path.Combine(work, "mount.tar"), fromDisk = Path.Combine(work, "disk.tar"), extracted = Path.Combine(work, "x");
            Directory.CreateDirectory(extracted);
            var create = Shell.Run("tar", "cf", fromMount, "-C", Mount.MountPoint, SambaTree.Tree);
            var reference = Shell.Run("tar", "cf", fromDisk, "-C", SambaFuseFixture.DataDir, SambaTree.Tree);
            var mountList = Shell.Run("tar", "tf", fromMount);
            var diskList = Shell.Run("tar", "tf", fromDisk);
            var extract = Shell.Run("tar", "xf", fromMount, "-C", extracted);
            var diff = Shell.Run("diff", "-r", SambaFuseFixture.DiskPath(SambaTree.Tree), Path.Combine(extracted, SambaTree.Tree));

            Assert.That(create.ExitCode, Is.Zero, create.ToString());
            Assert.That(create.Errors, Is.Empty, "no 'file changed as we read it' or other warnings");
            Assert.That(reference.ExitCode, Is.Zero, reference.ToString());
            Assert.That(SortedLines(mountList.Text), Is.EqualTo(SortedLines(diskList.Text)));
            Assert.That(extract.ExitCode, Is.Zero, extract.ToString());
            Assert.That(diff.ExitCode, Is.Zero, diff.Text + diff.Errors);
            var times = Directory.EnumerateFiles(SambaFuseFixture.DiskPath(SambaTree.Tree), "*", SearchOption.AllDirectories)
                .Select(f => (File: f, Copy: Path.Combine(extracted, Path.GetRelativePath(SambaFuseFixture.DataDir, f))))
                .Where(p => Seconds(File.GetLastWriteTimeUtc(p.File)) != Seconds(File.GetLastWriteTimeUtc(p.Copy)))
                .Select(p => p.File);
            Assert.That(times, Is.Empty, "files whose archived mtime differs from the disk's");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string HashOnDisk(string relative)
    {
        using var stream = File.OpenRead(SambaFuseFixture.DiskPath(relative));
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static List<string> SortedLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();

    private static long Seconds(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeSeconds();
}
