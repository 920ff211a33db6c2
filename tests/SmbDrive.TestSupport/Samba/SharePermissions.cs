namespace SmbDrive.TestSupport;

/// <summary>
/// smbd serves files with the rights of the logged-on Unix user (or "nobody" for guests), while tests create the files
/// as root; opening the share tree to everyone is the simplest thing that works for throw-away test folders.
/// </summary>
internal static class SharePermissions
{
    private const UnixFileMode ReadAll = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode WriteAll = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
    private const UnixFileMode ExecuteAll = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>chmod -R a+rX (a+rwX when <paramref name="writable"/>), without following symbolic links.</summary>
    public static void OpenTree(string root, bool writable)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var extra = writable ? WriteAll : 0;
        AddMode(root, ReadAll | ExecuteAll | extra);
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            IgnoreInaccessible = true,
        };
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos("*", options))
        {
            AddMode(entry.FullName, entry is DirectoryInfo ? ReadAll | ExecuteAll | extra : ReadAll | extra);
        }
    }

    private static void AddMode(string path, UnixFileMode wanted)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var current = File.GetUnixFileMode(path);
        if ((current & wanted) != wanted)
        {
            File.SetUnixFileMode(path, current | wanted);
        }
    }
}
