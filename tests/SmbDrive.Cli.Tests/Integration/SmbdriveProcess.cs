using System.Diagnostics;
using System.Text;

namespace SmbDrive.Cli.Tests.Integration;

/// <summary>Runs the built smbdrive (smbdrive.dll from this test's output folder, under the dotnet host that runs
/// the tests) as a separate process and captures its exit code, binary stdout and text stderr.</summary>
internal static class SmbdriveProcess
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);

        public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        public override string ToString() => $"exit {ExitCode}; stderr: {Stderr}";
    }

    public static string DllPath => Path.Combine(TestContext.CurrentContext.TestDirectory, "smbdrive.dll");

    public static async Task<Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null, string? executable = null)
    {
        using var process = Start(args, environment, workingDirectory, executable);
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        Task copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        Task<string> readErr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"smbdrive {string.Join(' ', args)} did not finish in time");
        }
        await copyOut;
        return new Result(process.ExitCode, stdout.ToArray(), await readErr);
    }

    /// <summary>Starts smbdrive with redirected standard streams and returns at once: smbdrive.dll under the
    /// dotnet host, or the given <paramref name="executable"/> (a native build) directly.</summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, string? executable = null)
    {
        string program = executable ?? DllPath;
        Assert.That(File.Exists(program), Is.True, $"{program} was not built");
        var start = new ProcessStartInfo(executable ?? DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? TestContext.CurrentContext.WorkDirectory,
        };
        if (executable is null) start.ArgumentList.Add(DllPath);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        foreach (string name in new[] { "SMBDRIVE_USER", "SMBDRIVE_PASSWORD" }) start.Environment.Remove(name);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("SMBDRIVE__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    /// <summary>The dotnet muxer: under "dotnet test" the test host process is testhost, not dotnet.</summary>
    public static string DotnetHost()
    {
        string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        string name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (root is not null && File.Exists(Path.Combine(root, name))) return Path.Combine(root, name);
        string? processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet") return processPath;
        // The runtime folder is DOTNET_ROOT/shared/Microsoft.NETCore.App/VERSION: three levels up is the root.
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string candidate = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", name));
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
