namespace SmbDrive.Vfs;

// What the OS caches on the drive's behalf (the kernel's attributes, names and pages) came from the drive's answers;
// when the drive learns that some of them may be outdated, it says so, and the front-end makes the OS forget them.
public partial interface IDriveFileSystem
{
    /// <summary>Raised with drive paths whose information and data the OS should ask for again. Raised on the
    /// thread that learned it, possibly inside another drive call; handlers must be quick and must not call back
    /// into the drive.</summary>
    event Action<IReadOnlyList<string>>? PathsOutdated
    {
        add { }
        remove { }
    }
}
