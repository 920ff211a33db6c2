using System.Diagnostics;

namespace SmbDrive.Fuzz;

/// <summary>Runs one harness over its seed corpus, its kept regressions, then mutations of both until the time
/// is up. Every input either parses or is refused; anything else is a finding. Allocation is measured per input:
/// a parser must not allocate in proportion to a length the bytes claim beyond the bytes present.</summary>
internal sealed class FuzzRunner(FuzzHarness harness, string corpusRoot)
{
    /// <summary>Allowance per input: generous for decoded strings and lists (a UTF-16 name decodes to a string
    /// about the size of its bytes, a directory entry to a record), far below a buffer sized by a lying 32-bit
    /// length.</summary>
    private const long AllocationBase = 1 << 20;
    private const long AllocationPerInputByte = 64;
    private const int MaxFindings = 5;

    public string SeedFolder => Path.Combine(corpusRoot, harness.Name);
    public string RegressionFolder => Path.Combine(corpusRoot, "regressions", harness.Name);

    public static IReadOnlyList<byte[]> LoadFolder(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList()
            : [];

    public FuzzReport Run(TimeSpan duration, int seed)
    {
        var seeds = LoadFolder(SeedFolder).Concat(LoadFolder(RegressionFolder)).ToList();
        var findings = new List<FuzzFinding>();
        long executions = 0, refusals = 0;
        var clock = Stopwatch.StartNew();
        foreach (byte[] input in seeds) Execute(input);
        long seedRefusals = refusals;

        var mutator = new Mutator(seed);
        var pool = seeds.Count > 0 ? seeds : [[]];
        var random = new Random(seed);
        while (clock.Elapsed < duration && findings.Count < MaxFindings)
        {
            for (int i = 0; i < 256; i++) Execute(mutator.Mutate(pool[random.Next(pool.Count)], pool));
        }
        return new FuzzReport(harness.Name, seeds.Count, seedRefusals, executions, refusals, clock.Elapsed, findings);

        void Execute(byte[] input)
        {
            executions++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                harness.Parse(input.ToArray());
            }
            catch (Exception e) when (harness.IsRefusal(e))
            {
                refusals++;
            }
            catch (Exception e)
            {
                findings.Add(new FuzzFinding(harness.Name, input, $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}"));
                return;
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before - input.Length;
            if (allocated > AllocationBase + AllocationPerInputByte * input.Length)
                findings.Add(new FuzzFinding(harness.Name, input, $"allocated {allocated} bytes for a {input.Length}-byte input"));
        }
    }

    /// <summary>Keeps a finding's input where the smoke test replays it.</summary>
    public string SaveRegression(FuzzFinding finding)
    {
        Directory.CreateDirectory(RegressionFolder);
        string path = Path.Combine(RegressionFolder, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(finding.Input))[..16].ToLowerInvariant() + ".bin");
        File.WriteAllBytes(path, finding.Input);
        return path;
    }
}
