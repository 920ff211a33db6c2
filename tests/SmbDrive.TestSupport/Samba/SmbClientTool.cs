using System.Globalization;

namespace SmbDrive.TestSupport;

/// <summary>
/// Samba's own smbclient as an independent peer for cross-checks. Passwords travel in the PASSWD environment
/// variable, never on the command line, where every user could read them in the process list.
/// </summary>
public static class SmbClientTool
{
    /// <summary>Runs smbclient commands (its -c option) against a share; <paramref name="user"/> null connects anonymously.</summary>
    public static Task<CommandResult> RunAsync(
        SambaServer server,
        string share,
        SambaUser? user,
        string commands,
        IEnumerable<string>? extraArguments = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var arguments = new List<string>
        {
            // An empty config keeps the machine's /etc/samba/smb.conf (or its absence) out of the test.
            "--configfile=/dev/null",
            "-p", server.Port.ToString(CultureInfo.InvariantCulture),
            $"//{server.Host}/{share}",
        };
        var environment = new Dictionary<string, string>();
        if (user is null)
        {
            arguments.Add("-N");
        }
        else
        {
            arguments.Add("-U");
            arguments.Add(user.Name);
            environment["PASSWD"] = user.Password;
        }

        arguments.AddRange(extraArguments ?? []);
        arguments.Add("-c");
        arguments.Add(commands);
        return CommandRunner.RunAsync(SambaRequirement.SmbClientPath, arguments, environment: environment, timeout: TimeSpan.FromSeconds(60), ct: ct);
    }

    /// <summary>Downloads <paramref name="remotePath"/> to <paramref name="localPath"/>; throws with smbclient's output if that fails.</summary>
    public static async Task GetFileAsync(
        SambaServer server,
        string share,
        SambaUser? user,
        string remotePath,
        string localPath,
        IEnumerable<string>? extraArguments = null,
        CancellationToken ct = default)
    {
        var result = await RunAsync(server, share, user, $"get {Quote(remotePath)} {Quote(localPath)}", extraArguments, ct).ConfigureAwait(false);
        if (result.ExitCode != 0 || !File.Exists(localPath))
        {
            throw new InvalidOperationException(
                $"smbclient get {remotePath} from {share} failed with exit code {result.ExitCode}:\n{result.StandardOutput}\n{result.StandardError}");
        }
    }

    // smbclient splits -c commands on ';' and arguments on blanks, honouring double quotes.
    private static string Quote(string value) =>
        value.IndexOfAny(['"', ';', '\r', '\n']) < 0
            ? "\"" + value + "\""
            : throw new ArgumentException($"smbclient cannot pass '{value}' as one argument.", nameof(value));
}
