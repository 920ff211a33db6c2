using System.Diagnostics;
using System.Text;
using Serilog.Core;
using SmbDrive.Smb;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Benchmarks;

/// <summary>What a byte-range lock costs in round trips: on one connection, in every run, a few thousand ECHOs (one
/// round trip each, the cheapest request the client has), as many lock+unlock pairs of one byte through
/// <see cref="ISmbLockableFile"/>, and as many through the drive layer (<see cref="SmbDriveFileSystem.LockAsync"/> and
/// <see cref="SmbDriveFileSystem.UnlockAsync"/>, on a handle whose server open is already made); then the same over
/// SMB1 against an NT1-only Samba. Each case's time per operation is its run's total over the count; the report
/// gives the median over the runs and "lock+unlock = N round trips", that median over the ECHO's. All plain
/// (unsigned), like section 4: what is counted is round trips, not signing.</summary>
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
            // Warm-up, not counted: the drive opens the file on the server at its first lock; JIT and pools settle.
            await Echoes(share, Operations / 10);
            await ApiPairs(file, Operations / 10);
            await DrivePairs(drive, handle, Operations / 10);
            for (int run = 1; run <= settings.Runs; run++)
            {
                Console.Error.WriteLine($"run {run} of {settings.Runs}: lock round trips");
                _samples.Add("smb2.echo", await Echoes(share, Operations));
                _samples.Add("smb2.lock.api", await ApiPairs(file, Operations));
                _samples.Add("smb2.lock.drive", await DrivePairs(drive, handle, Operations));
            }
            await drive.CloseAsync(handle);
        }
        await Smb1Async(credentials);
        return Render();
    }

    /// <summary>The same two cases over SMB1 (LOCKING_ANDX, SMB_COM_ECHO) on an NT1-only Samba over the same data.</summary>
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
        await Echoes(share, Operations / 10);
        await ApiPairs(file, Operations / 10);
        for (int run = 1; run <= settings.Runs; run++)
        {
            Console.Error.WriteLine($"run {run} of {settings.Runs}: SMB1 lock round trips");
            _samples.Add("smb1.echo", await Echoes(share, Operations));
            _samples.Add("smb1.lock.api", await ApiPairs(file, Operations));
        }
    }

    /// <summary>Microseconds per ECHO.</summary>
    private static async Task<double> Echoes(ISmbShare share, int count)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++) await share.EchoAsync(None);
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    /// <summary>Microseconds per lock+unlock pair through the client API.</summary>
    private static async Task<double> ApiPairs(ISmbLockableFile file, int count)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            await file.LockAsync(LockOffset, 1, SmbLockType.Exclusive, wait: false, None);
            await file.UnlockAsync(LockOffset, 1, None);
        }
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    /// <summary>Microseconds per lock+unlock pair through the drive layer; any status but success ends the run.</summary>
    private static async Task<double> DrivePairs(SmbDriveFileSystem drive, VfsHandle handle, int count)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            var locked = await drive.LockAsync(handle, LockOffset, 1, VfsLockType.Exclusive, wait: false, None);
            var unlocked = await drive.UnlockAsync(handle, LockOffset, 1, None);
            if (locked != VfsStatus.STATUS_SUCCESS || unlocked != VfsStatus.STATUS_SUCCESS)
                throw new InvalidOperationException($"drive lock {locked}, unlock {unlocked}");
        }
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    private string Render()
    {
        double Median(string key) => _samples.Median(key);
        var report = new StringBuilder();
        report.AppendLine("## 8. Byte-range lock round trips (plain)");
        report.AppendLine();
        report.AppendLine($"{Operations} operations per case per run, one after another on one connection, medians of {settings.Runs} runs; "
            + "the lock is one exclusive byte at 1 GiB, granted and released each time.");
        report.AppendLine();
        report.AppendLine("| dialect | case | per operation | in round trips (ECHOs) |");
        report.AppendLine("|---|---|---|---|");
        foreach (var (dialect, prefix) in new[] { ("SMB 3.1.1", "smb2"), ("SMB1", "smb1") })
        {
            double echo = Median($"{prefix}.echo");
            report.AppendLine($"| {dialect} | ECHO (one round trip) | {echo:F0} µs | 1 |");
            report.AppendLine($"| {dialect} | lock + unlock, `ISmbLockableFile` | {Median($"{prefix}.lock.api"):F0} µs | **{Median($"{prefix}.lock.api") / echo:F2}** |");
            if (_samples.Has($"{prefix}.lock.drive"))
                report.AppendLine($"| {dialect} | lock + unlock, `SmbDriveFileSystem` | {Median($"{prefix}.lock.drive"):F0} µs | **{Median($"{prefix}.lock.drive") / echo:F2}** |");
        }
        report.AppendLine();
        report.AppendLine($"SMB 3.1.1, client API: lock+unlock = {Median("smb2.lock.api") / Median("smb2.echo"):F2} round trips; "
            + $"drive layer: lock+unlock = {Median("smb2.lock.drive") / Median("smb2.echo"):F2} round trips; "
            + $"SMB1, client API: lock+unlock = {Median("smb1.lock.api") / Median("smb1.echo"):F2} round trips.");
        report.AppendLine();
        report.AppendLine("Every sample, in run order (µs per operation):");
        report.AppendLine();
        foreach (string line in _samples.Lines()) report.AppendLine(line);
        report.AppendLine();
        return report.ToString();
    }
}
