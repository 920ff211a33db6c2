using SmbDrive.Vfs.Paths;

namespace SmbDrive.Vfs.Tests.Paths;

/// <summary>Expected values follow MS-FSA 2.1.4.4 (the algorithm behind FsRtlIsNameInExpression), with
/// case always ignored. '&lt;' is DOS_STAR, '&gt;' DOS_QM and '"' DOS_DOT.</summary>
public class WildcardMatcherTests
{
    [TestCase("*", "anything.txt", true)]
    [TestCase("*", ".", true)]
    [TestCase("*", "", false)]              // an empty name matches nothing but the empty pattern
    [TestCase("", "", true)]
    [TestCase("", "a", false)]
    [TestCase("**", "a", true)]
    [TestCase("report.pdf", "report.pdf", true)]
    [TestCase("report.pdf", "REPORT.PDF", true)]
    [TestCase("report.pdf", "report.pdfx", false)]
    [TestCase("*.txt", "notes.TXT", true)]
    [TestCase("*.txt", "notes.txt.bak", false)]
    [TestCase("*.txt", "txt", false)]
    [TestCase("*.*", "noextension", false)] // literal '.' required; Win32 turns "*.*" into "<\"*" first
    [TestCase("*.*", "a.b", true)]
    [TestCase("?", "a", true)]
    [TestCase("?", "ab", false)]
    [TestCase("?", ".", true)]
    [TestCase("??.c", "ab.c", true)]
    [TestCase("??.c", "a.c", false)]
    [TestCase("*?", "", false)]
    [TestCase("*?", "a", true)]
    [TestCase("?*?", "a", false)]
    [TestCase("?*?", "ab", true)]
    [TestCase("*a*b*c", "xxaxxbxxc", true)]
    [TestCase("*a*b*c", "xxaxxcxxb", false)]
    [TestCase("*.c.d", "a.b.c.d", true)]
    [TestCase("*.?.c.d", "a.b.c.d", true)]
    [TestCase("a.b.*??.d", "a.b.cc.d", true)]
    [TestCase("a.b.*??.d", "a.b.c.d", false)]
    // DOS_STAR: any characters up to and including the final dot, never past it.
    [TestCase("<.exe", "setup.exe", true)]
    [TestCase("<.EXE", "setup.exe", true)]
    [TestCase("<.exe", "a.b.exe", true)]
    [TestCase("ab<exe", "abcd.exe", true)]
    [TestCase("ab<exe", "abcdexe", true)]   // no dot at all: behaves like '*'
    [TestCase("ab<exe", "acd.exe", false)]
    [TestCase("<", "name.ext", false)]      // cannot swallow the extension
    [TestCase("<", "name", true)]
    // DOS_QM: one character, or nothing at a dot or at the end.
    [TestCase("a>c.exe", "abc.exe", true)]
    [TestCase("a>c.exe", "ac.exe", false)]
    [TestCase("abc>>>", "abc", true)]
    [TestCase("abc>>>.txt", "abc.txt", true)]
    [TestCase("abc>>>.txt", "abcde.txt", true)]
    [TestCase("abc>>>.txt", "abcdefg.txt", false)]
    [TestCase("a>>>exe", "abc.exe", false)]
    // DOS_DOT: a dot, or nothing beyond the end of the name.
    [TestCase("name\"ext", "name.ext", true)]
    [TestCase("name.ext\"", "name.ext", true)]
    [TestCase("\"name", "name", false)]
    // What Win32 sends for "*.*" and "F0_*.*": every name, with or without a dot.
    [TestCase("<\"*", "noextension", true)]
    [TestCase("<\"*", "a.b.c", true)]
    [TestCase("<\"*", ".hidden", true)]
    [TestCase("F0_<\"*", "f0_001.txt", true)]
    [TestCase("F0_<\"*", "F0_", true)]
    [TestCase("F0_<\"*", "SETUP.EXE", false)]
    public void IsMatch_FollowsMsFsaAndIgnoresCase(string pattern, string name, bool expected)
    {
        Assert.That(WildcardMatcher.IsMatch(pattern, name), Is.EqualTo(expected), $"'{pattern}' vs '{name}'");
    }

    [Test]
    public void IsMatch_PathologicalPattern_FinishesQuickly()
    {
        string name = new string('a', 5000);
        string pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "b";
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(WildcardMatcher.IsMatch(pattern, name), Is.False);
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }

    [TestCase(null, false)]
    [TestCase("", false)]
    [TestCase("file.txt", false)]
    [TestCase("*.txt", true)]
    [TestCase("file?.txt", true)]
    [TestCase("<\"*", true)]
    [TestCase("a>b", true)]
    public void HasWildcards_DetectsEveryWildcardForm(string? pattern, bool expected)
    {
        Assert.That(WildcardMatcher.HasWildcards(pattern), Is.EqualTo(expected));
    }

    [TestCase(null, true)]
    [TestCase("", true)]
    [TestCase("*", true)]
    [TestCase("*.*", false)]
    [TestCase("a*", false)]
    public void MatchesEverything_OnlyForTheTrivialPatterns(string? pattern, bool expected)
    {
        Assert.That(WildcardMatcher.MatchesEverything(pattern), Is.EqualTo(expected));
    }
}
