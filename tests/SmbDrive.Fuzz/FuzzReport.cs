namespace SmbDrive.Fuzz;

/// <summary>What one run of one harness did.</summary>
internal sealed record FuzzReport(string Harness, int Seeds, long Executions, long Refusals, TimeSpan Elapsed, IReadOnlyList<FuzzFinding> Findings)
{
    public override string ToString() =>
        $"{Harness}: {Seeds} seeds, {Executions} executions ({Executions / Math.Max(Elapsed.TotalSeconds, 0.001):F0}/s), " +
        $"{Refusals} refused with the protocol exception, {Findings.Count} findings";
}
