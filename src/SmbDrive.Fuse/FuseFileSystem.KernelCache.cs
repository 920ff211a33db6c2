using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

// The kernel caches attributes and pages for the lifetimes given at init. When the drive learns that some of them
// may be outdated (a file changed on the server at open, a lock taken), the kernel is told to forget that inode's
// attributes and cached pages (fuse_invalidate_path: a no-op for names libfuse does not know). The struct fuse
// pointer comes from init and is cleared at stop, before libfuse destroys it.
internal sealed unsafe partial class FuseFileSystem
{
    private readonly object _kernelSync = new();
    private nint _fuse;

    private void OnPathsOutdated(IReadOnlyList<string> drivePaths)
    {
        foreach (var drivePath in drivePaths)
            InvalidateKernelCache("/" + drivePath.Replace('\\', '/'));
    }

    private void InvalidateKernelCache(string path)
    {
        int result;
        lock (_kernelSync)
        {
            if (_fuse == 0)
                return;
            result = LibFuse.FuseInvalidatePath(_fuse, path);
        }
        // ENOENT: libfuse has no inode for the name, so the kernel has nothing cached under it.
        if (result != 0 && result != -StatusMap.ENOENT)
            _logger.Debug("Invalidating the kernel's cache of {Path} failed: {Result}", path, result);
    }
}
