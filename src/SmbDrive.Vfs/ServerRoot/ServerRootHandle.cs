namespace SmbDrive.Vfs.ServerRoot;

/// <summary>What a handle of the server-root drive stands for: the root folder itself, or a handle of one
/// share's drive that every call on it is forwarded to.</summary>
internal abstract record ServerRootHandle
{
    public sealed record Root : ServerRootHandle;

    public sealed record InShare(IDriveFileSystem Drive, VfsHandle Inner) : ServerRootHandle;
}
