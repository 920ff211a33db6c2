namespace SmbDrive.CommandLine;

/// <summary>Every named option of smbdrive. Options of the form <c>--Section:Key=value</c> are not listed:
/// the parser hands them to the configuration unchanged.</summary>
internal static class OptionTable
{
    public static IReadOnlyList<OptionDefinition> All { get; } =
    [
        new("help", false, OptionScope.Global, "show this help", ShortName: "h"),
        new("version", false, OptionScope.Global, "show the version"),
        new("verbose", false, OptionScope.Global, "log at Debug level and show stack traces of failures", ShortName: "v"),
        new("config", true, OptionScope.Global, "read settings from this JSON file too (after appsettings.json)", ValueName: "FILE"),

        new("user", true, OptionScope.Connection, "log on as this user", ValueName: @"[DOMAIN\]NAME"),
        new("credentials", true, OptionScope.Connection, "file with lines username=, password=, domain=", ValueName: "FILE"),
        new("password-stdin", false, OptionScope.Connection, "read the password from the first line of standard input"),
        new("save-credentials", false, OptionScope.Connection, "Windows: keep the password in the Credential Manager after a successful logon"),
        new("anonymous", false, OptionScope.Connection, "log on anonymously (null session)"),
        new("guest", false, OptionScope.Connection, "log on as guest"),
        new("port", true, OptionScope.Connection, "TCP port (overrides the port in the address)", ValueName: "N"),
        new("smb1", false, OptionScope.Connection, "also offer SMB1 (same as --Smb:AllowSmb1=true)"),
        new("encrypt", false, OptionScope.Connection, "require encryption (same as --Smb:RequireEncryption=true)"),
        new("kerberos", false, OptionScope.Connection, "log on with Kerberos only (same as --Smb:Authentication=Kerberos); without a password, with the ticket from kinit (Linux) or the Windows logon"),

        new("all", false, OptionScope.Listing, "ls //HOST: also list hidden shares (names ending in $)", ShortName: "a"),

        new("allow-other", false, OptionScope.Mount, "Linux: let other users access the mount"),
        new("uid", true, OptionScope.Mount, "Linux: owner reported for every file", ValueName: "N"),
        new("gid", true, OptionScope.Mount, "Linux: group reported for every file", ValueName: "N"),
        new("file-mode", true, OptionScope.Mount, "Linux: permission bits of every file, octal (e.g. 0640)", ValueName: "MODE"),
        new("dir-mode", true, OptionScope.Mount, "Linux: permission bits of every directory, octal (e.g. 0750)", ValueName: "MODE"),
        new("daemon", false, OptionScope.Mount, "Linux: run in the background once the mount is ready"),
        new("fixed-drive", false, OptionScope.Mount, "Windows: show a fixed drive instead of a network drive"),
        new("persistent", false, OptionScope.Mount, "Windows: record the mapping (password in the Credential Manager) and restore it at every sign-in"),

        new("forget", false, OptionScope.Unmount, "Windows: also forget the persistent mapping of this drive letter"),

        new("read-only", false, OptionScope.Mount, "refuse every write (same as --Vfs:ReadOnly=true)"),

        new("recursive", false, OptionScope.Remove, "rm: remove a folder and everything in it", ShortName: "r"),
    ];

    public static OptionDefinition? FindLong(string name) =>
        All.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));

    public static OptionDefinition? FindShort(string name) =>
        All.FirstOrDefault(o => o.ShortName is not null && string.Equals(o.ShortName, name, StringComparison.Ordinal));
}
