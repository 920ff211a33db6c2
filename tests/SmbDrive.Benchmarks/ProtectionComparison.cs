using System.Text;
using SmbDrive.TestSupport;

namespace SmbDrive.Benchmarks;

/// <summary>The headline comparison: at each protection level, the default settings (signed) first, a cold
/// sequential read of the whole file through a fresh <c>smbdrive mount</c>, <c>smbdrive get</c> and
/// <c>smbclient get</c>, measured alternately in every run so that the machine's load falls on all of them
/// alike; <c>rclone mount</c> once per run, as it has no protection settings; random 4 KiB reads through the
/// mount; a second, cached pass. Reports medians and the ratios of issue 13's targets.</summary>
internal sealed class ProtectionComparison(ComparisonSettings settings, SambaServer server, MountBench bench)
{
    private const double TodayRandomQd1 = 4300;
    private readonly Samples _samples = new();

    public async Task<string> RunAsync()
    {
        string? noMount = settings.Mount ? MountBench.MissingPrerequisite(settings.SmbDrive) : "left out with --no-mount.";
        bool mount = noMount is null;
        string loadBefore = LoadAverage();

        Console.Error.WriteLine("checking what protection each tool gets (and warming up)");
        var check = new ProtectionCheck(server, bench);
        foreach (var level in ProtectionLevel.All)
        {
            await check.SmbDriveGetAsync(level);
            await check.SmbclientAsync(level);
            if (mount) await check.MountAsync("smbdrive mount", level, () => bench.MountSmbDriveAsync(level));
        }
        if (mount) await check.MountAsync("rclone mount", null, bench.MountRcloneAsync);

        for (int run = 1; run <= settings.Runs; run++)
        {
            foreach (var level in ProtectionLevel.All)
            {
                Console.Error.WriteLine($"run {run} of {settings.Runs}: {level.Name}");
                if (mount)
                {
                    await ColdAsync(() => bench.MountSmbDriveAsync(level), () => ReadThroughMountAsync($"mount.{level.Protection}"));
                    await ColdAsync(() => bench.MountSmbDriveAsync(level), () => RandomAsync($"mount.{level.Protection}.RandomQd1", RandomQd1()));
                }
                await bench.WarmServerFileAsync();
                var get = Timed(bench.SmbDriveGet(level), bench.SmbDriveEnvironment, $"smbdrive get ({level.Name})");
                _samples.Add($"get.{level.Protection}", Throughput(get.Seconds));
                _samples.Add($"get.{level.Protection}.PeakRssMB", get.PeakRssBytes / 1e6);
                _samples.Add($"smbclient.{level.Protection}", Throughput(Timed(bench.SmbclientGet(level), null, $"smbclient get ({level.Name})").Seconds));
            }
            if (mount)
            {
                Console.Error.WriteLine($"run {run} of {settings.Runs}: rclone mount, queue depth 16, second pass");
                await ColdAsync(bench.MountRcloneAsync, () => ReadThroughMountAsync("rclone"));
                await ColdAsync(bench.MountRcloneAsync, () => RandomAsync("rclone.RandomQd1", RandomQd1()));
                await ColdAsync(bench.MountRcloneAsync, () => RandomAsync("rclone.RandomQd16", RandomQd16()));
                await ColdAsync(() => bench.MountSmbDriveAsync(ProtectionLevel.Default), () => RandomAsync($"mount.{Protection.Signed}.RandomQd16", RandomQd16()));
                await ColdAsync(() => bench.MountSmbDriveAsync(ProtectionLevel.Default), SecondPassAsync);
                _samples.Add("local.Cached", (await bench.FioAsync([.. Sequential(), "--invalidate=0"], bench.DiskFile)).MibPerSecond);
            }
        }

        var report = new StringBuilder();
        RenderSequential(report, noMount, loadBefore);
        report.AppendLine(check.Render());
        if (mount) RenderMount(report);
        report.AppendLine("Every sample, in run order (MB/s for whole reads, operations/s, ms, MB of memory):");
        report.AppendLine();
        foreach (string line in _samples.Lines()) report.AppendLine(line);
        report.AppendLine();
        return report.ToString();
    }

    private string[] RandomQd1() => ["--rw=randread", "--bs=4k", $"--runtime={settings.RandomSeconds}", "--time_based"];

    private string[] RandomQd16() => [.. RandomQd1(), "--ioengine=libaio", "--iodepth=16", "--direct=1"];

    private static string[] Sequential() => ["--rw=read", "--bs=1M"];

    /// <summary>A fresh mount, an empty page cache (with the server's copy read back into it), the workload, and unmounting.</summary>
    private async Task ColdAsync(Func<Task> mountAsync, Func<Task> workload)
    {
        await mountAsync();
        try
        {
            await bench.DropCachesAsync();
            await workload();
        }
        finally
        {
            await bench.UnmountAsync();
        }
    }

    private Task ReadThroughMountAsync(string key)
    {
        _samples.Add(key, Throughput(Timed(bench.ReadThroughMount(), null, $"{key}: read through the mount").Seconds));
        return Task.CompletedTask;
    }

    private async Task RandomAsync(string key, string[] workload)
    {
        var result = await bench.FioAsync(workload);
        _samples.Add(key, result.Iops);
        _samples.Add($"{key}.LatencyMs", result.MeanLatencyMs);
    }

    /// <summary>A cold pass with fio, then the same again with fio told to keep the file's pages.</summary>
    private async Task SecondPassAsync()
    {
        _samples.Add("mount.FirstPass", (await bench.FioAsync(Sequential())).MibPerSecond);
        _samples.Add("mount.Cached", (await bench.FioAsync([.. Sequential(), "--invalidate=0"])).MibPerSecond);
    }

    private static Measure.Run Timed(string commandLine, Dictionary<string, string>? environment, string what)
    {
        var run = Measure.Command(commandLine, environment);
        MountBench.Check(run, what);
        return run;
    }

    private double Throughput(double seconds) => settings.FileSize / seconds / 1e6;

    private void RenderSequential(StringBuilder report, string? noMount, string loadBefore)
    {
        double Median(string key) => _samples.Median(key);
        string Rate(string key) => _samples.Has(key) ? $"{Median(key):F0} MB/s" : "n/a";
        string Ratio(double value) => double.IsNaN(value) ? "n/a" : $"**{value:F2}×**";
        string Met(double value, double target) => double.IsNaN(value) ? "n/a" : value >= target ? "yes" : "**no**";

        report.AppendLine($"## 1. Sequential read of the whole file ({settings.FileSize >> 20} MiB) at each protection level, default settings first");
        report.AppendLine();
        report.AppendLine($"Medians of {settings.Runs} runs; load average {loadBefore} before, {LoadAverage()} after. MB/s = file size / wall time of the whole command: "
            + "the mount column is `dd bs=1M` of the file through a fresh `smbdrive mount` after the page cache was dropped (mounting not included); "
            + "`smbdrive get URL -` and `smbclient get FILE /dev/null` include their start-up and logon. Every server copy is read from the server's page cache. "
            + "smbdrive's options per level: none (default: Smb:RequireSigning=true), `--Smb:RequireSigning=false`, `--encrypt`; smbclient's: "
            + "`client signing=required`, `client signing=disabled`, `client smb encrypt=required`; the encrypted level reads from a share with `smb encrypt = required`.");
        if (noMount is not null) report.AppendLine($"The mount cases were not run: {noMount}");
        report.AppendLine();
        report.AppendLine("| protection | smbdrive mount (cold) | smbdrive get | smbclient get | mount / get | get / smbclient | get peak RSS |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var level in ProtectionLevel.All)
        {
            string p = level.Protection.ToString();
            report.AppendLine($"| {level.Name} | {Rate($"mount.{p}")} | {Rate($"get.{p}")} | {Rate($"smbclient.{p}")} "
                + $"| {Ratio(Median($"mount.{p}") / Median($"get.{p}"))} | {Ratio(Median($"get.{p}") / Median($"smbclient.{p}"))} | {_samples.Max($"get.{p}.PeakRssMB"):F0} MB |");
        }
        report.AppendLine();
        if (_samples.Has("rclone"))
        {
            report.AppendLine($"rclone mount (smb backend, default flags; measured once per run on the plain share, as it has no setting for signing or encryption: "
                + $"what Samba saw of it is in the check below): {Rate("rclone")}; smbdrive mount default / rclone: {Ratio(Median("mount.Signed") / Median("rclone"))}, "
                + $"plain / rclone: {Ratio(Median("mount.Plain") / Median("rclone"))}.");
            report.AppendLine();
        }

        double mountVsSmbclient = Median("mount.Signed") / Median("smbclient.Plain");
        double mountVsGet = Median("mount.Signed") / Median("get.Signed");
        double qd1 = Median("mount.Signed.RandomQd1");
        double peak = ProtectionLevel.All.Max(l => _samples.Max($"get.{l.Protection}.PeakRssMB"));
        report.AppendLine("### Targets (issue 13)");
        report.AppendLine();
        if (settings.Quick)
            report.AppendLine($"Quick run ({settings.FileSize >> 20} MiB, {settings.Runs} sample): a smoke test of the harness, not a measurement of the targets.").AppendLine();
        report.AppendLine("| target | measured | met |");
        report.AppendLine("|---|---|---|");
        report.AppendLine($"| mount on default settings (signed) ≥ 0.85× `smbclient get` without signing | {Ratio(mountVsSmbclient)} | {Met(mountVsSmbclient, 0.85)} |");
        report.AppendLine($"| mount on default settings ≥ 0.85× `smbdrive get` on the same settings | {Ratio(mountVsGet)} | {Met(mountVsGet, 0.85)} |");
        foreach (var (level, target) in new[] { (ProtectionLevel.Plain, 1.25), (ProtectionLevel.Default, 1.25), (ProtectionLevel.Encrypted, 1.0) })
        {
            double ratio = Median($"get.{level.Protection}") / Median($"smbclient.{level.Protection}");
            report.AppendLine($"| `smbdrive get` ≥ {target:F2}× `smbclient get`, {level.Name} | {Ratio(ratio)} | {Met(ratio, target)} |");
        }
        report.AppendLine($"| random 4 KiB reads at queue depth 1 through the mount, default settings: no slower than before (about {TodayRandomQd1:F0}/s on the reference machine) "
            + $"| {(double.IsNaN(qd1) ? "n/a" : $"{qd1:F0}/s")} | {Met(qd1, TodayRandomQd1)} |");
        report.AppendLine($"| peak RSS of `smbdrive get` (largest of all levels and runs) under 100 MB | {peak:F0} MB | {(peak < 100 ? "yes" : "**no**")} |");
        report.AppendLine();
    }

    private void RenderMount(StringBuilder report)
    {
        double Median(string key) => _samples.Median(key);
        report.AppendLine($"## 2. Random 4 KiB reads through the mount (fio, {settings.RandomSeconds} s each, a fresh mount and an empty page cache each time)");
        report.AppendLine();
        report.AppendLine("| mount | queue depth 1 | mean latency | libaio O_DIRECT queue depth 16 |");
        report.AppendLine("|---|---|---|---|");
        foreach (var level in ProtectionLevel.All)
        {
            string key = $"mount.{level.Protection}";
            string qd16 = _samples.Has($"{key}.RandomQd16") ? $"{Median($"{key}.RandomQd16"):F0}/s" : "(not measured)";
            report.AppendLine($"| smbdrive, {level.Name} | {Median($"{key}.RandomQd1"):F0}/s | {Median($"{key}.RandomQd1.LatencyMs"):F2} ms | {qd16} |");
        }
        report.AppendLine($"| rclone | {Median("rclone.RandomQd1"):F0}/s | {Median("rclone.RandomQd1.LatencyMs"):F2} ms | {Median("rclone.RandomQd16"):F0}/s |");
        report.AppendLine();
        report.AppendLine("## 3. A second pass over the file through the mount, page cache kept (fio 1 MiB reads, default settings)");
        report.AppendLine();
        report.AppendLine("| first pass (cold) | second pass | local file from the page cache | second pass / local |");
        report.AppendLine("|---|---|---|---|");
        report.AppendLine($"| {Median("mount.FirstPass"):F0} MiB/s | {Median("mount.Cached"):F0} MiB/s | {Median("local.Cached"):F0} MiB/s | **{Median("mount.Cached") / Median("local.Cached"):F2}×** |");
        report.AppendLine();
    }

    private static string LoadAverage() =>
        OperatingSystem.IsLinux() ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
