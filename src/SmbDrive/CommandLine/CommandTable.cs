namespace SmbDrive.CommandLine;

internal static class CommandTable
{
    private const OptionScope Connecting = OptionScope.Global | OptionScope.Connection;

    public static IReadOnlyList<CommandDefinition> All { get; } =
    [
        new("ls", 1, 1, Connecting | OptionScope.Listing, "ls //HOST[:PORT][/SHARE[/PATH]] [options]",
            "list a folder (or one file): type, size, modification time (UTC), name; for //HOST, the shares: name, type, comment"),
        new("cat", 1, 1, Connecting, "cat //HOST[:PORT]/SHARE/PATH [options]",
            "write a file's bytes to standard output"),
        new("get", 2, 2, Connecting, "get //HOST[:PORT]/SHARE/PATH LOCALFILE|- [options]",
            "download a file (LOCALFILE.part, renamed when complete; - is standard output)"),
        new("put", 2, 2, Connecting, "put LOCALFILE //HOST[:PORT]/SHARE/PATH [options]",
            "upload a file (replacing PATH); on the server when the command returns"),
        new("mkdir", 1, 1, Connecting, "mkdir //HOST[:PORT]/SHARE/PATH [options]", "make a folder"),
        new("rm", 1, 1, Connecting | OptionScope.Remove, "rm [-r] //HOST[:PORT]/SHARE/PATH [options]",
            "remove a file, or with -r a folder and everything in it"),
        new("mv", 2, 2, Connecting, "mv //HOST[:PORT]/SHARE/PATH NEWPATH|//HOST[:PORT]/SHARE/NEWPATH [options]",
            "rename or move within the share (replacing an existing file)"),
        new("mount", 2, 2, Connecting | OptionScope.Mount, "mount //HOST[:PORT]/SHARE MOUNTPOINT|DRIVE: [options]",
            "show the share as a folder (FUSE on Linux) or a drive (Dokan on Windows) until unmounted"),
        new("unmount", 1, 1, OptionScope.Global | OptionScope.Unmount, "unmount MOUNTPOINT|DRIVE: [--forget]",
            "remove a mount made by smbdrive mount"),
        new("mappings", 0, 1, OptionScope.Global, "mappings [restore]",
            "Windows: list the persistent mappings (restore: mount them all, as is done at sign-in)"),
        new("install-mount-helper", 0, 1, OptionScope.Global, "install-mount-helper [DIR]",
            "Linux: write DIR/mount.smbdrive (DIR defaults to /sbin) so that mount -t smbdrive and /etc/fstab work"),
        new("version", 0, 0, OptionScope.Global, "version", "show the version"),
    ];

    public static CommandDefinition? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? (name == "umount" ? Find("unmount") : null);
}
