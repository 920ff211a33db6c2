using System.Globalization;
using System.Text;

namespace SmbDrive.TestSupport;

/// <summary>Reads /proc to find processes of one server, including the RPC helpers smbd detaches into their own session.</summary>
public static class ProcessTable
{
    /// <summary>Live (non-zombie) processes whose command line mentions <paramref name="needle"/>, e.g. the path of a server's smb.conf.</summary>
    public static IReadOnlyList<int> FindByCommandLine(string needle)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                // A zombie's cmdline is empty, so exited-but-unreaped processes never match.
                var commandLine = File.ReadAllBytes(Path.Combine(entry, "cmdline"));
                if (commandLine.Length > 0 && Encoding.UTF8.GetString(commandLine).Replace('\0', ' ').Contains(needle, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to see.
            }
        }

        return found;
    }

    /// <summary>Number of TCP sockets listening on 127.0.0.1:<paramref name="port"/> (smbd sets SO_REUSEPORT, so two servers can silently share a port).</summary>
    public static int CountLoopbackListeners(int port)
    {
        const string LoopbackHex = "0100007F";
        const string ListenState = "0A";
        var wanted = LoopbackHex + ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[1] == wanted && fields[3] == ListenState)
            {
                count++;
            }
        }

        return count;
    }
}
