using System.Runtime.InteropServices;
using SmbDrive.Fuse.Native;

namespace SmbDrive.Fuse;

/// <summary>Checks a mount point before anything is mounted, so the user gets one clear sentence instead of a
/// libfuse error after a server connection was already made.</summary>
internal static class MountPointValidator
{
    /// <summary>Null when <paramref name="mountPoint"/> is an existing, empty directory that nothing is mounted on;
    /// otherwise the reason it cannot be used.</summary>
    public static string? Validate(string mountPoint)
    {
        if (string.IsNullOrWhiteSpace(mountPoint))
            return "No mount point was given.";
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));

        // Before touching the path: a dead FUSE mount on it makes every stat fail with ENOTCONN.
        string? mounted = DescribeMount(full);
        if (mounted != null)
            return mounted;

        if (File.Exists(full))
            return $"The mount point '{full}' is a file, not a directory.";
        if (!Directory.Exists(full))
        {
            return Directory.Exists(Path.GetDirectoryName(full) ?? "/")
                ? $"The mount point '{full}' does not exist. Create it first: mkdir '{full}'."
                : $"The mount point '{full}' does not exist, nor does its parent directory. Create it first: mkdir -p '{full}'.";
        }

        string resolved = Resolve(full);
        if (resolved != full && (mounted = DescribeMount(resolved)) != null)
            return mounted;

        try
        {
            if (Directory.EnumerateFileSystemEntries(resolved).Any())
                return $"The mount point '{full}' is not empty. Mount on an empty directory; its contents would be hidden while mounted.";
        }
        catch (UnauthorizedAccessException)
        {
            return $"The mount point '{full}' cannot be read: permission denied.";
        }
        catch (IOException ex)
        {
            return $"The mount point '{full}' cannot be read: {ex.Message}";
        }
        return null;
    }

    /// <summary>The canonical path of the mount point: fusermount and /proc/self/mountinfo use it.</summary>
    public static string Resolve(string path)
    {
        nint resolved = LibC.RealPath(path, 0);
        if (resolved == 0)
            return path;
        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? path;
        }
        finally
        {
            LibC.Free(resolved);
        }
    }

    private static string? DescribeMount(string path)
    {
        MountEntry? entry;
        try
        {
            entry = MountTable.Find(path);
        }
        catch (IOException)
        {
            // No /proc (unusual container): fall through to the directory checks, which still find a stale mount.
            return null;
        }
        if (entry == null)
            return null;
        string hint = entry.FileSystemType.StartsWith("fuse", StringComparison.Ordinal)
            ? $"Unmount it first: smbdrive unmount '{path}' (or fusermount3 -u '{path}')."
            : "Choose another directory.";
        return $"'{path}' is already a mount point ({entry.FileSystemType} from {entry.Source}). {hint}";
    }
}
