using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

/// <summary>The native entry points libfuse calls. Each recovers the <see cref="FuseFileSystem"/> from
/// fuse_get_context()->private_data (a GCHandle set in fuse_new and handed back by init), decodes the path and
/// forwards. Nothing here may throw into libfuse: a catch-all returns EIO.</summary>
internal static unsafe partial class FuseCallbacks
{
    /// <summary>The operations table for fuse_new. Unset members stay null: libfuse answers ENOSYS for them
    /// (readlink: no symlinks; xattrs: the kernel then stops asking).</summary>
    public static FuseOperations CreateOperations() => new()
    {
        Getattr = &Getattr,
        Mknod = &Mknod,
        Mkdir = &Mkdir,
        Unlink = &Unlink,
        Rmdir = &Rmdir,
        Symlink = &Symlink,
        Rename = &Rename,
        Link = &Link,
        Chmod = &Chmod,
        Chown = &Chown,
        Truncate = &Truncate,
        Open = &Open,
        Read = &Read,
        Write = &Write,
        Statfs = &Statfs,
        Flush = &Flush,
        Release = &Release,
        Fsync = &Fsync,
        Setxattr = &Setxattr,
        Removexattr = &Removexattr,
        Opendir = &Opendir,
        Readdir = &Readdir,
        Releasedir = &Releasedir,
        Fsyncdir = &Fsyncdir,
        Init = &Init,
        Destroy = &Destroy,
        Access = &Access,
        Create = &Create,
        Utimens = &Utimens,
        Fallocate = &Fallocate,
        Flock = &Flock,
        Lock = &Lock,
    };

    /// <summary>The file system of the calling libfuse worker, or null outside a FUSE request.</summary>
    private static FuseFileSystem? Current()
    {
        var context = LibFuse.FuseGetContext();
        if (context == null || context->PrivateData == 0)
            return null;
        return GCHandle.FromIntPtr(context->PrivateData).Target as FuseFileSystem;
    }

    private static string? PathOrNull(byte* path) => PathCodec.TryDecode(path, out var value) ? value : null;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void* Init(FuseConnInfo* connection, FuseConfig* config)
    {
        FuseContext* context;
        try
        {
            context = LibFuse.FuseGetContext();
        }
        catch
        {
            return null;
        }
        if (context == null)
            return null;
        try
        {
            Current()?.Init(connection, config);
        }
        catch
        {
            // FuseFileSystem.Init logs its own failures; the mount still works with libfuse's defaults.
        }
        // init's return value becomes private_data for every later request: hand our GCHandle back.
        return (void*)context->PrivateData;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Destroy(void* privateData)
    {
        // The host owns the GCHandle and frees it after fuse_destroy returns.
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Getattr(byte* path, Stat* stat, FuseFileInfo* fileInfo)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            // fstat of a file whose name is gone (its folder was removed) comes with the handle and no path.
            var decoded = PathOrNull(path);
            return decoded == null && fileInfo == null ? -StatusMap.ENOENT : fs.GetAttr(decoded, stat, fileInfo);
        }
        catch (Exception ex)
        {
            return fs?.Failed("getattr", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Access(byte* path, int mask)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            var decoded = PathOrNull(path);
            return decoded == null ? -StatusMap.ENOENT : fs.Access(decoded, mask);
        }
        catch (Exception ex)
        {
            return fs?.Failed("access", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Statfs(byte* path, StatVfs* statVfs)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            return fs.StatFs(PathOrNull(path) ?? "/", statVfs);
        }
        catch (Exception ex)
        {
            return fs?.Failed("statfs", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Open(byte* path, FuseFileInfo* fileInfo)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            var decoded = PathOrNull(path);
            return decoded == null ? -StatusMap.ENOENT : fs.Open(decoded, fileInfo);
        }
        catch (Exception ex)
        {
            return fs?.Failed("open", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Read(byte* path, byte* buffer, nuint size, long offset, FuseFileInfo* fileInfo)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            return fs.Read(PathOrNull(path) ?? "", buffer, size, offset, fileInfo);
        }
        catch (Exception ex)
        {
            return fs?.Failed("read", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Release(byte* path, FuseFileInfo* fileInfo)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            return fs.Release(PathOrNull(path), fileInfo);
        }
        catch (Exception ex)
        {
            return fs?.Failed("release", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Opendir(byte* path, FuseFileInfo* fileInfo)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            var decoded = PathOrNull(path);
            return decoded == null ? -StatusMap.ENOENT : fs.OpenDir(decoded, fileInfo);
        }
        catch (Exception ex)
        {
            return fs?.Failed("opendir", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Readdir(byte* path, void* buffer, delegate* unmanaged[Cdecl]<void*, byte*, Stat*, long, int, int> filler,
        long offset, FuseFileInfo* fileInfo, int flags)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            var decoded = PathOrNull(path);
            return decoded == null ? -StatusMap.ENOENT : fs.ReadDir(decoded, buffer, filler, offset, fileInfo, flags);
        }
        catch (Exception ex)
        {
            return fs?.Failed("readdir", null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Releasedir(byte* path, FuseFileInfo* fileInfo)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            if (fs == null)
                return -StatusMap.EIO;
            return fs.ReleaseDir(PathOrNull(path), fileInfo);
        }
        catch (Exception ex)
        {
            return fs?.Failed("releasedir", null, ex) ?? -StatusMap.EIO;
        }
    }
}
