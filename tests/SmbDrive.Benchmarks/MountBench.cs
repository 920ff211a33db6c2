using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SmbDrive.TestSupport;

namespace SmbDrive.Benchmarks;

/// <summary>The fixed inputs of the end-to-end measurements and the steps they are made of: mounting
/// <c>smbdrive</c> or <c>rclone</c> on one mount point, emptying the page cache, running fio, and the
/// command lines of <c>smbdrive get</c> and <c>smbclient get</c>.</summary>
internal sealed class MountBench(string smbdrivePath, SambaServer server, string bigFileName, long fileSize, string work)
{
    private static readonly TimeSpan s_mountTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(5);
    private readonly string _diskFile = Path.Combine(server.SharePath("bench"), bigFileName);
    private string? _authFile;
    private Dictionary<string, string>? _rcloneEnvironment;
    private string? _mountedBy;

    public string MountPoint { get; } = Path.Combine(work, "mnt");

    public string FileOnMount => Path.Combine(MountPoint, bigFileName);

    public Dictionary<string, string> SmbDriveEnvironment => new() { ["SMBDRIVE_PASSWORD"] = server.User.Password };

    /// <summary>Why the mount cases cannot run here, or null when they can.</summary>
    public static string? MissingPrerequisite(string smbdrivePath)
    {
        if (!OperatingSystem.IsLinux())
            return "Linux only (FUSE).";
        if (!Environment.IsPrivilegedProcess)
            return "needs root, to drop the page cache between runs.";
        if (!File.Exists(smbdrivePath))
            return $"{smbdrivePath} does not exist.";
        foreach (string tool in new[] { "/usr/bin/fio", "/usr/bin/rclone", "/usr/bin/fusermount3" })
        {
            if (!File.Exists(tool))
                return $"{tool} is not installed (apt-get install fio rclone fuse3).";
        }
        return null;
    }

    /// <summary><c>smbdrive get URL -</c> at <paramref name="level"/>, as a shell command line (its data goes to standard output).</summary>
    public string SmbDriveGet(ProtectionLevel level) =>
        $"{Measure.Quote(smbdrivePath)} get //127.0.0.1:{server.Port}/{level.Share}/{bigFileName} - --user {server.User.Name} {string.Join(' ', level.SmbDriveArguments.Select(Measure.Quote))}";

    /// <summary><c>smbclient</c> on the share of <paramref name="level"/> with its protection options; no
    /// machine smb.conf, so that only the options given here count.</summary>
    public string Smbclient(ProtectionLevel level, string? commands) =>
        $"smbclient --configfile=/dev/null -p {server.Port} //127.0.0.1/{level.Share} -A {Measure.Quote(AuthFile())} {string.Join(' ', level.SmbclientArguments.Select(Measure.Quote))}"
        + (commands is null ? "" : $" -c {Measure.Quote(commands)}");

    public string SmbclientGet(ProtectionLevel level) => Smbclient(level, $"get {bigFileName} /dev/null");

    /// <summary>A sequential read of the whole file through the mount, 1 MiB at a time.</summary>
    public string ReadThroughMount() => $"dd if={Measure.Quote(FileOnMount)} of=/dev/null bs=1M";

    /// <summary>Mounts the share of <paramref name="level"/> (or <paramref name="share"/>, which need not hold the big file).</summary>
    public async Task MountSmbDriveAsync(ProtectionLevel level, string? share = null)
    {
        Directory.CreateDirectory(MountPoint);
        var result = await RunAsync(smbdrivePath,
            ["mount", $"//127.0.0.1:{server.Port}/{share ?? level.Share}", MountPoint, "--user", server.User.Name, "--daemon", .. level.SmbDriveArguments], SmbDriveEnvironment);
        Check(result, $"smbdrive mount ({level.Name})");
        _mountedBy = "smbdrive";
        await WaitAsync(() => IsMounted(MountPoint) && (share is not null || File.Exists(FileOnMount)), $"smbdrive mount on {MountPoint}");
    }

    /// <summary>rclone's smb backend with its default flags, plus <paramref name="flags"/>. It has no setting for signing or encryption.</summary>
    public async Task MountRcloneAsync() => await MountRcloneAsync("bench");

    public async Task MountRcloneAsync(string share, params string[] flags)
    {
        Directory.CreateDirectory(MountPoint);
        var result = await RunAsync("rclone", ["mount", $"bench:{share}", MountPoint, "--daemon", .. flags], await RcloneEnvironmentAsync());
        Check(result, "rclone mount");
        _mountedBy = "rclone";
        await WaitAsync(() => IsMounted(MountPoint) && (share != "bench" || File.Exists(FileOnMount)), $"rclone mount on {MountPoint}");
    }

    public async Task UnmountAsync()
    {
        var result = _mountedBy == "smbdrive"
            ? await RunAsync(smbdrivePath, ["unmount", MountPoint])
            : await RunAsync("fusermount3", ["-u", MountPoint]);
        if (result.ExitCode != 0)
        {
            Console.Error.WriteLine($"{_mountedBy} unmount failed ({result.Errors.Trim()}); detaching lazily");
            await RunAsync("fusermount3", ["-u", "-z", MountPoint]);
        }
        await WaitAsync(() => !IsMounted(MountPoint), $"{_mountedBy} unmount of {MountPoint}");
        _mountedBy = null;
    }

    /// <summary>Empties the page cache, then reads the server's file back into it: the client side starts
    /// cold while the server answers from memory, as for every other tool.</summary>
    public async Task DropCachesAsync()
    {
        Check(await RunAsync("sync", []), "sync");
        await File.WriteAllTextAsync("/proc/sys/vm/drop_caches", "3");
        await WarmServerFileAsync();
    }

    public async Task WarmServerFileAsync()
    {
        await using var stream = new FileStream(_diskFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        await stream.CopyToAsync(Stream.Null);
    }

    public sealed record FioResult(double MibPerSecond, double Iops, double MeanLatencyMs);

    /// <summary>fio on the mounted file (or, with <paramref name="file"/>, any file); its own rates, which leave out opening.</summary>
    public async Task<FioResult> FioAsync(string[] workload, string? file = null)
    {
        file ??= FileOnMount;
        var result = await RunAsync("fio", ["--name=bench", $"--filename={file}", "--readonly", $"--size={fileSize}", "--output-format=json", .. workload]);
        Check(result, $"fio {string.Join(' ', workload)} on {file}");
        // fio may print notes before the JSON document.
        using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var read = json.RootElement.GetProperty("jobs")[0].GetProperty("read");
        return new FioResult(read.GetProperty("bw_bytes").GetDouble() / (1 << 20), read.GetProperty("iops").GetDouble(),
            read.GetProperty("clat_ns").GetProperty("mean").GetDouble() / 1e6);
    }

    public string DiskFile => _diskFile;

    private static Task WaitAsync(Func<bool> condition, string what) => WaitAsync(condition, what, s_mountTimeout);

    /// <summary>Polls <paramref name="condition"/> every 20 ms: for states another process reaches in its own time
    /// (a mount appearing, rclone's upload reaching the server).</summary>
    public static async Task WaitAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
                throw new InvalidOperationException($"{what} did not happen within {timeout.TotalSeconds:0} s");
            await Task.Delay(20);
        }
    }

    /// <summary>Peak resident memory of the process serving the mount (VmHWM), or NaN when it cannot be found.</summary>
    public double MountProcessPeakRssMB()
    {
        foreach (string dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (!cmdline.Contains(" mount ", StringComparison.Ordinal) || !cmdline.Contains(MountPoint, StringComparison.Ordinal)) continue;
                foreach (string line in File.ReadLines(Path.Combine(dir, "status")))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024 / 1e6;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return double.NaN;
    }

    private static bool IsMounted(string mountPoint) =>
        File.ReadLines("/proc/mounts").Any(line => line.Split(' ') is { Length: > 2 } fields && fields[1] == mountPoint);

    public string AuthFile()
    {
        if (_authFile is null)
        {
            _authFile = Path.Combine(work, "smbclient.auth");
            File.WriteAllText(_authFile, "");
            // Private before the password goes in.
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

    public sealed record CommandResult(int ExitCode, string Output, string Errors);

    public static void Check(CommandResult result, string what)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed with exit code {result.ExitCode}: {result.Errors.Trim()}");
    }

    public static void Check(Measure.Run run, string what)
    {
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed with exit code {run.ExitCode}: {run.Error}");
    }

    public static async Task<CommandResult> RunAsync(string program, string[] arguments, Dictionary<string, string>? environment = null)
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
        return new CommandResult(process.ExitCode, await output, await errors);
    }
}
