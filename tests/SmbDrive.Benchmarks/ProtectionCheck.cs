using System.Diagnostics;
using System.Text;
using SmbDrive.TestSupport;

namespace SmbDrive.Benchmarks;

/// <summary>Before anything is timed, each tool reads the file once at each protection level while Samba is
/// asked (smbstatus) what it saw on the tool's tree connections: whether they were signed or sealed, with
/// which algorithm, and over how many TCP connections. A row whose protection is not the level's is marked,
/// so that no number in the report is filed under a protection it did not have. The reads double as the
/// warm-up of every command.</summary>
internal sealed class ProtectionCheck(SambaServer server, MountBench bench)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);
    private readonly List<string> _rows = [];

    public bool AllAsExpected { get; private set; } = true;

    /// <summary><c>smbdrive get</c>, held open after its first mebibyte: its standard output is a pipe that
    /// this process stops reading, so the transfer waits with its connections up.</summary>
    public async Task SmbDriveGetAsync(ProtectionLevel level)
    {
        await ObservedProtection.WaitForNoClientsAsync(server);
        using var process = StartShell(bench.SmbDriveGet(level), bench.SmbDriveEnvironment, redirectInput: false);
        var errors = process.StandardError.ReadToEndAsync();
        byte[] buffer = new byte[64 << 10];
        var stdout = process.StandardOutput.BaseStream;
        using var timeout = new CancellationTokenSource(s_timeout);
        for (long total = 0; total < 1 << 20;)
        {
            int n = await stdout.ReadAsync(buffer, timeout.Token);
            if (n == 0) throw new InvalidOperationException($"smbdrive get ({level.Name}) ended early: {(await errors).Trim()}");
            total += n;
        }
        var observed = await ObservedProtection.ReadAsync(server);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync(timeout.Token);
        Add("smbdrive get", level, observed, level.IsMetBy(observed));
    }

    /// <summary>smbclient at its prompt, told to read the whole file, while the server is asked once its tree
    /// connection is up. (Its standard output is not line-buffered through a pipe, even under stdbuf, so the
    /// end of the transfer cannot be seen here; the tree connection's own requests already carry the
    /// protection, and a later request without it would show as "partial".)</summary>
    public async Task SmbclientAsync(ProtectionLevel level)
    {
        await ObservedProtection.WaitForNoClientsAsync(server);
        using var process = StartShell(bench.Smbclient(level, null), null, redirectInput: true);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync($"get {Path.GetFileName(bench.FileOnMount)} /dev/null");
        await process.StandardInput.FlushAsync();
        var clock = Stopwatch.StartNew();
        ObservedProtection observed;
        while ((observed = await ObservedProtection.ReadAsync(server)).Trees.Count == 0)
        {
            if (process.HasExited || clock.Elapsed > s_timeout)
                throw new InvalidOperationException($"smbclient ({level.Name}) did not connect: {(await output).Trim()} {(await errors).Trim()}");
            await Task.Delay(50);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(s_timeout);
        await process.WaitForExitAsync(timeout.Token);
        Add("smbclient get", level, observed, level.IsMetBy(observed));
    }

    /// <summary>The mount that <paramref name="mountAsync"/> made, after one whole read of the file through it.</summary>
    public async Task MountAsync(string tool, ProtectionLevel? level, Func<Task> mountAsync)
    {
        await ObservedProtection.WaitForNoClientsAsync(server);
        await mountAsync();
        try
        {
            MountBench.Check(Measure.Command(bench.ReadThroughMount()), $"{tool} read");
            var observed = await ObservedProtection.ReadAsync(server);
            Add(tool, level, observed, level?.IsMetBy(observed));
        }
        finally
        {
            await bench.UnmountAsync();
        }
    }

    private void Add(string tool, ProtectionLevel? level, ObservedProtection observed, bool? asExpected)
    {
        if (asExpected == false)
        {
            AllAsExpected = false;
            Console.Error.WriteLine($"warning: {tool} at {level?.Name} was not protected as asked: signing {observed.Signing}, encryption {observed.Encryption}");
        }
        string expected = asExpected switch { true => "yes", false => "**no**", null => "(no setting)" };
        _rows.Add($"| {tool} | {level?.Name ?? "its defaults"} | {observed.Signing} | {observed.Encryption} | {observed.Connections} | {expected} |");
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("What Samba saw on each tool's tree connections (smbstatus --json, one read of the file per tool and level, not timed):");
        text.AppendLine();
        text.AppendLine("| tool | asked for | signing | encryption | TCP connections | as asked |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (string row in _rows) text.AppendLine(row);
        return text.ToString();
    }

    private static Process StartShell(string commandLine, Dictionary<string, string>? environment, bool redirectInput)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", "exec " + commandLine])
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? [])
            start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {commandLine}");
    }
}
