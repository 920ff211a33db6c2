namespace SmbDrive.Fuzz;

/// <summary>What one run of one harness did. SeedRefusals counts seeds and kept regressions the parser refused:
/// Samba's own replies should parse, so a harness refusing all of them is calling the parser wrongly.</summary>
internal sealed record FuzzReport(string Harness, int Seeds, long SeedRefusals, long Executions, long Refusals, TimeSpan Elapsed, IReadOnlyList<FuzzFinding> Findings)
{
    public override string ToString() =>
        $"{Harness}: {Seeds} seeds ({SeedRefusals} refused), {Executions} executions ({Executions / Math.Max(Elapsed.TotalSeconds, 0.001):F0}/s), " +
        $"{Refusals} refused with the protocol exception, {Findings.Count} findings";
}
