using System.Diagnostics;
using System.Text;
using Serilog.Core;
using SmbDrive.Smb;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Benchmarks;

/// <summary>What a byte-range lock costs in round trips: on one connection, a few thousand times per run, one ECHO
/// (one round trip, the cheapest request the client has), one lock+unlock pair of one byte through
/// <see cref="ISmbLockableFile"/> and one through the drive layer (<see cref="SmbDriveFileSystem.LockAsync"/> and
/// <see cref="SmbDriveFileSystem.UnlockAsync"/>, on a handle whose server open is already made), interleaved so that
/// the machine's load falls on all alike; then the same over SMB1 against an NT1-only Samba. Each is timed alone; a
/// run's value is the median latency, so a few operations delayed by the scheduler on a shared machine do not move
/// it; the report gives the median over the runs and "lock+unlock = N round trips", the median over the runs of
/// each run's pair latency over its ECHO latency. All plain (unsigned), like section 4: what is counted is round
/// trips, not signing.</summary>
internal sealed class LockRoundTrips(ComparisonSettings settings, SambaServer server, string dataDir, string fileName)
{
    private const ulong LockOffset = 1UL << 30; // SQLite's PENDING byte: far beyond the file's end, as applications lock
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly Samples _samples = new();
    private int Operations => settings.Quick ? 300 : 3000;

    public async Task<string> RunAsync()
    {
        var credentials = SmbCredentials.User(server.User.Name, server.User.Password);
        var plain = new SmbClientOptions { RequireSigning = false };
        await using (var share = await SmbClient.ConnectShareAsync(SmbAddress.Parse(server.Address("bench")), credentials, plain, null, None))
        await using (var file = (ISmbLockableFile)await share.OpenAsync(fileName, SmbOpenKind.File, None))
        await using (var drive = await SmbDriveFileSystem.ConnectAsync(
                         ct => SmbClient.ConnectShareAsync(SmbAddress.Parse(server.Address("bench")), credentials, plain, null, ct), new VfsOptions(), Logger.None))
        {
            var handle = (await drive.OpenAsync(fileName, VfsOpenIntent.ReadData, None)).Value
                ?? throw new InvalidOperationException($"the drive could not open {fileName}");
            var cases = new (string Key, Func<Task> Operation)[]
            {
                ("smb2.echo", () => share.EchoAsync(None)),
                ("smb2.lock.api", () => ApiPair(file)),
                ("smb2.lock.drive", () => DrivePair(drive, handle)),
            };
            await MeasureAsync(cases, "SMB 3.1.1");
            await drive.CloseAsync(handle);
        }
        await Smb1Async(credentials);
        return Render();
    }

    /// <summary>The same over SMB1 (SMB_COM_ECHO, LOCKING_ANDX) on an NT1-only Samba over the same data.</summary>
    private async Task Smb1Async(SmbCredentials credentials)
    {
        var options = new SambaServerOptions();
        options.Global["server min protocol"] = "NT1";
        options.Global["server max protocol"] = "NT1";
        options.Users.Add(server.User);
        options.Shares.Add(new SambaShare("bench", dataDir));
        await using var nt1 = await SambaServer.StartAsync(options);
        var smb1 = new SmbClientOptions { RequireSigning = false, AllowSmb1 = true };
        await using var share = await SmbClient.ConnectShareAsync(SmbAddress.Parse(nt1.Address("bench")), credentials, smb1, null, None);
        await using var file = (ISmbLockableFile)await share.OpenAsync(fileName, SmbOpenKind.File, None);
        await MeasureAsync([("smb1.echo", () => share.EchoAsync(None)), ("smb1.lock.api", () => ApiPair(file))], "SMB1");
    }

    /// <summary>A warm-up round (the drive opens the file on the server at its first lock; JIT and pools settle),
    /// then per run <see cref="Operations"/> rounds of every case in turn, each timed alone. Adds each case's median
    /// latency in µs under its key, and each lock case's median over the run's first case (the ECHO) under
    /// "KEY.ratio".</summary>
    private async Task MeasureAsync((string Key, Func<Task> Operation)[] cases, string label)
    {
        var latencies = cases.Select(_ => new double[Operations]).ToArray();
        for (int run = 0; run <= settings.Runs; run++)
        {
            if (run > 0) Console.Error.WriteLine($"run {run} of {settings.Runs}: {label} lock round trips");
            for (int i = 0; i < Operations; i++)
            {
                for (int c = 0; c < cases.Length; c++)
                {
                    long start = Stopwatch.GetTimestamp();
                    await cases[c].Operation();
                    latencies[c][i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                }
            }
            if (run == 0) continue;
            double echo = Measure.Median(latencies[0]);
            _samples.Add(cases[0].Key, echo);
            for (int c = 1; c < cases.Length; c++)
            {
                double median = Measure.Median(latencies[c]);
                _samples.Add(cases[c].Key, median);
                _samples.Add($"{cases[c].Key}.ratio", median / echo);
            }
        }
    }

    private static async Task ApiPair(ISmbLockableFile file)
    {
        await file.LockAsync(LockOffset, 1, SmbLockType.Exclusive, wait: false, None);
        await file.UnlockAsync(LockOffset, 1, None);
    }

    /// <summary>Any status but success ends the run: a refused lock would measure nothing.</summary>
    private static async Task DrivePair(SmbDriveFileSystem drive, VfsHandle handle)
    {
        var locked = await drive.LockAsync(handle, LockOffset, 1, VfsLockType.Exclusive, wait: false, None);
        var unlocked = await drive.UnlockAsync(handle, LockOffset, 1, None);
        if (locked != VfsStatus.STATUS_SUCCESS || unlocked != VfsStatus.STATUS_SUCCESS)
            throw new InvalidOperationException($"drive lock {locked}, unlock {unlocked}");
    }

    private string Render()
    {
        double Median(string key) => _samples.Median(key);
        var report = new StringBuilder();
        report.AppendLine("## 8. Byte-range lock round trips (plain)");
        report.AppendLine();
        report.AppendLine($"{Operations} rounds per run of each case in turn on one connection (one exclusive byte at 1 GiB, granted and "
            + $"released each time), each operation timed alone; per run the median latency; medians of {settings.Runs} runs.");
        report.AppendLine();
        report.AppendLine("| dialect | case | median latency | in round trips (ECHOs) |");
        report.AppendLine("|---|---|---|---|");
        foreach (var (dialect, prefix) in new[] { ("SMB 3.1.1", "smb2"), ("SMB1", "smb1") })
        {
            report.AppendLine($"| {dialect} | ECHO (one round trip) | {Median($"{prefix}.echo"):F0} µs | 1 |");
            report.AppendLine($"| {dialect} | lock + unlock, `ISmbLockableFile` | {Median($"{prefix}.lock.api"):F0} µs | **{Median($"{prefix}.lock.api.ratio"):F2}** |");
            if (_samples.Has($"{prefix}.lock.drive"))
                report.AppendLine($"| {dialect} | lock + unlock, `SmbDriveFileSystem` | {Median($"{prefix}.lock.drive"):F0} µs | **{Median($"{prefix}.lock.drive.ratio"):F2}** |");
        }
        report.AppendLine();
        report.AppendLine($"SMB 3.1.1, client API: lock+unlock = {Median("smb2.lock.api.ratio"):F2} round trips; "
            + $"drive layer: lock+unlock = {Median("smb2.lock.drive.ratio"):F2} round trips; "
            + $"SMB1, client API: lock+unlock = {Median("smb1.lock.api.ratio"):F2} round trips.");
        report.AppendLine();
        report.AppendLine("Every sample, in run order (median µs per operation of each run, and its ratio to the run's ECHO):");
        report.AppendLine();
        foreach (string line in _samples.Lines()) report.AppendLine(line);
        report.AppendLine();
        return report.ToString();
    }
}
