namespace SmbDrive.Fuzz;

/// <summary>The bounded smoke run: every harness replays its Samba seed corpus and every kept regression
/// input, then mutates them for a few seconds. Fails on any exception other than the protocol refusal, or an
/// allocation out of proportion to the input, printing the input as hex.</summary>
[Parallelizable(ParallelScope.None)]
public class FuzzSmokeTests
{
    private static readonly TimeSpan PerHarness = TimeSpan.FromSeconds(3);

    // A fixed seed: the suite must reproduce its own failures. The longer runs in run.sh vary it.
    private const int Seed = 20261203;

    private static string CorpusRoot => Path.Combine(AppContext.BaseDirectory, "corpus");

    public static IEnumerable<string> HarnessNames => Harnesses.All.Select(h => h.Name);

    [TestCaseSource(nameof(HarnessNames))]
    public void Harness_SeedsRegressionsAndMutations_OnlyProtocolRefusals(string name)
    {
        var runner = new FuzzRunner(Harnesses.Get(name), CorpusRoot);
        var report = runner.Run(PerHarness, Seed);
        TestContext.Out.WriteLine(report);
        Assert.That(report.Seeds, Is.GreaterThan(0), $"no seeds under {runner.SeedFolder}");
        Assert.That(report.SeedRefusals, Is.LessThan(report.Seeds), "every seed refused: the harness does not reach the parser");
        Assert.That(report.Findings, Is.Empty, string.Join("\n", report.Findings));
    }

    [Test]
    public void Corpus_EveryFolderBelongsToAHarness()
    {
        var known = HarnessNames.Append("regressions").ToHashSet();
        var folders = Directory.GetDirectories(CorpusRoot).Select(Path.GetFileName);
        Assert.That(folders, Is.SubsetOf(known));
    }
}
