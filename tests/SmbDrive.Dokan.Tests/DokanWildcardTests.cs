using System.IO.Enumeration;

namespace SmbDrive.Dokan.Tests;

/// <summary>DokanWildcard against the documented wildcard table (dokan.h DokanIsNameInExpression, MS-FSA §2.1.4.4)
/// and against the runtime's own port of FsRtlIsNameInExpression.</summary>
[TestFixture]
public sealed class DokanWildcardTests
{
    [TestCase("*", "anything.at.all", true, TestName = "Star_MatchesEverything")]
    [TestCase("*.txt", "a.txt", true, TestName = "StarSuffix_Matches")]
    [TestCase("*.txt", "a.txt.bak", false, TestName = "StarSuffix_WrongEnd")]
    [TestCase("a*z", "az", true, TestName = "Star_MatchesZeroCharacters")]
    [TestCase("?", "a", true, TestName = "Question_OneCharacter")]
    [TestCase("?", "ab", false, TestName = "Question_NotTwo")]
    [TestCase("a?c", "abc", true, TestName = "Question_Inside")]
    [TestCase("a?c", "ac", false, TestName = "Question_NeedsACharacter")]
    [TestCase("<.txt", "a.b.txt", true, TestName = "DosStar_PassesEarlierPeriods")]
    [TestCase("<.txt", "a.txt", true, TestName = "DosStar_StopsAtFinalPeriod")]
    [TestCase("<", "abc", true, TestName = "DosStar_NameWithoutPeriod")]
    [TestCase("<", "a.b", false, TestName = "DosStar_NeverPastFinalPeriod")]
    [TestCase("<", "abc.", true, TestName = "DosStar_MatchesUpToAndIncludingFinalPeriod")]
    [TestCase(">>>", "ab", true, TestName = "DosQm_MatchesFewerAtEnd")]
    [TestCase(">>>", "abcd", false, TestName = "DosQm_NotMore")]
    [TestCase(">>>.txt", "ab.txt", true, TestName = "DosQm_AdvancesAtPeriod")]
    [TestCase("?.txt", "ab.txt", false, TestName = "Question_DoesNotAdvanceAtPeriod")]
    [TestCase("abc\"", "abc", true, TestName = "DosDot_ZeroCharactersAtEnd")]
    [TestCase("abc\"", "abc.", true, TestName = "DosDot_MatchesPeriod")]
    [TestCase("abc\"*", "abc.txt", true, TestName = "DosDotStar_WithExtension")]
    [TestCase("abc\"*", "abc", true, TestName = "DosDotStar_WithoutExtension")]
    [TestCase("abc\"x", "abcx", false, TestName = "DosDot_NoPeriodInsideName")]
    [TestCase(">", ".", true, TestName = "DosQm_RunOutAtPeriod_CountsAsMatched")]
    [TestCase("README.TXT", "readme.txt", true, TestName = "Literal_IgnoresCase")]
    [TestCase("a", "b", false, TestName = "Literal_Mismatch")]
    public void IsMatch_DocumentedCases(string expression, string name, bool expected)
    {
        Assert.That(DokanWildcard.IsMatch(expression, name, ignoreCase: true), Is.EqualTo(expected));
    }

    [Test]
    public void IsMatch_CaseSensitive_DistinguishesCase()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanWildcard.IsMatch("README.TXT", "readme.txt", ignoreCase: false), Is.False);
            Assert.That(DokanWildcard.IsMatch("README.TXT", "README.TXT", ignoreCase: false), Is.True);
            Assert.That(DokanWildcard.IsMatch("Ü*", "über", ignoreCase: true), Is.True);
        });
    }

    [Test]
    public void IsMatch_EmptyNameOrExpression_NeverMatches()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanWildcard.IsMatch("", "a", true), Is.False);
            Assert.That(DokanWildcard.IsMatch("*", "", true), Is.False);
        });
    }

    [Test]
    public void IsMatch_LongHostilePattern_FinishesQuickly()
    {
        string expression = string.Concat(Enumerable.Repeat("*a", 200)) + "b";
        string name = new('a', 5000);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool matched = DokanWildcard.IsMatch(expression, name, true);
        Assert.Multiple(() =>
        {
            Assert.That(matched, Is.False);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [TestCase("a.txt", ExpectedResult = false)]
    [TestCase("a?.txt", ExpectedResult = true)]
    [TestCase("<.txt", ExpectedResult = true)]
    [TestCase("a>", ExpectedResult = true)]
    [TestCase("a\"", ExpectedResult = true)]
    [TestCase("*", ExpectedResult = true)]
    public bool ContainsWildcards_FindsEveryWildcardForm(string expression) => DokanWildcard.ContainsWildcards(expression);

    [TestCase("*", ExpectedResult = true)]
    [TestCase("", ExpectedResult = true)]
    [TestCase("*.*", ExpectedResult = false)]
    [TestCase("<", ExpectedResult = false)]
    public bool MatchesEverything_OnlyForStarOrNothing(string expression) => DokanWildcard.MatchesEverything(expression);

    /// <summary>The runtime's FileSystemName.MatchesWin32Expression is a port of FsRtlIsNameInExpression; every
    /// random expression/name pair over the wildcard alphabet must agree with it.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void IsMatch_AgreesWithRuntimeFsRtlPort_OnRandomPairs(bool ignoreCase)
    {
        string[] expressionAlphabet = ["a", "B", ".", "*", "?", "<", ">", "\""];
        string[] nameAlphabet = ["a", "b", "A", "."];
        var random = new Random(20240229);
        var disagreements = new List<string>();
        for (int i = 0; i < 100_000; i++)
        {
            string expression = Draw(random, expressionAlphabet, 1, 7);
            string name = Draw(random, nameAlphabet, 1, 7);
            bool expected = FileSystemName.MatchesWin32Expression(expression, name, ignoreCase);
            if (DokanWildcard.IsMatch(expression, name, ignoreCase) != expected && disagreements.Count < 10)
            {
                disagreements.Add($"'{expression}' vs '{name}': expected {expected}");
            }
        }
        Assert.That(disagreements, Is.Empty);
    }

    private static string Draw(Random random, string[] alphabet, int min, int max) =>
        string.Concat(Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => alphabet[random.Next(alphabet.Length)]));
}
