using System.Text;

namespace SmbDrive.Fuse;

/// <summary>One line of /proc/self/mountinfo (proc(5)): "36 35 0:52 / /mnt/x rw,nosuid - fuse.smbdrive //h/s rw,...".</summary>
internal sealed record MountEntry(string MountPoint, string Device, string FileSystemType, string Source);

/// <summary>Reads the calling process's mount table. mountinfo rather than /proc/mounts because it also carries
/// the device number, which names the mount's readahead setting in /sys/class/bdi.</summary>
internal static class MountTable
{
    public const string MountInfoPath = "/proc/self/mountinfo";

    public static IReadOnlyList<MountEntry> ReadCurrent() => Parse(File.ReadAllText(MountInfoPath));

    public static MountEntry? Find(string mountPoint)
    {
        MountEntry? found = null;
        // A later line for the same path is the mount stacked on top, the one a path lookup reaches.
        foreach (var entry in ReadCurrent())
        {
            if (entry.MountPoint == mountPoint)
                found = entry;
        }
        return found;
    }

    public static IReadOnlyList<MountEntry> Parse(string text)
    {
        var entries = new List<MountEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            if (fields.Length < 10)
                continue;
            int separator = Array.IndexOf(fields, "-", 6);
            if (separator < 0 || separator + 2 >= fields.Length)
                continue;
            entries.Add(new MountEntry(Unescape(fields[4]), fields[2], Unescape(fields[separator + 1]), Unescape(fields[separator + 2])));
        }
        return entries;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in paths as three-digit octal escapes (\040).</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var bytes = new List<byte>(field.Length);
        var raw = Encoding.UTF8.GetBytes(field);
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\\' && i + 3 < raw.Length && raw[i + 1] >= (byte)'0' && raw[i + 1] <= (byte)'3'
                && IsOctal(raw[i + 2]) && IsOctal(raw[i + 3]))
            {
                bytes.Add((byte)(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.Add(raw[i]);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(byte b) => b >= (byte)'0' && b <= (byte)'7';
}
