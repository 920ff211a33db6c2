using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SmbDrive.TestSupport;

namespace SmbDrive.Benchmarks;

/// <summary>The mounted drive against its peers, measured in one run: fio through <c>smbdrive mount</c> and
/// through <c>rclone mount</c> (smb backend, default flags), and <c>smbclient get</c> for the sequential case.
/// Every cold measurement gets a fresh mount (so SmbDrive's own block cache is empty too) and runs after the
/// kernel's page cache was dropped and the server's file read back into it, so the server side serves from
/// memory and the client side starts with nothing cached. Needs root (drop_caches), fio, rclone, smbclient.</summary>
public static class FuseComparison
{
    private const int RandomSeconds = 6;
    private static readonly TimeSpan s_mountTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(5);

    private enum Workload
    {
        Sequential,
        RandomQd1,
        RandomQd16,
    }

    private enum Peer
    {
        SmbDrive,
        Rclone,
    }

    /// <summary>Runs every case <paramref name="runs"/> times and returns a markdown section with the medians and
    /// the ratios the targets are stated in. <paramref name="bigFileName"/> must be in the root of
    /// <paramref name="share"/> and <paramref name="fileSize"/> bytes long.</summary>
    public static async Task<string> RunAsync(string smbdrivePath, SambaServer server, string share, string bigFileName, long fileSize, int runs)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var report = new StringBuilder();
        report.AppendLine("## Reading through a mount: SmbDrive (FUSE) vs rclone mount vs smbclient");
        string? missing = MissingPrerequisite(smbdrivePath);
        if (missing is not null)
        {
            report.AppendLine($"Skipped: {missing}").AppendLine();
            return report.ToString();
        }

        string work = Directory.CreateTempSubdirectory("smbdrive-fusebench-").FullName;
        try
        {
            var bench = new Bench(smbdrivePath, server, share, bigFileName, fileSize, work);
            string loadBefore = LoadAverage();
            var samples = new Dictionary<string, List<double>>();
            void Add(string key, double value) => (samples.TryGetValue(key, out var list) ? list : samples[key] = new List<double>()).Add(value);

            for (int run = 1; run <= runs; run++)
            {
                Console.Error.WriteLine($"mount comparison: run {run} of {runs}");
                foreach (var peer in new[] { Peer.SmbDrive, Peer.Rclone })
                {
                    foreach (var workload in new[] { Workload.Sequential, Workload.RandomQd1, Workload.RandomQd16 })
                    {
                        var result = await bench.ColdAsync(peer, workload);
                        Add($"{peer}.{workload}", workload == Workload.Sequential ? result.MibPerSecond : result.Iops);
                        if (workload == Workload.RandomQd1) Add($"{peer}.{workload}.latency", result.MeanLatencyMs);
                    }
                }
                Add("smbclient", await bench.SmbclientAsync());
                var (cold, cached) = await bench.SecondPassAsync();
                Add("SmbDrive.FirstPass", cold);
                Add("SmbDrive.Cached", cached);
                Add("Local.Cached", await bench.LocalCachedAsync());
            }

            double Median(string key) => Measure.Median(samples[key]);
            double seqOurs = Median("SmbDrive.Sequential"), seqRclone = Median("Rclone.Sequential"), seqSmbclient = Median("smbclient");
            double qd1Ours = Median("SmbDrive.RandomQd1"), qd1Rclone = Median("Rclone.RandomQd1");
            double qd16Ours = Median("SmbDrive.RandomQd16"), qd16Rclone = Median("Rclone.RandomQd16");
            double cachedOurs = Median("SmbDrive.Cached"), cachedLocal = Median("Local.Cached");

            report.AppendLine($"Samba on 127.0.0.1:{server.Port}, {fileSize >> 20} MiB file, medians of {runs} runs; load average {loadBefore} before, {LoadAverage()} after.");
            report.AppendLine("Cold cases: a fresh mount each time, page cache dropped, the server's file read back into the server's page cache. "
                + $"SmbDrive runs with default settings except Smb:RequireSigning=false, like smbclient and rclone (unsigned). Random cases run {RandomSeconds} s each. "
                + "Rates are transfer rates as the tools report them: fio's leave out mounting and opening, smbclient's its start-up and logon.");
            report.AppendLine();
            report.AppendLine("| workload | SmbDrive mount | rclone mount | smbclient get | SmbDrive / rclone | SmbDrive / smbclient | target | met |");
            report.AppendLine("|---|---|---|---|---|---|---|---|");
            report.AppendLine($"| sequential 1 MiB reads (fio) | {seqOurs:F0} MiB/s | {seqRclone:F0} MiB/s | {seqSmbclient:F0} MiB/s | **{seqOurs / seqRclone:F2}×** | **{seqOurs / seqSmbclient:F2}×** "
                + $"| ≥ 4× rclone, ≥ 0.8× smbclient | {Met(seqOurs / seqRclone >= 4)}, {Met(seqOurs / seqSmbclient >= 0.8)} |");
            report.AppendLine($"| random 4 KiB, queue depth 1 | {qd1Ours:F0} IOPS ({Median("SmbDrive.RandomQd1.latency"):F2} ms) | {qd1Rclone:F0} IOPS ({Median("Rclone.RandomQd1.latency"):F2} ms) | n/a "
                + $"| **{qd1Ours / qd1Rclone:F2}×** | n/a | ≥ 2× rclone | {Met(qd1Ours / qd1Rclone >= 2)} |");
            report.AppendLine($"| random 4 KiB, libaio O_DIRECT queue depth 16 | {qd16Ours:F0} IOPS | {qd16Rclone:F0} IOPS | n/a | **{qd16Ours / qd16Rclone:F2}×** | n/a | (none) | |");
            report.AppendLine();
            report.AppendLine("| second pass over the file (SmbDrive, page cache kept) | first pass | second pass | local file from the page cache | second pass / local | met (≥ 0.5×) |");
            report.AppendLine("|---|---|---|---|---|---|");
            report.AppendLine($"| sequential 1 MiB reads (fio --invalidate=0) | {Median("SmbDrive.FirstPass"):F0} MiB/s | {cachedOurs:F0} MiB/s | {cachedLocal:F0} MiB/s "
                + $"| **{cachedOurs / cachedLocal:F2}×** | {Met(cachedOurs / cachedLocal >= 0.5)} |");
            report.AppendLine();
            report.AppendLine("Every sample, in run order (the machine's load moves single runs a lot; the medians above are what the targets are judged on):");
            report.AppendLine();
            foreach (var (key, values) in samples)
                report.AppendLine($"- {key}: {string.Join(", ", values.Select(v => v.ToString(v >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture)))}");
            report.AppendLine();
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A mount point that could not be detached stays; the report says which.
            }
        }
        return report.ToString();
    }

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string? MissingPrerequisite(string smbdrivePath)
    {
        if (!OperatingSystem.IsLinux())
            return "Linux only (FUSE).";
        if (!Environment.IsPrivilegedProcess)
            return "needs root, to drop the page cache between runs.";
        if (!File.Exists(smbdrivePath))
            return $"{smbdrivePath} does not exist.";
        foreach (string tool in new[] { "/usr/bin/fio", "/usr/bin/rclone", "/usr/bin/smbclient", "/usr/bin/fusermount3" })
        {
            if (!File.Exists(tool))
                return $"{tool} is not installed (apt-get install fio rclone smbclient fuse3).";
        }
        return null;
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private sealed record FioResult(double MibPerSecond, double Iops, double MeanLatencyMs);

    private sealed record CommandResult(int ExitCode, string Output, string Errors, TimeSpan Elapsed);

    /// <summary>One comparison's fixed inputs and the steps measured with them.</summary>
    private sealed class Bench(string smbdrivePath, SambaServer server, string share, string bigFileName, long fileSize, string work)
    {
        private readonly string _diskFile = Path.Combine(server.SharePath(share), bigFileName);
        private readonly string _mountPoint = Path.Combine(work, "mnt");
        private string? _authFile;
        private Dictionary<string, string>? _rcloneEnvironment;

        public async Task<FioResult> ColdAsync(Peer peer, Workload workload)
        {
            await MountAsync(peer);
            try
            {
                await DropCachesAsync();
                return await FioAsync(Path.Combine(_mountPoint, bigFileName), Arguments(workload));
            }
            finally
            {
                await UnmountAsync(peer);
            }
        }

        /// <summary>A cold sequential pass, then the same again with fio told not to drop the file's pages.</summary>
        public async Task<(double Cold, double Cached)> SecondPassAsync()
        {
            await MountAsync(Peer.SmbDrive);
            try
            {
                await DropCachesAsync();
                string path = Path.Combine(_mountPoint, bigFileName);
                var cold = await FioAsync(path, Arguments(Workload.Sequential));
                var cached = await FioAsync(path, [.. Arguments(Workload.Sequential), "--invalidate=0"]);
                return (cold.MibPerSecond, cached.MibPerSecond);
            }
            finally
            {
                await UnmountAsync(Peer.SmbDrive);
            }
        }

        /// <summary>Memory speed on this machine: the server's own file, already in the page cache.</summary>
        public async Task<double> LocalCachedAsync() =>
            (await FioAsync(_diskFile, [.. Arguments(Workload.Sequential), "--invalidate=0"])).MibPerSecond;

        public async Task<double> SmbclientAsync()
        {
            await DropCachesAsync();
            var result = await RunAsync("smbclient", ["-p", server.Port.ToString(CultureInfo.InvariantCulture), $"//127.0.0.1/{share}", "-A", AuthFile(),
                "-c", $"get {bigFileName} /dev/null"]);
            Check(result, "smbclient get");
            // Its own transfer rate (KiB/s), which leaves out start-up and logon as fio's rate leaves out the mount.
            var rate = Regex.Match(result.Output + result.Errors, @"\(average ([0-9.]+) KiloBytes/sec\)");
            if (!rate.Success)
                throw new InvalidOperationException($"smbclient did not report its transfer rate: {result.Errors.Trim()}");
            return double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) / 1024;
        }

        private static string[] Arguments(Workload workload) => workload switch
        {
            Workload.Sequential => ["--rw=read", "--bs=1M"],
            Workload.RandomQd1 => ["--rw=randread", "--bs=4k", $"--runtime={RandomSeconds}", "--time_based"],
            _ => ["--rw=randread", "--bs=4k", $"--runtime={RandomSeconds}", "--time_based", "--ioengine=libaio", "--iodepth=16", "--direct=1"],
        };

        private async Task<FioResult> FioAsync(string file, string[] workload)
        {
            var result = await RunAsync("fio", ["--name=bench", $"--filename={file}", "--readonly", $"--size={fileSize}", "--output-format=json", .. workload]);
            Check(result, $"fio {string.Join(' ', workload)} on {file}");
            // fio may print notes before the JSON document.
            using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]);
            var read = json.RootElement.GetProperty("jobs")[0].GetProperty("read");
            return new FioResult(read.GetProperty("bw_bytes").GetDouble() / (1 << 20), read.GetProperty("iops").GetDouble(),
                read.GetProperty("clat_ns").GetProperty("mean").GetDouble() / 1e6);
        }

        /// <summary>Empties the page cache, then reads the server's file back into it: the client side starts
        /// cold while the server answers from memory, as in the other comparisons.</summary>
        private async Task DropCachesAsync()
        {
            Check(await RunAsync("sync", []), "sync");
            await File.WriteAllTextAsync("/proc/sys/vm/drop_caches", "3");
            await using var stream = new FileStream(_diskFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
            await stream.CopyToAsync(Stream.Null);
        }

        private async Task MountAsync(Peer peer)
        {
            Directory.CreateDirectory(_mountPoint);
            string source = peer == Peer.SmbDrive ? $"//127.0.0.1:{server.Port}/{share}" : $"bench:{share}";
            var result = peer == Peer.SmbDrive
                ? await RunAsync(smbdrivePath, ["mount", source, _mountPoint, "--user", server.User.Name, "--daemon", "--Smb:RequireSigning=false"],
                    new() { ["SMBDRIVE_PASSWORD"] = server.User.Password })
                : await RunAsync("rclone", ["mount", source, _mountPoint, "--daemon"], await RcloneEnvironmentAsync());
            Check(result, $"{peer} mount");
            await WaitAsync(() => IsMounted(_mountPoint) && File.Exists(Path.Combine(_mountPoint, bigFileName)), $"{peer} mount on {_mountPoint}");
        }

        private async Task UnmountAsync(Peer peer)
        {
            var result = peer == Peer.SmbDrive
                ? await RunAsync(smbdrivePath, ["unmount", _mountPoint])
                : await RunAsync("fusermount3", ["-u", _mountPoint]);
            if (result.ExitCode != 0)
            {
                Console.Error.WriteLine($"{peer} unmount failed ({result.Errors.Trim()}); detaching lazily");
                await RunAsync("fusermount3", ["-u", "-z", _mountPoint]);
            }
            await WaitAsync(() => !IsMounted(_mountPoint), $"{peer} unmount of {_mountPoint}");
        }

        private static async Task WaitAsync(Func<bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition())
            {
                if (clock.Elapsed > s_mountTimeout)
                    throw new InvalidOperationException($"{what} did not happen within {s_mountTimeout.TotalSeconds:0} s");
                await Task.Delay(50);
            }
        }

        private static bool IsMounted(string mountPoint) =>
            File.ReadLines("/proc/mounts").Any(line => line.Split(' ') is { Length: > 2 } fields && fields[1] == mountPoint);

        private string AuthFile()
        {
            if (_authFile is null)
            {
                _authFile = Path.Combine(work, "smbclient.auth");
                File.WriteAllText(_authFile, "");
                // Private before the password goes in (RunAsync returns early on anything but Linux).
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_authFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                File.WriteAllText(_authFile, $"username = {server.User.Name}\npassword = {server.User.Password}\n");
            }
            return _authFile;
        }

        private async Task<Dictionary<string, string>> RcloneEnvironmentAsync()
        {
            if (_rcloneEnvironment is null)
            {
                var obscured = await RunAsync("rclone", ["obscure", server.User.Password]);
                Check(obscured, "rclone obscure");
                _rcloneEnvironment = new()
                {
                    ["RCLONE_CONFIG_BENCH_TYPE"] = "smb",
                    ["RCLONE_CONFIG_BENCH_HOST"] = "127.0.0.1",
                    ["RCLONE_CONFIG_BENCH_PORT"] = server.Port.ToString(CultureInfo.InvariantCulture),
                    ["RCLONE_CONFIG_BENCH_USER"] = server.User.Name,
                    ["RCLONE_CONFIG_BENCH_PASS"] = obscured.Output.Trim(),
                };
            }
            return _rcloneEnvironment;
        }

        private static void Check(CommandResult result, string what)
        {
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"{what} failed with exit code {result.ExitCode}: {result.Errors.Trim()}");
        }

        private static async Task<CommandResult> RunAsync(string program, string[] arguments, Dictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            foreach (var (key, value) in environment ?? [])
                start.Environment[key] = value;
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(s_commandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not finish within {s_commandTimeout.TotalMinutes:0} minutes");
            }
            clock.Stop();
            return new CommandResult(process.ExitCode, await output, await errors, clock.Elapsed);
        }
    }
}
