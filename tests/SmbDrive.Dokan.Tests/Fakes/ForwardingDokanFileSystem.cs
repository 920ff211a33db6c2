using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Fakes;

/// <summary>Passes every call to an inner file system; tests override the one call they want to misbehave.</summary>
public class ForwardingDokanFileSystem : IDokanFileSystem
{
    public ForwardingDokanFileSystem(IDokanFileSystem inner) => Inner = inner;

    protected IDokanFileSystem Inner { get; }

    public virtual VfsStatus CreateFile(string fileName, DokanFileAccess access, FileShare share, FileMode mode, FileOptions options,
        FileAttributes attributes, NtCreateOptions createOptions, DokanFileInfo info) =>
        Inner.CreateFile(fileName, access, share, mode, options, attributes, createOptions, info);

    public virtual void Cleanup(string fileName, DokanFileInfo info) => Inner.Cleanup(fileName, info);

    public virtual void CloseFile(string fileName, DokanFileInfo info) => Inner.CloseFile(fileName, info);

    public virtual VfsStatus ReadFile(string fileName, Memory<byte> buffer, out int bytesRead, long offset, DokanFileInfo info) =>
        Inner.ReadFile(fileName, buffer, out bytesRead, offset, info);

    public virtual VfsStatus WriteFile(string fileName, ReadOnlyMemory<byte> buffer, out int bytesWritten, long offset, DokanFileInfo info) =>
        Inner.WriteFile(fileName, buffer, out bytesWritten, offset, info);

    public virtual VfsStatus FlushFileBuffers(string fileName, DokanFileInfo info) => Inner.FlushFileBuffers(fileName, info);

    public virtual VfsStatus GetFileInformation(string fileName, out DokanFileInformation fileInfo, DokanFileInfo info) =>
        Inner.GetFileInformation(fileName, out fileInfo, info);

    public virtual VfsStatus FindFiles(string fileName, out IEnumerable<DokanFileInformation> files, DokanFileInfo info) =>
        Inner.FindFiles(fileName, out files, info);

    public virtual VfsStatus FindFilesWithPattern(string fileName, string searchPattern, out IEnumerable<DokanFileInformation> files,
        DokanFileInfo info) => Inner.FindFilesWithPattern(fileName, searchPattern, out files, info);

    public virtual VfsStatus SetFileAttributes(string fileName, FileAttributes attributes, DokanFileInfo info) =>
        Inner.SetFileAttributes(fileName, attributes, info);

    public virtual VfsStatus SetFileTime(string fileName, DateTime? creationTime, DateTime? lastAccessTime, DateTime? lastWriteTime,
        DokanFileInfo info) => Inner.SetFileTime(fileName, creationTime, lastAccessTime, lastWriteTime, info);

    public virtual VfsStatus DeleteFile(string fileName, DokanFileInfo info) => Inner.DeleteFile(fileName, info);

    public virtual VfsStatus DeleteDirectory(string fileName, DokanFileInfo info) => Inner.DeleteDirectory(fileName, info);

    public virtual VfsStatus MoveFile(string oldName, string newName, bool replace, DokanFileInfo info) =>
        Inner.MoveFile(oldName, newName, replace, info);

    public virtual VfsStatus SetEndOfFile(string fileName, long length, DokanFileInfo info) => Inner.SetEndOfFile(fileName, length, info);

    public virtual VfsStatus SetAllocationSize(string fileName, long length, DokanFileInfo info) =>
        Inner.SetAllocationSize(fileName, length, info);

    public virtual VfsStatus LockFile(string fileName, long offset, long length, DokanFileInfo info) =>
        Inner.LockFile(fileName, offset, length, info);

    public virtual VfsStatus UnlockFile(string fileName, long offset, long length, DokanFileInfo info) =>
        Inner.UnlockFile(fileName, offset, length, info);

    public virtual VfsStatus GetDiskFreeSpace(out long freeBytesAvailable, out long totalNumberOfBytes, out long totalNumberOfFreeBytes,
        DokanFileInfo info) => Inner.GetDiskFreeSpace(out freeBytesAvailable, out totalNumberOfBytes, out totalNumberOfFreeBytes, info);

    public virtual VfsStatus GetVolumeInformation(out string volumeLabel, out FileSystemFeatures features, out string fileSystemName,
        out uint maximumComponentLength, ref uint volumeSerialNumber, DokanFileInfo info) =>
        Inner.GetVolumeInformation(out volumeLabel, out features, out fileSystemName, out maximumComponentLength, ref volumeSerialNumber, info);

    public virtual VfsStatus GetFileSecurity(string fileName, SecurityInformation requested, Span<byte> securityDescriptor,
        out int lengthNeeded, DokanFileInfo info) => Inner.GetFileSecurity(fileName, requested, securityDescriptor, out lengthNeeded, info);

    public virtual VfsStatus SetFileSecurity(string fileName, SecurityInformation provided, ReadOnlySpan<byte> securityDescriptor,
        DokanFileInfo info) => Inner.SetFileSecurity(fileName, provided, securityDescriptor, info);

    public virtual VfsStatus Mounted(string mountPoint, DokanFileInfo info) => Inner.Mounted(mountPoint, info);

    public virtual VfsStatus Unmounted(DokanFileInfo info) => Inner.Unmounted(info);

    public virtual VfsStatus FindStreams(string fileName, out IEnumerable<DokanFileInformation> streams, DokanFileInfo info) =>
        Inner.FindStreams(fileName, out streams, info);
}
