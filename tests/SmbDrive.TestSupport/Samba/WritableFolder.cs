namespace SmbDrive.TestSupport;

/// <summary>A fresh folder for one test on a writable share's disk, that the share's user may change: its name on
/// the share, its path on the disk, and files and folders made by the test (as root) with the same rights.</summary>
public sealed class WritableFolder
{
    private const UnixFileMode Everyone = (UnixFileMode)0x1FF, EveryoneReadWrite = (UnixFileMode)0x1B6;

    public WritableFolder(string shareDir, string prefix = "w")
    {
        Name = $"{prefix}{Guid.NewGuid():N}";
        DiskPath = Path.Combine(shareDir, Name);
        Directory.CreateDirectory(DiskPath);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(DiskPath, Everyone);
    }

    /// <summary>The folder's name on the share.</summary>
    public string Name { get; }

    /// <summary>The folder on the server's disk.</summary>
    public string DiskPath { get; }

    public string Remote(string name) => $"{Name}/{name}";

    public string Disk(string name) => Path.Combine(DiskPath, name);

    /// <summary>A file the share's user may change.</summary>
    public void Put(string name, string text)
    {
        File.WriteAllText(Disk(name), text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk(name), EveryoneReadWrite);
    }

    /// <summary>A file of these bytes the share's user may change.</summary>
    public void Put(string name, byte[] content)
    {
        File.WriteAllBytes(Disk(name), content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk(name), EveryoneReadWrite);
    }

    /// <summary>A folder the share's user may change.</summary>
    public void MakeDir(string name)
    {
        Directory.CreateDirectory(Disk(name));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Disk(name), Everyone);
    }
}
