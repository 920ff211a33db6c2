using SmbDrive.TestSupport;

namespace SmbDrive.Installer.Tests;

/// <summary>One run of installer/build.sh into a fresh folder: the x64 MSI and the portable win-x64 zip.</summary>
internal sealed class InstallerBuild
{
    /// <summary>msitools and wixl: build.sh needs wixl and msibuild, the checks msiinfo. (dotnet runs these tests;
    /// build.sh zips with zip or python3, one of which every supported machine has.)</summary>
    public static readonly IReadOnlyList<string> RequiredTools = ["wixl", "msibuild", "msiinfo"];

    // A cold self-contained publish takes 1 to 2 minutes on 2 cores; the limit only stops a hung build.
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    private InstallerBuild(string outputFolder, string version)
    {
        OutputFolder = outputFolder;
        Version = version;
    }

    public string OutputFolder { get; }

    public string Version { get; }

    public string MsiPath => Path.Combine(OutputFolder, $"SmbDrive-{Version}-x64.msi");

    public string ZipPath => Path.Combine(OutputFolder, $"SmbDrive-{Version}-win-x64.zip");

    public static IReadOnlyList<string> MissingTools() =>
        RequiredTools.Where(tool => !IsOnPath(tool)).ToList();

    /// <summary>Runs build.sh --x64-only (the checks read only x64 artefacts; arm64 would add a second publish).
    /// Its output goes to build.log in <paramref name="outputFolder"/> rather than through a pipe, so that no
    /// process it leaves behind can hold this test's pipe open. The MSBuild variables that dotnet test hands to
    /// this process are removed first: they describe the outer build, and the nested publish must start as it
    /// would from a shell.</summary>
    public static async Task<InstallerBuild> RunAsync(string outputFolder, string version, CancellationToken ct)
    {
        const string Script =
            "for v in $(compgen -e); do case \"${v,,}\" in msbuild*) unset \"$v\" ;; esac; done; " +
            "bash \"$1\" --output \"$2\" --x64-only >\"$3\" 2>&1";
        string log = Path.Combine(outputFolder, "build.log");
        var result = await CommandRunner.RunAsync(
            "bash", ["-c", Script, "build", RepositoryLayout.BuildScript, outputFolder, log], timeout: BuildTimeout, ct: ct);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"installer/build.sh failed (exit {result.ExitCode}); the end of {log}:\n{Tail(log, 40)}");
        // build.sh reads the version itself; the caller's version only names the files this class expects.
        return new InstallerBuild(outputFolder, version);
    }

    private static string Tail(string path, int lines) =>
        File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(lines)) : "(no log written)";

    private static bool IsOnPath(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
