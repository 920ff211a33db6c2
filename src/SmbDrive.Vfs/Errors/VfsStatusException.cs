namespace SmbDrive.Vfs.Errors;

/// <summary>Carries a drive status through the internal async layers; the public methods turn it back
/// into a <see cref="VfsResult{T}"/>. Never crosses the <see cref="IDriveFileSystem"/> boundary.</summary>
internal sealed class VfsStatusException : Exception
{
    public VfsStatusException(VfsStatus status, string message, Exception? inner = null) : base(message, inner)
    {
        Status = status;
    }

    public VfsStatus Status { get; }
}
