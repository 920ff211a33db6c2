using System.Text;

namespace SmbDrive.Vfs.Paths;

/// <summary>Share-relative paths in the one form the drive uses internally: '\' separators, no leading or
/// trailing separator, no empty, "." or ".." components; "" is the share root. Case is kept as given,
/// because the server decides whether names are case-sensitive.</summary>
internal static class VfsPath
{
    public const char Separator = '\\';

    /// <summary>Normalizes a path from a front-end ('\' or '/' separators). Fails for ".." (a path must not
    /// climb out of the share) and for characters no SMB name may contain.</summary>
    public static bool TryNormalize(string? path, out string normalized)
    {
        normalized = "";
        if (string.IsNullOrEmpty(path)) return true;
        if (path.AsSpan().IndexOfAny('\0', '*', '?') >= 0) return false;

        // Fast path: already normalized paths (the common case for every callback after the first) allocate nothing.
        if (IsNormalized(path))
        {
            normalized = path;
            return true;
        }

        var builder = new StringBuilder(path.Length);
        foreach (string part in path.Split('\\', '/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..") return false;
            if (builder.Length > 0) builder.Append(Separator);
            builder.Append(part);
        }
        normalized = builder.ToString();
        return true;
    }

    /// <summary>The parent directory ("" for a top-level name and for the root itself).</summary>
    public static string Parent(string normalized)
    {
        int cut = normalized.LastIndexOf(Separator);
        return cut < 0 ? "" : normalized[..cut];
    }

    /// <summary>The last component ("" for the root).</summary>
    public static string Name(string normalized)
    {
        int cut = normalized.LastIndexOf(Separator);
        return cut < 0 ? normalized : normalized[(cut + 1)..];
    }

    public static string Combine(string directory, string name) =>
        directory.Length == 0 ? name : string.Concat(directory, "\\", name);

    private static bool IsNormalized(string path)
    {
        if (path[0] == Separator || path[^1] == Separator || path.Contains('/')) return false;
        int start = 0;
        while (start <= path.Length)
        {
            int end = path.IndexOf(Separator, start);
            if (end < 0) end = path.Length;
            var part = path.AsSpan(start, end - start);
            if (part.Length == 0 || part is "." || part is "..") return false;
            start = end + 1;
        }
        return true;
    }
}
