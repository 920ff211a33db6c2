using SmbDrive.TestSupport;

namespace SmbDrive.Installer.Tests;

/// <summary>Reads an MSI through msitools' <c>msiinfo</c>, the same view of the database that Windows Installer
/// gets (tables and summary information), without Windows.</summary>
internal sealed class MsiInfo
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);
    private readonly string _msiPath;

    public MsiInfo(string msiPath)
    {
        _msiPath = msiPath;
    }

    public async Task<IReadOnlyList<string>> TableNamesAsync(CancellationToken ct = default)
    {
        string text = await RunAsync(["tables", _msiPath], ct);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public async Task<MsiTable> ExportAsync(string table, CancellationToken ct = default) =>
        MsiTable.Parse(await RunAsync(["export", _msiPath, table], ct));

    /// <summary>"Name: value" lines of <c>msiinfo suminfo</c>, e.g. Template → "x64;1033".</summary>
    public async Task<IReadOnlyDictionary<string, string>> SummaryInformationAsync(CancellationToken ct = default)
    {
        string text = await RunAsync(["suminfo", _msiPath], ct);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = line.IndexOf(':');
            if (colon > 0)
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return values;
    }

    private static async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var result = await CommandRunner.RunAsync("msiinfo", arguments, timeout: ToolTimeout, ct: ct);
        // msiinfo prints GLib warnings but still exits 0 for a file it cannot open, so empty output fails too.
        if (result.ExitCode != 0 || result.StandardOutput.Length == 0)
            throw new InvalidOperationException(
                $"msiinfo {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        return result.StandardOutput;
    }
}
