using BenchmarkDotNet.Running;
using SmbDrive.Benchmarks;

// run.sh passes --smbdrive PATH (the published smbdrive executable). --micro runs the BenchmarkDotNet
// micro-benchmarks of parsers and crypto instead of the end-to-end comparison.
if (args.Contains("--micro"))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--micro").ToArray());
    return 0;
}
var settings = ComparisonSettings.Parse(args);
await using var comparison = await Comparison.StartAsync(settings);
return await comparison.RunAsync();

internal partial class Program { }
