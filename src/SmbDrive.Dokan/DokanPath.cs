using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>Turns the volume-relative names Dokan passes ("\dir\file", "\" for the root) into drive paths
/// ("dir\file", "" for the root), rejecting what NTFS would reject (MS-FSCC §2.1.5.2 naming rules).</summary>
internal static class DokanPath
{
    public const int MaxComponentLength = 255;

    private static ReadOnlySpan<char> InvalidChars => ['"', '*', '/', ':', '<', '>', '?', '|'];

    /// <summary>STATUS_SUCCESS, or STATUS_OBJECT_NAME_INVALID for an empty or over-long component, a reserved character
    /// (':' included: alternate streams are not enabled) or a "." / ".." component. A single trailing '\' is
    /// allowed and reported, because it demands a directory.</summary>
    public static VfsStatus TryNormalize(string dokanName, out string path, out bool trailingSeparator)
    {
        path = "";
        trailingSeparator = false;
        var name = dokanName.AsSpan();
        if (name.Length > 0 && name[0] == '\\')
        {
            name = name[1..];
        }
        if (name.Length > 0 && name[^1] == '\\')
        {
            trailingSeparator = true;
            name = name[..^1];
        }
        if (name.IsEmpty)
        {
            return VfsStatus.STATUS_SUCCESS;
        }
        foreach (var range in name.Split('\\'))
        {
            var component = name[range];
            if (component.IsEmpty || component.Length > MaxComponentLength || component is "." or "..")
            {
                return VfsStatus.STATUS_OBJECT_NAME_INVALID;
            }
            foreach (char c in component)
            {
                if (c < 0x20 || InvalidChars.Contains(c))
                {
                    return VfsStatus.STATUS_OBJECT_NAME_INVALID;
                }
            }
        }
        path = name.Length == dokanName.Length ? dokanName : name.ToString();
        return VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>The parent of a normalized path; "" for a child of the root.</summary>
    public static string Parent(string path)
    {
        int slash = path.LastIndexOf('\\');
        return slash < 0 ? "" : path[..slash];
    }

    public static string Combine(string directory, string name) => directory.Length == 0 ? name : directory + "\\" + name;

    /// <summary>A file index for servers that report no file id: FNV-1a over the upper-cased path, so it is stable for
    /// the life of the name. Never 0, which callers read as "none".</summary>
    public static ulong StableIndex(string path)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in path)
        {
            char u = char.ToUpperInvariant(c);
            hash = (hash ^ (byte)u) * 1099511628211UL;
            hash = (hash ^ (byte)(u >> 8)) * 1099511628211UL;
        }
        return hash == 0 ? 1 : hash;
    }
}
