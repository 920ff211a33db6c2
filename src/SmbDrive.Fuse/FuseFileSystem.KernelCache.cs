using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

// The kernel caches attributes and pages for the lifetimes given at init. When the drive learns that some of them
// may be outdated (a file changed on the server at open, a lock taken), the kernel is told to forget that inode's
// attributes and cached pages (fuse_invalidate_path: a no-op for names libfuse does not know). The struct fuse
// pointer comes from init and is cleared at stop. No lock is held across the native call: a stop must never wait
// for an invalidation (the kernel may hold one until requests in flight are answered, and a stop that waited could
// hang the unmount). Today every invalidation is raised on a libfuse worker, and libfuse joins its workers before
// fuse_destroy, so none can reach a destroyed struct fuse.
internal sealed unsafe partial class FuseFileSystem
{
    private nint _fuse;

    private void OnPathsOutdated(IReadOnlyList<string> drivePaths)
    {
        foreach (var drivePath in drivePaths)
            InvalidateKernelCache("/" + drivePath.Replace('\\', '/'));
    }

    private void InvalidateKernelCache(string path)
    {
        nint fuse = Volatile.Read(ref _fuse);
        if (fuse == 0)
            return;
        int result = LibFuse.FuseInvalidatePath(fuse, path);
        // ENOENT: libfuse has no inode for the name, so the kernel has nothing cached under it.
        if (result != 0 && result != -StatusMap.ENOENT)
            _logger.Debug("Invalidating the kernel's cache of {Path} failed: {Result}", path, result);
    }
}
