using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

/// <summary>Write-like operations. They are implemented (rather than left null, which gives ENOSYS) so that a
/// read-only drive answers EROFS, "Read-only file system", the error programs know how to report.</summary>
internal static unsafe partial class FuseCallbacks
{
    private static int Deny(string operation, byte* path)
    {
        FuseFileSystem? fs = null;
        try
        {
            fs = Current();
            return fs?.DenyWrite(operation, PathOrNull(path)) ?? -StatusMap.EROFS;
        }
        catch (Exception ex)
        {
            return fs?.Failed(operation, null, ex) ?? -StatusMap.EIO;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Write(byte* path, byte* buffer, nuint size, long offset, FuseFileInfo* fileInfo) => Deny("write", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Create(byte* path, uint mode, FuseFileInfo* fileInfo) => Deny("create", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Mknod(byte* path, uint mode, ulong device) => Deny("mknod", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Mkdir(byte* path, uint mode) => Deny("mkdir", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Unlink(byte* path) => Deny("unlink", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Rmdir(byte* path) => Deny("rmdir", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Rename(byte* from, byte* to, uint flags) => Deny("rename", from);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Truncate(byte* path, long size, FuseFileInfo* fileInfo) => Deny("truncate", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Chmod(byte* path, uint mode, FuseFileInfo* fileInfo) => Deny("chmod", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Chown(byte* path, uint uid, uint gid, FuseFileInfo* fileInfo) => Deny("chown", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Utimens(byte* path, Timespec* times, FuseFileInfo* fileInfo) => Deny("utimens", path);

    /// <summary>symlink(target, linkpath): the new name is the second argument.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Symlink(byte* target, byte* linkPath) => Deny("symlink", linkPath);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Link(byte* existing, byte* newPath) => Deny("link", newPath);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Setxattr(byte* path, byte* name, byte* value, nuint size, int flags) => Deny("setxattr", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Removexattr(byte* path, byte* name) => Deny("removexattr", path);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Fallocate(byte* path, int mode, long offset, long length, FuseFileInfo* fileInfo) => Deny("fallocate", path);
}
