using System.Globalization;
using System.Text.RegularExpressions;
using SmbDrive.Fuse.Tests.EndToEnd;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>A large sequential read through a fresh mount on the default settings (two connections per share) is
/// carried by both connections, as seen from outside the client: the kernel's byte counts of this process's TCP
/// connections to smbd (<c>ss -tinp</c>). The reader is an unmodified program comparing with the server's disk.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed partial class MountConnectionsTests
{
    [Test, CancelAfter(180_000)]
    public async Task Cmp_LargeFileThroughAFreshMount_BytesEqualDiskAndTwoConnectionsCarryThem()
    {
        string relative = SambaTree.Pattern;
        string disk = SambaFuseFixture.DiskPath(relative);
        long size = new FileInfo(disk).Length;
        int port = SambaFuseFixture.Server.Port;
        // Its own mount: no page cache or block cache from other tests, and its connections made for this read.
        await using var mount = await SambaMount.StartAsync(SambaFuseFixture.Server, SambaFuseFixture.DataShare);
        var before = ReceivedPerConnection(port);

        var result = Shell.Run("cmp", mount.PathOf(relative), disk);

        var after = ReceivedPerConnection(port);
        Assert.That(result.ExitCode, Is.Zero, $"cmp found a difference: {result.Text}{result.Errors}");
        var carried = after.Select(c => (Connection: c.Key, Bytes: c.Value - before.GetValueOrDefault(c.Key))).OrderByDescending(c => c.Bytes).ToList();
        string report = string.Join(", ", carried.Select(c => $"{c.Connection}: {c.Bytes / (1 << 20)} MiB"));
        TestContext.Out.WriteLine($"{size >> 20} MiB read through the mount; received per connection to smbd: {report}");
        Assert.That(carried.Sum(c => c.Bytes), Is.GreaterThanOrEqualTo(size), $"every byte came from the server ({report})");
        Assert.That(mount.Drive.Counters.Snapshot().ServerBytesRead, Is.GreaterThanOrEqualTo(size));
        Assert.That(carried.Count(c => c.Bytes >= size / 8), Is.GreaterThanOrEqualTo(2),
            $"at least two connections each carried at least an eighth of the file ({report})");
    }

    /// <summary>Bytes received so far on each established TCP connection of this process to <paramref name="port"/>,
    /// by local endpoint, from the kernel (tcp_info bytes_received, which ss leaves out while it is 0).</summary>
    private static Dictionary<string, long> ReceivedPerConnection(int port)
    {
        var result = Shell.Run("ss", "-tinpH", "state", "established", "dport", "=", $":{port}");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var connections = new Dictionary<string, long>();
        string? current = null;
        foreach (string line in result.Text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (!char.IsWhiteSpace(line[0]))
            {
                // Recv-Q Send-Q Local Peer users:(("name",pid=N,fd=M))
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = line.Contains($"pid={Environment.ProcessId},", StringComparison.Ordinal) ? fields[2] : null;
                if (current is not null) connections[current] = 0;
            }
            else if (current is not null && BytesReceived().Match(line) is { Success: true } match)
            {
                connections[current] = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }
        return connections;
    }

    [GeneratedRegex(@"\bbytes_received:(\d+)")]
    private static partial Regex BytesReceived();
}
