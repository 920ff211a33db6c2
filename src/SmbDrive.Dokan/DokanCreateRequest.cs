using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>One ZwCreateFile, normalized: the drive path and what the caller asked for.</summary>
internal readonly record struct DokanCreateRequest(string Path, bool TrailingSeparator, DokanFileAccess Access, FileShare Share,
    FileMode Mode, FileAttributes Attributes, NtCreateOptions CreateOptions)
{
    /// <summary>Rights that change the file's data. Complete FILE_GENERIC_WRITE and FILE_ALL_ACCESS groups arrive
    /// folded into their GENERIC bits (CreateFlagsMapper).</summary>
    public const DokanFileAccess DataWriteAccess = DokanFileAccess.WriteData | DokanFileAccess.AppendData
        | DokanFileAccess.GenericWrite | DokanFileAccess.GenericAll;

    /// <summary>The attributes a new file may be given (FILE_ATTRIBUTE_DIRECTORY and NORMAL are not attributes to set).</summary>
    private const FileAttributes NewFileAttributeMask = FileAttributes.ReadOnly | FileAttributes.Hidden | FileAttributes.System
        | FileAttributes.Archive | FileAttributes.Temporary | FileAttributes.Offline | FileAttributes.NotContentIndexed;

    public bool MustBeDirectory => CreateOptions.HasFlag(NtCreateOptions.DirectoryFile);
    public bool MustBeFile => CreateOptions.HasFlag(NtCreateOptions.NonDirectoryFile);
    public bool DeleteOnClose => CreateOptions.HasFlag(NtCreateOptions.DeleteOnClose);
    public bool WritesData => (Access & DataWriteAccess) != 0;

    /// <summary>DELETE, on its own or within FILE_ALL_ACCESS, or implied by FILE_DELETE_ON_CLOSE.</summary>
    public bool WantsDelete => (Access & (DokanFileAccess.Delete | DokanFileAccess.GenericAll)) != 0 || DeleteOnClose;

    public FileAttributes NewFileAttributes => Attributes & NewFileAttributeMask;

    /// <summary>The Win32 disposition as the drive's NT disposition. CREATE_ALWAYS stands for both FILE_SUPERSEDE and
    /// FILE_OVERWRITE_IF (the mapper folds them), which differ only in what they do to the old attributes.</summary>
    public VfsCreateDisposition Disposition => Mode switch
    {
        FileMode.CreateNew => VfsCreateDisposition.Create,
        FileMode.Create => VfsCreateDisposition.OverwriteIf,
        FileMode.OpenOrCreate => VfsCreateDisposition.OpenIf,
        FileMode.Truncate => VfsCreateDisposition.Overwrite,
        _ => VfsCreateDisposition.Open,
    };
}
