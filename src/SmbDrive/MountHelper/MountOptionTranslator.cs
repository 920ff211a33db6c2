using System.Globalization;
using SmbDrive.CommandLine;
using SmbDrive.Configuration;

namespace SmbDrive.MountHelper;

/// <summary>Turns <c>-o</c> mount options into the arguments of <c>smbdrive mount --daemon</c>. Options that
/// mount(8) and systemd act on themselves are accepted and dropped; any other unknown option is an error that
/// names it (ignored with -s, as mount.cifs does). A password option is refused: /etc/fstab is world-readable and
/// a command line is visible to every user, so passwords come from credentials=FILE only.</summary>
internal sealed class MountOptionTranslator(UserDatabase users, Func<string, bool> fileExists)
{
    public const string DevLog = "/dev/log";
    public const string DefaultLogFile = "/var/log/smbdrive/mount.log";

    /// <summary>Generic options of mount(8) (filesystem-independent, or for mount/systemd only) that mean
    /// nothing to smbdrive; FUSE mounts are nosuid,nodev already.</summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "defaults", "auto", "noauto", "user", "nouser", "users", "owner", "group", "exec", "noexec", "suid", "nosuid",
        "dev", "nodev", "atime", "noatime", "relatime", "norelatime", "strictatime", "nostrictatime", "lazytime",
        "nolazytime", "diratime", "nodiratime", "sync", "async", "silent", "loud", "_netdev", "nofail",
    };

    public IReadOnlyList<string> Translate(MountHelperArguments request, string currentDirectory)
    {
        var args = new List<string> { "mount", request.Source, request.MountPoint, "--daemon" };
        string? userName = null, domain = null, credentials = null, log = null;
        bool? readOnly = null;
        foreach (string option in request.Options)
        {
            int eq = option.IndexOf('=');
            string name = eq < 0 ? option : option[..eq];
            string? value = eq < 0 ? null : option[(eq + 1)..];
            switch (name)
            {
                case "credentials" or "cred":
                    credentials = Path.GetFullPath(Required(name, value), currentDirectory);
                    break;
                case "username" or "user" when value is not null:
                    userName = Required(name, value);
                    break;
                case "domain" or "dom" or "workgroup":
                    domain = Required(name, value);
                    break;
                case "password" or "pass":
                    throw new UsageException($"mount option {name}= is not accepted: a password in /etc/fstab or on a command line can be read by other users; put it in a credentials=FILE (mode 600)");
                case "port":
                    args.AddRange(["--port", Number(name, Required(name, value), 1, 65535).ToString(CultureInfo.InvariantCulture)]);
                    break;
                case "ro" or "rw" when value is null:
                    readOnly = name == "ro";
                    break;
                case "uid":
                    args.AddRange(["--uid", Id(name, Required(name, value), users.FindUser)]);
                    break;
                case "gid":
                    args.AddRange(["--gid", Id(name, Required(name, value), users.FindGroup)]);
                    break;
                case "file_mode":
                    args.AddRange(["--file-mode", Mode(name, Required(name, value))]);
                    break;
                case "dir_mode":
                    args.AddRange(["--dir-mode", Mode(name, Required(name, value))]);
                    break;
                case "allow_other" when value is null:
                    args.Add("--allow-other");
                    break;
                case "guest" when value is null:
                    args.Add("--guest");
                    break;
                case "log":
                    log = Required(name, value);
                    break;
                case "comment":
                    break;
                default:
                    if (value is null && Generic.Contains(name)) break;
                    if (name.StartsWith("x-", StringComparison.Ordinal)) break; // userspace options for mount/systemd
                    if (request.Sloppy) break;
                    throw new UsageException($"unknown mount option '{name}' (smbdrive takes credentials=, username=, domain=, port=, ro, rw, uid=, gid=, file_mode=, dir_mode=, allow_other, guest, log=, _netdev, nofail)");
            }
        }
        if (domain is not null)
        {
            userName ??= credentials is null ? null : CredentialsFile.Read(credentials, Serilog.Core.Logger.None).UserName;
            if (string.IsNullOrWhiteSpace(userName))
                throw new UsageException("mount option domain= needs username= or a credentials file with a username= line");
            userName = $@"{domain}\{userName.Trim()}";
        }
        if (userName is not null) args.AddRange(["--user", userName]);
        if (credentials is not null) args.AddRange(["--credentials", credentials]);
        if (readOnly is { } ro) args.Add($"--Vfs:ReadOnly={(ro ? "true" : "false")}");
        args.AddRange(LogArguments(log, currentDirectory));
        if (request.Verbose) args.Add("--verbose");
        return args;
    }

    /// <summary>The daemon logs at Information to syslog (log=syslog, the default when /dev/log exists) or to a
    /// file (log=FILE, else /var/log/smbdrive/mount.log): its standard error goes nowhere once mount returns.</summary>
    private IEnumerable<string> LogArguments(string? log, string currentDirectory)
    {
        yield return "--Serilog:MinimumLevel:Default=Information";
        if (log == "syslog" || (log is null && fileExists(DevLog)))
        {
            yield return "--Daemon:Syslog=true";
            yield break;
        }
        string path = Path.GetFullPath(log ?? DefaultLogFile, currentDirectory);
        yield return "--Serilog:WriteTo:File:Name=File";
        yield return $"--Serilog:WriteTo:File:Args:path={path}";
        yield return "--Serilog:WriteTo:File:Args:outputTemplate={Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}";
    }

    private static string Required(string name, string? value) =>
        string.IsNullOrEmpty(value) ? throw new UsageException($"mount option {name}= needs a value") : value;

    private static int Number(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new UsageException($"mount option {name}= expects a number from {min} to {max}, not '{value}'");

    private static string Id(string name, string value, Func<string, uint?> lookUp)
    {
        if (uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out uint id) && id <= int.MaxValue)
            return id.ToString(CultureInfo.InvariantCulture);
        return lookUp(value)?.ToString(CultureInfo.InvariantCulture)
            ?? throw new UsageException($"mount option {name}=: no {(name == "uid" ? "user" : "group")} named '{value}'");
    }

    private static string Mode(string name, string value) =>
        value.Length is > 0 and <= 5 && value.All(c => c is >= '0' and <= '7') && Convert.ToUInt32(value, 8) <= 0xFFF
            ? value
            : throw new UsageException($"mount option {name}= expects an octal mode such as 0644, not '{value}'");
}
