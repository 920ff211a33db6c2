namespace SmbDrive.Fuzz;

/// <summary>The runner itself: it must report what the rule forbids, or the smoke run proves nothing.</summary>
public class FuzzRunnerTests
{
    private static string EmptyCorpus => Path.Combine(Path.GetTempPath(), $"smbdrive-fuzz-empty-{Environment.ProcessId}");

    [Test]
    public void Run_ParserThrowsIndexOutOfRange_ReportedWithInput()
    {
        var harness = new FuzzHarness("indexes", b => _ = b[b.Length], FuzzHarness.ProtocolRefusal);
        var report = new FuzzRunner(harness, EmptyCorpus).Run(TimeSpan.FromMilliseconds(200), 1);
        Assert.That(report.Findings, Is.Not.Empty);
        Assert.That(report.Findings[0].Problem, Does.StartWith(nameof(IndexOutOfRangeException)));
        Assert.That(report.Findings[0].ToString(), Does.Contain("input (").And.Contain(Convert.ToHexString(report.Findings[0].Input)));
    }

    [Test]
    public void Run_ParserAllocatesByClaimedLength_ReportedAsAllocation()
    {
        // A parser that trusts a 32-bit length in the first bytes, as a hostile server would want.
        var harness = new FuzzHarness("trusting", b =>
        {
            if (b.Length >= 4) _ = new byte[Math.Min(BitConverter.ToUInt32(b) & 0x0FFFFFFF, 64u << 20)];
        }, FuzzHarness.ProtocolRefusal);
        var report = new FuzzRunner(harness, EmptyCorpus).Run(TimeSpan.FromSeconds(1), 1);
        Assert.That(report.Findings.Select(f => f.Problem), Has.Some.StartsWith("allocated"));
    }

    [Test]
    public void Run_ProtocolRefusal_CountedNotReported()
    {
        var harness = new FuzzHarness("refusing", _ => throw new Smb.SmbProtocolException("malformed"), FuzzHarness.ProtocolRefusal);
        var report = new FuzzRunner(harness, EmptyCorpus).Run(TimeSpan.FromMilliseconds(200), 1);
        Assert.That(report.Findings, Is.Empty);
        Assert.That(report.Refusals, Is.EqualTo(report.Executions).And.GreaterThan(0));
    }
}
