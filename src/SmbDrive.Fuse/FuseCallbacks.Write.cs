using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

/// <summary>Native entry points of the write-like operations; each forwards to <see cref="FuseFileSystem"/>
/// (which answers EROFS on a read-only drive) and never lets an exception reach libfuse.</summary>
internal static unsafe partial class FuseCallbacks
{
    private static int Forward(string operation, Func<FuseFileSystem, int> call)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            return fs == null ? -StatusMap.EIO : call(fs);
        }
        catch (Exception ex)
        {
            return fs?.Failed(operation, null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(byte* path, byte* buffer, nuint size, long offset, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("write", fs => fs.Write(decoded, buffer, size, offset, fileInfo));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Create(byte* path, uint mode, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("create", fs => decoded == null ? -StatusMap.EINVAL : fs.Create(decoded, mode, fileInfo));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Mknod(byte* path, uint mode, ulong device)
    {
        var decoded = PathOrNull(path);
        return Forward("mknod", fs => decoded == null ? -StatusMap.EINVAL : fs.Mknod(decoded, mode));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Mkdir(byte* path, uint mode)
    {
        var decoded = PathOrNull(path);
        return Forward("mkdir", fs => decoded == null ? -StatusMap.EINVAL : fs.Mkdir(decoded));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unlink(byte* path)
    {
        var decoded = PathOrNull(path);
        return Forward("unlink", fs => decoded == null ? -StatusMap.ENOENT : fs.Unlink(decoded));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Rmdir(byte* path)
    {
        var decoded = PathOrNull(path);
        return Forward("rmdir", fs => decoded == null ? -StatusMap.ENOENT : fs.Rmdir(decoded));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Rename(byte* from, byte* to, uint flags)
    {
        var source = PathOrNull(from);
        var target = PathOrNull(to);
        return Forward("rename", fs => source == null || target == null ? -StatusMap.EINVAL : fs.Rename(source, target, flags));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Truncate(byte* path, long size, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("truncate", fs => fs.Truncate(decoded, size, fileInfo));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Chmod(byte* path, uint mode, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("chmod", fs => decoded == null ? -StatusMap.ENOENT : fs.Chmod(decoded, mode, fileInfo));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Chown(byte* path, uint uid, uint gid, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("chown", fs => decoded == null ? -StatusMap.ENOENT : fs.Chown(decoded, uid, gid));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Utimens(byte* path, Timespec* times, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("utimens", fs => decoded == null ? -StatusMap.ENOENT : fs.Utimens(decoded, times, fileInfo));
    }

    /// <summary>symlink(target, linkpath): the new name is the second argument.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Symlink(byte* target, byte* linkPath)
    {
        var decoded = PathOrNull(linkPath);
        return Forward("symlink", fs => fs.Unsupported("symlink", decoded, StatusMap.EPERM));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Link(byte* existing, byte* newPath)
    {
        var decoded = PathOrNull(newPath);
        return Forward("link", fs => fs.Unsupported("link", decoded, StatusMap.EPERM));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Setxattr(byte* path, byte* name, byte* value, nuint size, int flags)
    {
        var decoded = PathOrNull(path);
        return Forward("setxattr", fs => fs.Unsupported("setxattr", decoded, StatusMap.ENOTSUP));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Removexattr(byte* path, byte* name)
    {
        var decoded = PathOrNull(path);
        return Forward("removexattr", fs => fs.Unsupported("removexattr", decoded, StatusMap.ENOTSUP));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Fallocate(byte* path, int mode, long offset, long length, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("fallocate", fs => fs.Fallocate(decoded, mode, offset, length, fileInfo));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Flock(byte* path, FuseFileInfo* fileInfo, int operation)
    {
        var decoded = PathOrNull(path);
        return Forward("flock", fs => fs.Flock(decoded, fileInfo, operation));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Lock(byte* path, FuseFileInfo* fileInfo, int command, PosixFlock* flock)
    {
        var decoded = PathOrNull(path);
        return Forward("lock", fs => fs.Lock(decoded, fileInfo, command, flock));
    }

    /// <summary>flush runs on every close(2). Writes reach the server before write() returns, so there is nothing
    /// left to send; the data is on the server when close(2) returns. libfuse then calls lock with F_UNLCK over
    /// everything for the closing process: a close releases all of its POSIX locks on the file.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Flush(byte* path, FuseFileInfo* fileInfo) => 0;

    /// <summary>fsync asks the server to commit the file to its disk (SMB2 FLUSH).</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Fsync(byte* path, int dataSync, FuseFileInfo* fileInfo)
    {
        var decoded = PathOrNull(path);
        return Forward("fsync", fs => fs.Fsync(decoded, fileInfo));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Fsyncdir(byte* path, int dataSync, FuseFileInfo* fileInfo) => 0;
}
