namespace SmbDrive.Cli.Tests.Browse;

/// <summary>What /proc/self/mountinfo says about a mount point.</summary>
internal static class MountTable
{
    /// <summary>The mountinfo fields of the mount on <paramref name="path"/>, or null when nothing is mounted there.</summary>
    public static string[]? Find(string path) => File.ReadAllLines("/proc/self/mountinfo")
        .Select(line => line.Split(' ')).LastOrDefault(f => f.Length > 4 && f[4] == path);

    public static bool IsMounted(string path) => Find(path) is not null;

    /// <summary>Per-mount options (field 6), e.g. "ro,nosuid,nodev,relatime".</summary>
    public static string[] MountOptions(string path) => Find(path)?[5].Split(',') ?? [];

    /// <summary>Per-superblock options (the last field), e.g. "rw,user_id=0,group_id=0,allow_other".</summary>
    public static string[] SuperOptions(string path)
    {
        var fields = Find(path) ?? throw new InvalidOperationException($"{path} is not mounted");
        return fields[Array.IndexOf(fields, "-") + 3].Split(',');
    }

    /// <summary>The source after the " - " separator: fstype, then source.</summary>
    public static (string FsType, string Source) TypeAndSource(string path)
    {
        var fields = Find(path) ?? throw new InvalidOperationException($"{path} is not mounted");
        int dash = Array.IndexOf(fields, "-");
        return (fields[dash + 1], fields[dash + 2]);
    }
}
