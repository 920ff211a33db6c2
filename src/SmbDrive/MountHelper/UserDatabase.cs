using System.Globalization;

namespace SmbDrive.MountHelper;

/// <summary>Resolves uid= and gid= values that are names, as mount.cifs does, from /etc/passwd and /etc/group
/// (files are what a helper can rely on at boot, before any directory service).</summary>
internal sealed class UserDatabase(string passwdPath = "/etc/passwd", string groupPath = "/etc/group")
{
    public uint? FindUser(string name) => Find(passwdPath, name);

    public uint? FindGroup(string name) => Find(groupPath, name);

    /// <summary>The third colon-separated field of the line whose first field is <paramref name="name"/>.</summary>
    private static uint? Find(string path, string name)
    {
        if (!File.Exists(path)) return null;
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split(':');
            if (fields.Length > 2 && fields[0] == name &&
                uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint id))
                return id;
        }
        return null;
    }
}
