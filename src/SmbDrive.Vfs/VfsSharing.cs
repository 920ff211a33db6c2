namespace SmbDrive.Vfs;

/// <summary>A Windows open's share mode (what it lets other opens do while it is open) and which of the rights that
/// sharing is judged by the open uses itself. Only reading, writing and deleting the data take part in sharing
/// (MS-FSA 2.1.5.1.2): an open that uses none of them neither refuses nor is refused by any other.</summary>
public sealed record VfsSharing
{
    private const FileShare Everything = FileShare.Read | FileShare.Write | FileShare.Delete;

    /// <summary>What others may do; <see cref="FileShare.Inheritable"/> and unknown bits are ignored.</summary>
    public FileShare Share { get; init; } = Everything;

    /// <summary>The open reads or executes the file's bytes.</summary>
    public bool ReadData { get; init; }

    /// <summary>The open was made with DELETE access.</summary>
    public bool DeleteAccess { get; init; }

    /// <summary>Sharing that refuses nothing: the lazy open of a caller without share modes (POSIX).</summary>
    public static VfsSharing ShareEverything { get; } = new();

    /// <summary>True when the open takes part in sharing and denies other opens something: the server must then hold an
    /// open with this share mode for as long as the caller's handle is open.</summary>
    public bool DeniesOthers => (ReadData || DeleteAccess) && (Share & Everything) != Everything;
}
