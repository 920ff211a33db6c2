using System.Diagnostics;
using System.Text;
using SmbDrive.Fuse.Tests.EndToEnd;
using SmbDrive.TestSupport;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>Names and shapes of the namespace through the mounted Samba share: accents, CJK and emoji, a
/// 10,000-entry folder, and a path 8 folders deep.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaNamesTests
{
    private static SambaMount Mount => SambaFuseFixture.Mount;

    [Test]
    public void Ls_UnicodeFolder_ShowsEveryNameByteForByte()
    {
        var result = Shell.Run("ls", "-1", Mount.PathOf(SambaTree.Unicode));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var listed = result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.That(listed, Is.EqualTo(TestData.UnicodeNames.Order(StringComparer.Ordinal)), "UTF-8 of the NFC names, as on disk");
    }

    [Test]
    public void Cat_EachUnicodeName_ReadsItsOwnContent()
    {
        Assert.Multiple(() =>
        {
            foreach (string name in TestData.UnicodeNames)
            {
                var result = Shell.RunIn(Mount.PathOf(SambaTree.Unicode), "cat", "--", name);
                Assert.That(result.ExitCode, Is.Zero, $"{name}: {result}");
                Assert.That(result.Output, Is.EqualTo(Encoding.UTF8.GetBytes(name)), name);
            }
        });
    }

    [TestCase("*😀*", "😀 smile.txt")]
    [TestCase("*日本語*", "日本語のファイル.txt")]
    [TestCase("*𝄞*🎵*", "𝄞 music 🎵.txt")]
    [TestCase("caf?.txt", "café.txt")]
    public void FindName_UnicodePattern_MatchesTheOneFile(string pattern, string expected)
    {
        var result = Shell.RunIn(Mount.PathOf(SambaTree.Unicode), "find", ".", "-name", pattern);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Text, Is.EqualTo($"./{expected}\n"));
    }

    [Test]
    public void LsWcL_TenThousandEntries_CountsAndNamesMatch()
    {
        var count = Shell.Run("/bin/sh", "-c", "ls \"$1\" | wc -l", "sh", Mount.PathOf(SambaTree.Many));
        var names = Shell.Run("ls", "-1", Mount.PathOf(SambaTree.Many));

        Assert.That(count.ExitCode, Is.Zero, count.ToString());
        Assert.That(count.Text.Trim(), Is.EqualTo(SambaTree.ManyCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(names.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(Enumerable.Range(0, SambaTree.ManyCount).Select(i => TestData.ManyFileName("f", i))));
    }

    [Test]
    public async Task LsLong_TenThousandEntries_TakesOneListingNotAQueryPerEntry()
    {
        // A fresh mount: nothing about the folder is cached, in the kernel or in the drive.
        await using var mount = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.DataShare);
        var before = mount.Drive.Counters.Snapshot();
        var clock = Stopwatch.StartNew();
        var result = Shell.Run("ls", "-l", "--time-style=+%s", mount.PathOf(SambaTree.Many));
        clock.Stop();
        var cost = mount.Drive.Counters.Snapshot() - before;
        var disk = Shell.Run("ls", "-l", "--time-style=+%s", SambaFuseFixture.DiskPath(SambaTree.Many));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        TestContext.Out.WriteLine($"ls -l of {SambaTree.ManyCount} entries: {clock.ElapsedMilliseconds} ms, {cost.ServerRoundTrips} drive round trips "
            + $"({cost.ServerListings} listings, {cost.ServerInfoQueries} info queries)");
        var mounted = LsListing.ParseRecursive(SambaTree.Many + ":\n" + result.Text, SambaTree.Many);
        var expected = LsListing.ParseRecursive(SambaTree.Many + ":\n" + disk.Text, SambaTree.Many);
        Assert.Multiple(() =>
        {
            Assert.That(mounted.Values, Is.EqualTo(expected.Values), "names, sizes and mtimes");
            Assert.That(cost.ServerInfoQueries, Is.LessThan(50), "readdirplus gave the kernel every entry's attributes");
            Assert.That(cost.ServerListings, Is.LessThanOrEqualTo(2));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "sanity bound on a loaded 2-core machine; about 0.3 s idle");
        });
    }

    [Test]
    public void Cat_EightFoldersDeep_ReadsTheBottomFile()
    {
        var result = Shell.Run("cat", Mount.PathOf(SambaTree.DeepFile));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Is.EqualTo(TestData.DeepFileContent(SambaTree.DeepLevels)));
    }

    [Test]
    public void Pwd_InsideTheDeepestFolder_WorksRelativeToIt()
    {
        string deepest = Mount.PathOf(Path.GetDirectoryName(SambaTree.DeepFile)!);

        var pwd = Shell.RunIn(deepest, "/bin/pwd", "-P");
        var up = Shell.RunIn(deepest, "ls", "../../../level-006/level-007/level-008");

        Assert.Multiple(() =>
        {
            Assert.That(pwd.Text.Trim(), Is.EqualTo(deepest));
            Assert.That(up.ExitCode, Is.Zero, up.ToString());
            Assert.That(up.Text, Is.EqualTo("bottom.txt\n"));
        });
    }

    [Test]
    public void FindType_DeepTree_ListsEveryLevel()
    {
        var result = Shell.RunIn(Mount.MountPoint, "find", SambaTree.Deep, "-type", "d");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EqualTo(Enumerable.Range(0, SambaTree.DeepLevels + 1).Select(n =>
                string.Join('/', new[] { SambaTree.Deep }.Concat(Enumerable.Range(1, n).Select(l => $"level-{l:D3}"))))));
    }
}
