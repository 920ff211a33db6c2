namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>Parses <c>ls -lR --time-style=+%s</c> output into entries keyed by path relative to the listed root,
/// keeping what a mount must reproduce exactly: the type letter, the size of files and the mtime in seconds.
/// Modes, link counts and owners are left out: they are the mount's own (read-only, one link, the mounting user).</summary>
internal static class LsListing
{
    public sealed record Entry(string Path, char Type, long Size, long ModifiedSeconds)
    {
        public override string ToString() => $"{Type} {Size} {ModifiedSeconds} {Path}";
    }

    public static SortedDictionary<string, Entry> ParseRecursive(string output, string root)
    {
        var entries = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
        string directory = "";
        bool headerAllowed = true;
        foreach (string line in output.Split('\n'))
        {
            if (line.Length == 0)
            {
                headerAllowed = true;
                continue;
            }
            if (headerAllowed && line.EndsWith(':'))
            {
                string listed = line[..^1];
                if (listed != root && !listed.StartsWith(root + "/", StringComparison.Ordinal))
                    throw new FormatException($"ls listed '{listed}', which is outside '{root}'");
                directory = listed.Length == root.Length ? "" : listed[(root.Length + 1)..] + "/";
                headerAllowed = false;
                continue;
            }
            headerAllowed = false;
            if (line.StartsWith("total ", StringComparison.Ordinal))
                continue;
            // mode links owner group size mtime name (the name may contain spaces)
            var fields = line.Split(' ', 7, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 7)
                throw new FormatException($"Unexpected ls line: {line}");
            char type = fields[0][0];
            long size = type == 'd' ? 0 : long.Parse(fields[4]);
            var entry = new Entry(directory + fields[6], type, size, long.Parse(fields[5]));
            entries.Add(entry.Path, entry);
        }
        return entries;
    }
}
