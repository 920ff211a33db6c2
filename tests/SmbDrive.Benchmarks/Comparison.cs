using System.Diagnostics;
using System.Text;
using SmbDrive.Smb;
using SmbDrive.TestSupport;

namespace SmbDrive.Benchmarks;

/// <summary>The end-to-end comparison: one Samba on loopback, SmbDrive against smbclient and rclone, each
/// case measured in the same run as a median over several runs and printed as a ratio. The protection levels
/// come first (<see cref="ProtectionComparison"/>), then the writes, the client API, listing, SMB1 and the lock round
/// trips (<see cref="LockRoundTrips"/>; <c>--locks-only</c> runs only those).</summary>
internal sealed class Comparison : IAsyncDisposable
{
    private const string BigName = "big.bin";
    private const string UploadShare = "upload";
    private readonly ComparisonSettings _settings;
    private readonly SambaServer _server;
    private readonly string _dataDir;
    private readonly string _workDir;
    private readonly StringBuilder _report = new();
    private readonly MountBench _bench;

    private Comparison(ComparisonSettings settings, SambaServer server, string dataDir, string workDir)
    {
        _settings = settings;
        _server = server;
        _dataDir = dataDir;
        _workDir = workDir;
        _bench = new MountBench(settings.SmbDrive, server, BigName, settings.FileSize, workDir);
    }

    public static async Task<Comparison> StartAsync(ComparisonSettings settings)
    {
        string work = Directory.CreateTempSubdirectory("smbdrive-bench-").FullName;
        // smbd reads the share as the share's user, who must be able to traverse the (0700) temp folder.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        string data = Path.Combine(work, "data");
        Directory.CreateDirectory(data);
        Console.Error.WriteLine($"creating {settings.FileSize >> 20} MiB of test data in {data}");
        TestData.CreateRandomFile(Path.Combine(data, BigName), settings.FileSize, 42);
        TestData.CreateManyFiles(Path.Combine(data, "many"), 10_000, "entry");
        var options = new SambaServerOptions();
        options.Global["server smb3 encryption algorithms"] = "AES-128-GCM";
        options.Shares.Add(new SambaShare("bench", data));
        options.Shares.Add(new SambaShare("sealed", data, Extra: new Dictionary<string, string> { ["smb encrypt"] = "required" }));
        Directory.CreateDirectory(Path.Combine(work, UploadShare));
        options.Shares.Add(new SambaShare(UploadShare, Path.Combine(work, UploadShare), ReadOnly: false));
        var server = await SambaServer.StartAsync(options);
        // Warm the page cache so every tool reads from memory on the server side.
        using (var f = File.OpenRead(Path.Combine(data, BigName))) f.CopyTo(Stream.Null);
        return new Comparison(settings, server, data, work);
    }

    public async Task<int> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        Line($"# SmbDrive benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}");
        Line($"Samba on 127.0.0.1:{_server.Port}; file {_settings.FileSize >> 20} MiB; medians of {_settings.Runs} runs{(_settings.Quick ? " (--quick: a smoke test, not a measurement)" : "")}.");
        Line("");
        if (_settings.LocksOnly)
        {
            Line(await new LockRoundTrips(_settings, _server, _dataDir, BigName).RunAsync());
            Line("(--locks-only: the read and write sections were left out.)");
        }
        else
        {
            if (!_settings.WritesOnly) Line(await new ProtectionComparison(_settings, _server, _bench).RunAsync());
            Line(await new WriteComparison(_settings, _server, _bench, Path.Combine(_dataDir, BigName), UploadShare, Path.Combine(_workDir, UploadShare), _workDir).RunAsync());
            if (_settings.WritesOnly) Line("(--writes-only: the read sections were left out.)");
            else
            {
                await RandomReadsAsync();
                Listing();
                await Smb1SequentialAsync();
                Line(await new LockRoundTrips(_settings, _server, _dataDir, BigName).RunAsync());
            }
        }
        Line($"The whole run took {clock.Elapsed.TotalMinutes:F1} minutes.");
        if (_settings.OutFile is not null) await File.WriteAllTextAsync(_settings.OutFile, _report.ToString());
        return 0;
    }

    private async Task RandomReadsAsync()
    {
        Line("## 4. Random 4 KiB reads over the file through the client API (plain)");
        Line("| concurrency | operations/s | median latency | 99th percentile |");
        Line("|---|---|---|---|");
        await using var share = await SmbClient.ConnectShareAsync(SmbAddress.Parse(_server.Address("bench")),
            SmbCredentials.User(_server.User.Name, _server.User.Password), new SmbClientOptions { RequireSigning = false }, null, CancellationToken.None);
        await using var file = await share.OpenAsync(BigName, SmbOpenKind.File, CancellationToken.None);
        foreach (int concurrency in new[] { 1, 16 })
        {
            const int perWorker = 2000;
            var latencies = new double[concurrency * perWorker];
            var total = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
            {
                var random = new Random(w);
                var buffer = new byte[4096];
                long blocks = _settings.FileSize / 4096;
                for (int i = 0; i < perWorker; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    await file.ReadAsync(random.NextInt64(blocks) * 4096, buffer, 0, CancellationToken.None);
                    latencies[w * perWorker + i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            }));
            total.Stop();
            Array.Sort(latencies);
            Line($"| {concurrency} | {latencies.Length / total.Elapsed.TotalSeconds:F0} | {Measure.Percentile(latencies, 0.5):F3} ms | {Measure.Percentile(latencies, 0.99):F3} ms |");
        }
        Line("");
    }

    private void Listing()
    {
        Line("## 5. Listing a 10,000-entry directory (plain)");
        var ours = Repeat(() => Measure.Command($"{_settings.SmbDrive} ls //127.0.0.1:{_server.Port}/bench/many --user {_server.User.Name} --Smb:RequireSigning=false", SmbDriveEnvironment()));
        var theirs = Repeat(() => Measure.Command($"smbclient -p {_server.Port} //127.0.0.1/bench -A {_bench.AuthFile()} -c 'cd many; ls'"));
        double a = Measure.Median(ours.Select(r => r.Seconds)), b = Measure.Median(theirs.Select(r => r.Seconds));
        Line("| smbdrive ls | smbclient ls | smbclient time / smbdrive time |");
        Line("|---|---|---|");
        Line($"| {a * 1000:F0} ms | {b * 1000:F0} ms | **{b / a:F2}×** |");
        Line("");
    }

    /// <summary>The legacy dialect: an NT1-only Samba on the same data, smbdrive --smb1 against smbclient -m NT1.</summary>
    private async Task Smb1SequentialAsync()
    {
        var options = new SambaServerOptions();
        options.Global["server min protocol"] = "NT1";
        options.Global["server max protocol"] = "NT1";
        options.Users.Add(_server.User);
        options.Shares.Add(new SambaShare("bench", _dataDir));
        await using var nt1 = await SambaServer.StartAsync(options);
        var ours = Repeat(() => Measure.Command($"{_settings.SmbDrive} get //127.0.0.1:{nt1.Port}/bench/{BigName} - --user {_server.User.Name} --smb1 --Smb:RequireSigning=false", SmbDriveEnvironment()));
        var theirs = Repeat(() => Measure.Command($"smbclient -p {nt1.Port} //127.0.0.1/bench -A {_bench.AuthFile()} -m NT1 --option='client min protocol=NT1' -c 'get {BigName} /dev/null'"));
        double a = Throughput(ours), b = Throughput(theirs);
        Line("## 6. SMB1 (NT LM 0.12) sequential read of the whole file (plain)");
        Line("| smbdrive get --smb1 | smbclient -m NT1 get | smbdrive / smbclient |");
        Line("|---|---|---|");
        Line($"| {a:F0} MB/s | {b:F0} MB/s | **{a / b:F2}×** |");
        Line("");
    }

    private List<Measure.Run> Repeat(Func<Measure.Run> run)
    {
        var first = run(); // warm-up, not counted
        if (first.ExitCode != 0) throw new InvalidOperationException($"command failed: {first.Error}");
        return Enumerable.Range(0, _settings.Runs).Select(_ => run()).ToList();
    }

    private double Throughput(List<Measure.Run> runs) => _settings.FileSize / Measure.Median(runs.Select(r => r.Seconds)) / 1e6;

    private Dictionary<string, string> SmbDriveEnvironment() => new() { ["SMBDRIVE_PASSWORD"] = _server.User.Password };

    private void Line(string text)
    {
        Console.WriteLine(text);
        _report.AppendLine(text);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { }
    }
}
