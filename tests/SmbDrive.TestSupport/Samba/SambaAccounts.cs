using System.Text.RegularExpressions;

namespace SmbDrive.TestSupport;

/// <summary>Creates the Unix account Samba maps each user to, and registers the Samba password.</summary>
internal static partial class SambaAccounts
{
    private const string UserAdd = "/usr/sbin/useradd";
    private const string SmbPasswd = "/usr/bin/smbpasswd";

    // useradd exit codes (shadow-utils): 9 = name already in use, 10 = cannot lock /etc/passwd right now.
    private const int UserAddNameInUse = 9;
    private const int UserAddCannotLock = 10;

    public static async Task EnsureUnixAccountAsync(string name, CancellationToken ct)
    {
        ValidateName(name);
        if (UnixAccountExists(name))
        {
            return;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            throw new InvalidOperationException(
                $"The Unix account '{name}' does not exist and this process is not root, so it cannot create it. " +
                $"Create it once with: useradd -M -s /usr/sbin/nologin {name}");
        }

        // Other test processes may add the same account at the same moment.
        for (var attempt = 0; ; attempt++)
        {
            var result = await CommandRunner.RunAsync(UserAdd, ["-M", "-s", "/usr/sbin/nologin", name], ct: ct).ConfigureAwait(false);
            if (result.ExitCode == 0 || result.ExitCode == UserAddNameInUse)
            {
                return;
            }

            if (result.ExitCode != UserAddCannotLock || attempt >= 50)
            {
                throw new InvalidOperationException($"useradd {name} failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    public static async Task SetSambaPasswordAsync(string configPath, SambaUser user, CancellationToken ct)
    {
        // The password goes through stdin only; it must not show up in ps output or in this message.
        var result = await CommandRunner.RunAsync(
            SmbPasswd,
            ["-c", configPath, "-s", "-a", user.Name],
            standardInput: user.Password + "\n" + user.Password + "\n",
            ct: ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"smbpasswd -a {user.Name} failed with exit code {result.ExitCode}: {(result.StandardOutput + result.StandardError).Trim()}");
        }
    }

    public static void ValidateName(string name)
    {
        if (!UserNamePattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a portable Unix user name (lower-case letters, digits, '_' and '-', at most 32).", nameof(name));
        }
    }

    public static void ValidatePassword(SambaUser user)
    {
        if (user.Password.Length == 0 || user.Password.IndexOfAny(['\r', '\n', '\0']) >= 0)
        {
            throw new ArgumentException($"The password of user '{user.Name}' is empty or contains a line break.", nameof(user));
        }
    }

    private static bool UnixAccountExists(string name) =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserNamePattern();
}
