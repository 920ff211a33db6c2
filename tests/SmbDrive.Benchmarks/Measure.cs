using System.Diagnostics;

namespace SmbDrive.Benchmarks;

/// <summary>Runs external commands and measures wall time and peak resident memory.</summary>
internal static class Measure
{
    public sealed record Run(double Seconds, long PeakRssBytes, int ExitCode, string Error);

    /// <summary>Runs <paramref name="commandLine"/> with stdout to /dev/null (through a shell) and samples
    /// VmHWM of the process while it runs.</summary>
    public static Run Command(string commandLine, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec {commandLine} > /dev/null"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(5))
            peak = Math.Max(peak, ReadHighWaterMark(process.Id));
        sw.Stop();
        return new Run(sw.Elapsed.TotalSeconds, peak, process.ExitCode, stderr.Result.Trim());
    }

    private static long ReadHighWaterMark(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    /// <summary>One word for /bin/sh, whatever it contains.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
