using System.Formats.Tar;
using System.Text;
using SmbDrive.TestSupport;

namespace SmbDrive.Benchmarks;

/// <summary>The write side (issue 14): the big file written through a fresh <c>smbdrive mount</c> with
/// <c>dd conv=fsync</c>, by <c>smbdrive put</c> and by <c>smbclient put</c>, on the default settings first;
/// <c>rclone mount --vfs-cache-mode writes</c> counted until the data is on the server's disk (rclone uploads in
/// the background after the close); and 2,000 small files unpacked with <c>tar</c> onto each mount. Every result
/// is checked on the server's disk; the first run of each case compares every byte.</summary>
internal sealed class WriteComparison(ComparisonSettings settings, SambaServer server, MountBench bench, string source, string uploadShare, string uploadDir, string work)
{
    private const int SmallFiles = 2000;
    private static readonly TimeSpan s_uploadTimeout = TimeSpan.FromMinutes(5);
    private readonly Samples _samples = new();
    private byte[]? _sourceBytes;

    public async Task<string> RunAsync()
    {
        string? noMount = settings.Mount ? MountBench.MissingPrerequisite(settings.SmbDrive) : "left out with --no-mount.";
        string archive = CreateArchive();
        for (int run = 1; run <= settings.Runs; run++)
        {
            bool verify = run == 1;
            foreach (var level in new[] { ProtectionLevel.Default, ProtectionLevel.Plain })
            {
                Console.Error.WriteLine($"run {run} of {settings.Runs}: writes, {level.Name}");
                string put = $"put-{level.Protection}.bin";
                var ours = Timed($"{Measure.Quote(settings.SmbDrive)} put {Measure.Quote(source)} //127.0.0.1:{Port}/{uploadShare}/{put} --user {User} {string.Join(' ', level.SmbDriveArguments.Select(Measure.Quote))}",
                    bench.SmbDriveEnvironment, $"smbdrive put ({level.Name})");
                CheckOnDisk(put, verify);
                _samples.Add($"put.{level.Protection}", Throughput(ours.Seconds));
                _samples.Add($"put.{level.Protection}.PeakRssMB", ours.PeakRssBytes / 1e6);
                var theirs = Timed(bench.Smbclient(level with { Share = uploadShare }, $"put {source} smbclient-{put}"), null, $"smbclient put ({level.Name})");
                CheckOnDisk($"smbclient-{put}", verify);
                _samples.Add($"smbclient.{level.Protection}", Throughput(theirs.Seconds));
            }
            if (noMount is not null) continue;

            Console.Error.WriteLine($"run {run} of {settings.Runs}: writes through the mounts");
            await bench.MountSmbDriveAsync(ProtectionLevel.Default, uploadShare);
            try
            {
                var dd = Timed(WriteThroughMount("dd.bin"), null, "dd through smbdrive mount");
                CheckOnDisk("dd.bin", verify);
                _samples.Add("mount.dd", Throughput(dd.Seconds));
                _samples.Add("mount.PeakRssMB", bench.MountProcessPeakRssMB());
                _samples.Add("mount.untar", Untar(archive, $"untar-{run}"));
                CheckTree($"untar-{run}", verify);
            }
            finally
            {
                await bench.UnmountAsync();
            }

            await bench.MountRcloneAsync(uploadShare, "--vfs-cache-mode", "writes");
            try
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                Timed(WriteThroughMount("rclone.bin"), null, "dd through rclone mount");
                await MountBench.WaitAsync(() => SizeOnDisk("rclone.bin") == settings.FileSize, "rclone's upload of rclone.bin", s_uploadTimeout);
                _samples.Add("rclone.dd", Throughput(clock.Elapsed.TotalSeconds));
                CheckOnDisk("rclone.bin", verify);
                clock.Restart();
                Untar(archive, $"rclone-untar-{run}");
                await MountBench.WaitAsync(() => CountOnDisk($"rclone-untar-{run}") == SmallFiles, "rclone's upload of the unpacked files", s_uploadTimeout);
                _samples.Add("rclone.untar", clock.Elapsed.TotalSeconds);
                CheckTree($"rclone-untar-{run}", verify);
            }
            finally
            {
                await bench.UnmountAsync();
            }
        }
        return Render(noMount);
    }

    private int Port => server.Port;

    private string User => server.User.Name;

    private string WriteThroughMount(string name) =>
        $"dd if={Measure.Quote(source)} of={Measure.Quote(Path.Combine(bench.MountPoint, name))} bs=1M conv=fsync";

    /// <summary>tar -x of the archive into a new folder on the mount; returns the seconds tar took.</summary>
    private double Untar(string archive, string folder)
    {
        string target = Path.Combine(bench.MountPoint, folder);
        Directory.CreateDirectory(target);
        return Timed($"tar -xf {Measure.Quote(archive)} -C {Measure.Quote(target)}", null, $"tar -x onto {target}").Seconds;
    }

    /// <summary>2,000 files of 1–8 KiB in 20 folders, as a source tree might be.</summary>
    private string CreateArchive()
    {
        string tree = Path.Combine(work, "small-tree");
        var random = new Random(14);
        for (int i = 0; i < SmallFiles; i++)
        {
            string dir = Path.Combine(tree, $"dir{i % 20:D2}");
            Directory.CreateDirectory(dir);
            var bytes = new byte[random.Next(1024, 8192)];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(dir, $"file{i:D4}.dat"), bytes);
        }
        string archive = Path.Combine(work, "small-tree.tar");
        TarFile.CreateFromDirectory(tree, archive, includeBaseDirectory: false);
        return archive;
    }

    private long SizeOnDisk(string name)
    {
        var info = new FileInfo(Path.Combine(uploadDir, name));
        return info.Exists ? info.Length : -1;
    }

    private int CountOnDisk(string folder)
    {
        string dir = Path.Combine(uploadDir, folder);
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Count() : 0;
    }

    private void CheckOnDisk(string name, bool compareBytes)
    {
        long size = SizeOnDisk(name);
        if (size != settings.FileSize)
            throw new InvalidOperationException($"{name} on the server's disk has {size} bytes, not {settings.FileSize}");
        if (compareBytes)
        {
            _sourceBytes ??= File.ReadAllBytes(source);
            FileComparer.AssertRangeEquals(Path.Combine(uploadDir, name), 0, _sourceBytes);
        }
        File.Delete(Path.Combine(uploadDir, name));
    }

    private void CheckTree(string folder, bool compareBytes)
    {
        int count = CountOnDisk(folder);
        if (count != SmallFiles)
            throw new InvalidOperationException($"{folder} on the server's disk has {count} files, not {SmallFiles}");
        if (compareBytes)
        {
            foreach (string file in Directory.EnumerateFiles(Path.Combine(work, "small-tree"), "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(Path.Combine(work, "small-tree"), file);
                FileComparer.AssertRangeEquals(Path.Combine(uploadDir, folder, relative), 0, File.ReadAllBytes(file));
            }
        }
        Directory.Delete(Path.Combine(uploadDir, folder), recursive: true);
    }

    private static Measure.Run Timed(string commandLine, Dictionary<string, string>? environment, string what)
    {
        var run = Measure.Command(commandLine, environment);
        MountBench.Check(run, what);
        return run;
    }

    private double Throughput(double seconds) => settings.FileSize / seconds / 1e6;

    private string Render(string? noMount)
    {
        double Median(string key) => _samples.Median(key);
        string Rate(string key) => _samples.Has(key) ? $"{Median(key):F0} MB/s" : "n/a";
        string Ratio(double value) => double.IsNaN(value) ? "n/a" : $"**{value:F2}×**";
        string Met(double value, double target) => double.IsNaN(value) ? "n/a" : value >= target ? "yes" : "**no**";

        var report = new StringBuilder();
        report.AppendLine($"## 7. Writing the whole file ({settings.FileSize >> 20} MiB) and unpacking {SmallFiles} small files, default settings first");
        report.AppendLine();
        report.AppendLine($"Medians of {settings.Runs} runs. MB/s = file size / wall time: `smbdrive put FILE URL` and `smbclient put` include start-up and logon; "
            + "the mount column is `dd bs=1M conv=fsync` through a fresh `smbdrive mount` (data on the server when dd ends); rclone is "
            + "`rclone mount --vfs-cache-mode writes` with the same dd, counted until the file has its full size on the server's disk. "
            + "Every written file is checked on the server's disk (every byte in the first run).");
        if (noMount is not null) report.AppendLine($"The mount cases were not run: {noMount}");
        report.AppendLine();
        report.AppendLine("| protection | smbdrive put | smbclient put | put / smbclient | put peak RSS |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var level in new[] { ProtectionLevel.Default, ProtectionLevel.Plain })
        {
            string p = level.Protection.ToString();
            report.AppendLine($"| {level.Name} | {Rate($"put.{p}")} | {Rate($"smbclient.{p}")} | {Ratio(Median($"put.{p}") / Median($"smbclient.{p}"))} | {_samples.Max($"put.{p}.PeakRssMB"):F0} MB |");
        }
        report.AppendLine();
        if (_samples.Has("mount.dd"))
        {
            report.AppendLine("| smbdrive mount, dd conv=fsync (default) | rclone mount, until on the server | mount / smbclient put (signed) | mount / rclone | mount peak RSS | untar smbdrive | untar rclone (until on the server) | rclone / smbdrive time |");
            report.AppendLine("|---|---|---|---|---|---|---|---|");
            report.AppendLine($"| {Rate("mount.dd")} | {Rate("rclone.dd")} | {Ratio(Median("mount.dd") / Median("smbclient.Signed"))} | {Ratio(Median("mount.dd") / Median("rclone.dd"))} "
                + $"| {_samples.Max("mount.PeakRssMB"):F0} MB | {Median("mount.untar"):F2} s | {Median("rclone.untar"):F2} s | {Ratio(Median("rclone.untar") / Median("mount.untar"))} |");
            report.AppendLine();
        }
        double mountVsPut = Median("mount.dd") / Median("smbclient.Signed");
        double putVsSmbclient = Median("put.Signed") / Median("smbclient.Signed");
        double untar = Median("rclone.untar") / Median("mount.untar");
        report.AppendLine("### Targets (issue 14)");
        report.AppendLine();
        report.AppendLine("| target | measured | met |");
        report.AppendLine("|---|---|---|");
        report.AppendLine($"| 1 GiB `dd conv=fsync` through the mount ≥ 0.8× `smbclient put`, both signed | {Ratio(mountVsPut)} | {Met(mountVsPut, 0.8)} |");
        report.AppendLine($"| `smbdrive put` ≥ 1.25× `smbclient put`, both signed | {Ratio(putVsSmbclient)} | {Met(putVsSmbclient, 1.25)} |");
        report.AppendLine($"| unpacking {SmallFiles} small files ≥ 2× `rclone mount` | {Ratio(untar)} | {Met(untar, 2)} |");
        double rss = Math.Max(_samples.Max("mount.PeakRssMB"), _samples.Max("put.Signed.PeakRssMB"));
        report.AppendLine($"| memory bounded while writing (peak RSS of the mount and of put) | {rss:F0} MB | {(rss < 200 ? "yes" : "**no**")} |");
        report.AppendLine();
        report.AppendLine("Every sample, in run order (MB/s, seconds for untar, MB of memory):");
        report.AppendLine();
        foreach (string line in _samples.Lines()) report.AppendLine(line);
        report.AppendLine();
        return report.ToString();
    }
}
