namespace SmbDrive.Smb;

/// <summary>A parsed <c>//host[:port]/share[/path]</c> or <c>\\host[@port]\share[\path]</c> address.
/// IPv6 literals go in brackets: <c>//[::1]:4455/share</c>. A server address (<c>//host[:port]</c>, parsed only when
/// asked for) has an empty <see cref="Share"/>.</summary>
public sealed record SmbAddress(string Host, int Port, string Share, string Path)
{
    public const int DefaultPort = 445;

    /// <summary>UNC form used in messages: <c>\\host\share\path</c> (the port is shown when not 445).</summary>
    public string Unc => Where(Path);

    /// <summary>True for <c>//host[:port]</c> without a share.</summary>
    public bool IsServer => Share.Length == 0;

    /// <summary>UNC form of another path on the same share.</summary>
    public string Where(string path)
    {
        string host = Port == DefaultPort ? Host : $"{Host}:{Port}";
        if (IsServer) return $@"\\{host}";
        string p = path.Trim('\\', '/').Replace('/', '\\');
        return p.Length == 0 ? $@"\\{host}\{Share}" : $@"\\{host}\{Share}\{p}";
    }

    public static SmbAddress Parse(string text)
    {
        if (!TryParse(text, out var address, out string? error)) throw new FormatException(error);
        return address!;
    }

    public static bool TryParse(string text, out SmbAddress? address, out string? error) => TryParse(text, allowServer: false, out address, out error);

    /// <summary>With <paramref name="allowServer"/>, <c>//host[:port]</c> (or <c>//host/</c>) parses to an address with no share.</summary>
    public static bool TryParse(string text, bool allowServer, out SmbAddress? address, out string? error)
    {
        address = null;
        error = null;
        string t = text.Trim();
        if (t.StartsWith("smb://", StringComparison.OrdinalIgnoreCase)) t = t[4..];
        if (!(t.StartsWith("//") || t.StartsWith(@"\\")))
        {
            error = $"'{text}' is not a share address; use //HOST[:PORT]/SHARE[/PATH] or \\\\HOST\\SHARE[\\PATH]";
            return false;
        }
        string rest = t[2..].Replace('\\', '/');
        string[] parts = rest.Split('/', 3);
        string hostPort = parts[0];
        if (hostPort.Length == 0) { error = $"'{text}' has no host"; return false; }
        bool serverOnly = allowServer && (parts.Length == 1 || (parts.Length == 2 && parts[1].Length == 0));
        if (!serverOnly && (parts.Length < 2 || parts[1].Length == 0)) { error = $"'{text}' has no share name"; return false; }

        string host = hostPort;
        int port = DefaultPort;
        if (hostPort.StartsWith('['))
        {
            int close = hostPort.IndexOf(']');
            if (close < 0) { error = $"'{text}': unterminated IPv6 literal"; return false; }
            host = hostPort[1..close];
            string tail = hostPort[(close + 1)..];
            if (tail.Length > 0 && !TryPort(tail[1..], tail[0], out port)) { error = $"'{text}': bad port"; return false; }
        }
        else
        {
            int sep = hostPort.LastIndexOfAny([':', '@']);
            if (sep >= 0 && hostPort.IndexOf(':') == hostPort.LastIndexOf(':'))
            {
                if (!TryPort(hostPort[(sep + 1)..], ':', out port)) { error = $"'{text}': bad port"; return false; }
                host = hostPort[..sep];
            }
        }
        if (host.Length == 0) { error = $"'{text}' has no host"; return false; }
        string path = parts.Length == 3 ? parts[2].Trim('/').Replace('/', '\\') : "";
        address = new SmbAddress(host, port, serverOnly ? "" : parts[1], path);
        return true;
    }

    private static bool TryPort(string digits, char sep, out int port)
    {
        port = 0;
        return (sep == ':' || sep == '@') && int.TryParse(digits, out port) && port is > 0 and < 65536;
    }

    public override string ToString() => Unc;
}
