namespace SmbDrive.Fuzz;

/// <summary>The longer runs outside the test suite (tests/SmbDrive.Fuzz/run.sh wraps this):
/// <c>run &lt;harness|all&gt; &lt;seconds&gt; [seed] [--save]</c> fuzzes and prints each report and finding
/// (--save keeps findings under corpus/regressions in the source tree); <c>afl &lt;harness&gt;</c> is the AFL++
/// target (tests/SmbDrive.Fuzz/afl.sh); <c>list</c> names the harnesses.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["list"])
        {
            foreach (var h in Harnesses.All) Console.WriteLine(h.Name);
            return 0;
        }
        if (args is ["afl", string name])
        {
            RunUnderAfl(Harnesses.Get(name));
            return 0;
        }
        if (args.Length < 3 || args[0] != "run" || !int.TryParse(args[2], out int seconds))
        {
            Console.Error.WriteLine("usage: SmbDrive.Fuzz run <harness|all> <seconds> [seed] [--corpus DIR] [--save]\n       SmbDrive.Fuzz afl <harness>   (under afl-fuzz, with SmbDrive.Smb.dll instrumented by sharpfuzz)\n       SmbDrive.Fuzz list");
            return 2;
        }
        int seed = args.Length > 3 && int.TryParse(args[3], out int s) ? s : Environment.TickCount;
        int corpusAt = Array.IndexOf(args, "--corpus");
        string corpus = corpusAt > 0 && corpusAt + 1 < args.Length ? args[corpusAt + 1] : Path.Combine(AppContext.BaseDirectory, "corpus");
        bool save = args.Contains("--save");
        var harnesses = args[1] == "all" ? Harnesses.All : [Harnesses.Get(args[1])];
        int found = 0;
        foreach (var harness in harnesses)
        {
            var runner = new FuzzRunner(harness, corpus);
            var report = runner.Run(TimeSpan.FromSeconds(seconds), seed);
            Console.WriteLine($"{report} (seed {seed})");
            foreach (var finding in report.Findings)
            {
                Console.WriteLine(finding);
                if (save) Console.WriteLine($"  kept as {runner.SaveRegression(finding)}");
            }
            found += report.Findings.Count;
        }
        return found == 0 ? 0 : 1;
    }

    /// <summary>The AFL++ driver: SharpFuzz's fork server feeds each input on stdin; a refusal is a normal
    /// outcome, anything else escapes and AFL records the input as a crash.</summary>
    private static void RunUnderAfl(FuzzHarness harness) => SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        try
        {
            harness.Parse(buffer.ToArray());
        }
        catch (Exception e) when (harness.IsRefusal(e))
        {
        }
    });
}
