using System.Diagnostics;
using System.Text.Json;
using SmbDrive.TestSupport;

namespace SmbDrive.Benchmarks;

/// <summary>The protection of one tree connection as smbd records it: for signing and encryption each, the
/// algorithm and whether it covered none, part or all of the requests processed on it.</summary>
internal sealed record ObservedTree(string Service, int ServerPid, string Signing, string SigningDegree, string Encryption, string EncryptionDegree);

/// <summary>What the server reports about its clients (<c>smbstatus --json</c>): the tree connections of
/// every client connected at that moment, one smbd process per TCP connection.</summary>
internal sealed record ObservedProtection(IReadOnlyList<ObservedTree> Trees)
{
    public int Connections => Trees.Select(t => t.ServerPid).Distinct().Count();

    public string Signing => Describe(Trees.Select(t => (t.Signing, t.SigningDegree)));

    public string Encryption => Describe(Trees.Select(t => (t.Encryption, t.EncryptionDegree)));

    private static string Describe(IEnumerable<(string Cipher, string Degree)> values) =>
        string.Join(", ", values.Select(v => v.Degree == "none" ? "none" : $"{v.Cipher} ({v.Degree})").Distinct());

    public static async Task<ObservedProtection> ReadAsync(SambaServer server)
    {
        var result = await MountBench.RunAsync("smbstatus", ["-s", server.ConfigPath, "--json"]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"smbstatus failed with exit code {result.ExitCode}: {result.Errors.Trim()}");
        using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]);
        var trees = new List<ObservedTree>();
        if (json.RootElement.TryGetProperty("tcons", out var tcons))
        {
            foreach (var tcon in tcons.EnumerateObject().Select(p => p.Value))
            {
                var signing = tcon.GetProperty("signing");
                var encryption = tcon.GetProperty("encryption");
                trees.Add(new ObservedTree(tcon.GetProperty("service").GetString() ?? "",
                    int.Parse(tcon.GetProperty("server_id").GetProperty("pid").GetString() ?? "0", System.Globalization.CultureInfo.InvariantCulture),
                    signing.GetProperty("cipher").GetString() ?? "", signing.GetProperty("degree").GetString() ?? "",
                    encryption.GetProperty("cipher").GetString() ?? "", encryption.GetProperty("degree").GetString() ?? ""));
            }
        }
        return new ObservedProtection(trees);
    }

    /// <summary>Waits until no client is connected, so that the next reading sees one tool only.</summary>
    public static async Task WaitForNoClientsAsync(SambaServer server)
    {
        var clock = Stopwatch.StartNew();
        while ((await ReadAsync(server)).Trees.Count > 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new InvalidOperationException("the server still has clients connected 30 s after the last tool finished");
            await Task.Delay(100);
        }
    }
}
