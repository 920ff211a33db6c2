using System.Text;

namespace SmbDrive.TestSupport;

/// <summary>Writes a self-contained smb.conf: every directory smbd touches lies inside the server's temp folder.</summary>
internal static class SambaConfig
{
    public const string FileName = "smb.conf";

    /// <summary>Folders under the root that smbd needs before it starts.</summary>
    public static readonly IReadOnlyList<string> StateFolders =
        ["priv", "lock", "state", "cache", "run", "run/ncalrpc", "log", "bind-dns"];

    public static string Build(string root, int port, IReadOnlyDictionary<string, string> global, IReadOnlyList<ResolvedShare> shares)
    {
        var globals = new ParameterSet();
        globals.Set("smb ports", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        globals.Set("interfaces", "lo");
        globals.Set("bind interfaces only", "yes");
        globals.Set("server role", "standalone server");
        globals.Set("disable spoolss", "yes");
        globals.Set("load printers", "no");
        globals.Set("printcap name", "/dev/null");
        globals.Set("disable netbios", "yes");
        globals.Set("map to guest", "Bad User");
        globals.Set("private dir", Path.Combine(root, "priv"));
        globals.Set("lock directory", Path.Combine(root, "lock"));
        globals.Set("state directory", Path.Combine(root, "state"));
        globals.Set("cache directory", Path.Combine(root, "cache"));
        globals.Set("pid directory", Path.Combine(root, "run"));
        globals.Set("ncalrpc dir", Path.Combine(root, "run", "ncalrpc"));
        globals.Set("binddns dir", Path.Combine(root, "bind-dns"));
        globals.Set("log file", Path.Combine(root, "log", "log.%m"));
        globals.Set("passdb backend", "tdbsam:" + Path.Combine(root, "priv", "passdb.tdb"));
        foreach (var (key, value) in global)
        {
            globals.Set(key, value);
        }

        var text = new StringBuilder();
        globals.WriteSection(text, "global");
        foreach (var share in shares)
        {
            var parameters = new ParameterSet();
            parameters.Set("path", share.Path);
            parameters.Set("read only", share.Share.ReadOnly ? "yes" : "no");
            parameters.Set("guest ok", share.Share.GuestOk ? "yes" : "no");
            foreach (var (key, value) in share.Share.Extra ?? new Dictionary<string, string>())
            {
                parameters.Set(key, value);
            }

            parameters.WriteSection(text, share.Share.Name);
        }

        return text.ToString();
    }

    public static void ValidateShareName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['[', ']', '\r', '\n', '/', '\\']) >= 0)
        {
            throw new ArgumentException($"'{name}' is not a usable share name.", nameof(name));
        }

        if (name.Equals("global", StringComparison.OrdinalIgnoreCase) || name.Equals("homes", StringComparison.OrdinalIgnoreCase)
            || name.Equals("printers", StringComparison.OrdinalIgnoreCase) || name.Equals("IPC$", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is a reserved Samba section name.", nameof(name));
        }
    }

    /// <summary>Samba compares parameter names ignoring case and whitespace, so overrides must too.</summary>
    private sealed class ParameterSet
    {
        private readonly Dictionary<string, (string Key, string Value)> _lines = new(StringComparer.Ordinal);
        private readonly List<string> _order = new();

        public void Set(string key, string value)
        {
            if (string.IsNullOrWhiteSpace(key) || key.IndexOfAny(['=', '\r', '\n', '[', ']']) >= 0)
            {
                throw new ArgumentException($"'{key}' is not a usable smb.conf parameter name.", nameof(key));
            }

            // A line break would inject further lines; a trailing backslash continues onto the next line.
            if (value.IndexOfAny(['\r', '\n']) >= 0 || value.EndsWith('\\'))
            {
                throw new ArgumentException($"The value of smb.conf parameter '{key}' contains a line break or ends with a backslash.", nameof(value));
            }

            var normalized = string.Concat(key.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
            if (!_lines.ContainsKey(normalized))
            {
                _order.Add(normalized);
            }

            _lines[normalized] = (key.Trim(), value.Trim());
        }

        public void WriteSection(StringBuilder text, string name)
        {
            text.Append('[').Append(name).Append("]\n");
            foreach (var normalized in _order)
            {
                var (key, value) = _lines[normalized];
                text.Append("  ").Append(key).Append(" = ").Append(value).Append('\n');
            }

            text.Append('\n');
        }
    }
}
