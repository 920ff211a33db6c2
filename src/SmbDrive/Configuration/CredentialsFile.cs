using Serilog;
using SmbDrive.CommandLine;

namespace SmbDrive.Configuration;

/// <summary>A <c>--credentials</c> file in the mount.cifs format: <c>username=</c>, <c>password=</c>,
/// <c>domain=</c> lines (also <c>user=</c>, <c>pass=</c>, <c>dom=</c>, <c>workgroup=</c>); <c>#</c> and <c>;</c>
/// start comments. The password is the rest of its line, verbatim. Error messages name the file and the line
/// number, never a line's text, which could be the password.</summary>
internal sealed class CredentialsFile
{
    private const UnixFileMode ReadableByOthers = UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public string? UserName { get; private init; }
    public string? Password { get; private init; }
    public string? Domain { get; private init; }

    public static CredentialsFile Read(string path, ILogger logger)
    {
        string[] lines;
        try
        {
            WarnIfReadableByOthers(path, logger);
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"credentials file {path}: {e.Message}", e);
        }

        string? user = null, password = null, domain = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimStart();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            int eq = line.IndexOf('=');
            if (eq <= 0) throw new UsageException($"credentials file {path}, line {i + 1}: expected key=value");
            string key = line[..eq].Trim().ToLowerInvariant();
            string value = line[(eq + 1)..];
            switch (key)
            {
                case "username" or "user": user = value.Trim(); break;
                case "password" or "pass": password = value; break;
                case "domain" or "dom" or "workgroup": domain = value.Trim(); break;
                default: logger.Warning("Credentials file {Path}, line {Line}: unknown key {Key} ignored", path, i + 1, key); break;
            }
        }
        return new CredentialsFile { UserName = user, Password = password, Domain = domain };
    }

    /// <summary>Warns like mount.cifs users expect: a password file should be chmod 600.</summary>
    private static void WarnIfReadableByOthers(string path, ILogger logger)
    {
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & ReadableByOthers) != 0)
            logger.Warning("Credentials file {Path} is readable by other users (mode {Mode}); run chmod 600 on it",
                path, Convert.ToString((int)mode, 8));
    }
}
