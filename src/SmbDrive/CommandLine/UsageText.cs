using System.Text;

namespace SmbDrive.CommandLine;

/// <summary>The text of <c>smbdrive --help</c>, built from the command and option tables so it cannot drift.</summary>
internal static class UsageText
{
    public static string Build()
    {
        var text = new StringBuilder();
        text.AppendLine("usage: smbdrive COMMAND [options] ARGUMENTS");
        text.AppendLine();
        text.AppendLine("Commands:");
        foreach (var command in CommandTable.All)
        {
            text.AppendLine($"  smbdrive {command.Synopsis}");
            text.AppendLine($"      {command.Summary}");
        }
        text.AppendLine();
        text.AppendLine(@"Addresses: //HOST[:PORT]/SHARE/PATH or \\HOST[@PORT]\SHARE\PATH; IPv6 as //[::1]:445/SHARE.");
        AppendOptions(text, "Options", OptionScope.Global);
        AppendOptions(text, "Connection options (ls, cat, get, mount)", OptionScope.Connection);
        AppendOptions(text, "Mount options", OptionScope.Mount);
        AppendOptions(text, "ls options", OptionScope.Listing);
        AppendOptions(text, "unmount options", OptionScope.Unmount);
        text.AppendLine();
        text.AppendLine("Linux mount helper: mount -t smbdrive //HOST[:PORT]/SHARE MOUNTPOINT -o OPTIONS, or an /etc/fstab line");
        text.AppendLine("of type smbdrive, once smbdrive install-mount-helper has written /sbin/mount.smbdrive. Options:");
        text.AppendLine("  credentials=FILE (as --credentials), username=, domain=, port=, ro|rw (Vfs:ReadOnly), uid=, gid=,");
        text.AppendLine("  file_mode=, dir_mode= (octal), allow_other, guest, log=syslog|FILE (default syslog when /dev/log");
        text.AppendLine("  exists, else /var/log/smbdrive/mount.log), _netdev and nofail (for mount and systemd). There is no");
        text.AppendLine("  password= option: a password on a command line or in /etc/fstab can be read by other users.");
        text.AppendLine();
        text.AppendLine("Credentials: --user, else the username= line of --credentials, else SMBDRIVE_USER. The password comes");
        text.AppendLine("from --password-stdin, else the password= line of --credentials, else SMBDRIVE_PASSWORD, else a prompt");
        text.AppendLine("when standard input is a terminal. Without a user: --anonymous or --guest, never a silent guest logon.");
        text.AppendLine("Kerberos (Smb:Authentication = Negotiate, the default, tries it first; Kerberos; Ntlm): with --kerberos and");
        text.AppendLine("no password, the ticket cache (kinit, KRB5CCNAME); on Windows with no user, the signed-in user's own logon.");
        text.AppendLine("The service principal is cifs/HOST as written in the address, or Smb:ServicePrincipalName.");
        text.AppendLine();
        text.AppendLine("Settings: appsettings.json next to the executable, then --config FILE, then environment variables");
        text.AppendLine("SMBDRIVE__Section__Key, then --Section:Key=value (e.g. --Smb:MaxDialect=3.0.2). The later source wins.");
        text.AppendLine();
        text.AppendLine("Exit codes: 0 success, 1 the server refused the operation or a local file failed, 2 usage,");
        text.AppendLine("configuration or credentials error, 3 connection or protocol failure, 4 logon refused or Kerberos failed,");
        text.AppendLine("70 internal error, 130 interrupted, 141 standard output closed by its reader (quietly).");
        return text.ToString();
    }

    private static void AppendOptions(StringBuilder text, string title, OptionScope scope)
    {
        text.AppendLine();
        text.AppendLine($"{title}:");
        foreach (var option in OptionTable.All.Where(o => o.Scope == scope))
        {
            string names = (option.ShortName is null ? "" : $"-{option.ShortName}, ") + $"--{option.Name}"
                + (option.ValueName is null ? "" : $" {option.ValueName}");
            text.AppendLine($"  {names,-28} {option.Help}");
        }
    }
}
