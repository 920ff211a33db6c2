using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct fuse_operations</c> for FUSE_USE_VERSION 31 (fuse.h of libfuse 3.14): 42 function pointers,
/// 336 bytes, in declaration order. Operations we do not implement stay null (libfuse answers ENOSYS, which the
/// kernel remembers). libfuse copies the table in fuse_new and accepts a shorter table from older callers, so
/// passing sizeof(FuseOperations) stays correct when later releases append members (3.18 adds statx).</summary>
/// <remarks>Types on x86-64: mode_t and uid_t/gid_t are 32-bit, dev_t is 64-bit, off_t is 64-bit, size_t is nuint.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseOperations
{
    public delegate* unmanaged[Cdecl]<byte*, Stat*, FuseFileInfo*, int> Getattr;
    public nint Readlink;
    public delegate* unmanaged[Cdecl]<byte*, uint, ulong, int> Mknod;
    public delegate* unmanaged[Cdecl]<byte*, uint, int> Mkdir;
    public delegate* unmanaged[Cdecl]<byte*, int> Unlink;
    public delegate* unmanaged[Cdecl]<byte*, int> Rmdir;
    public delegate* unmanaged[Cdecl]<byte*, byte*, int> Symlink;
    public delegate* unmanaged[Cdecl]<byte*, byte*, uint, int> Rename;
    public delegate* unmanaged[Cdecl]<byte*, byte*, int> Link;
    public delegate* unmanaged[Cdecl]<byte*, uint, FuseFileInfo*, int> Chmod;
    public delegate* unmanaged[Cdecl]<byte*, uint, uint, FuseFileInfo*, int> Chown;
    public delegate* unmanaged[Cdecl]<byte*, long, FuseFileInfo*, int> Truncate;
    public delegate* unmanaged[Cdecl]<byte*, FuseFileInfo*, int> Open;
    public delegate* unmanaged[Cdecl]<byte*, byte*, nuint, long, FuseFileInfo*, int> Read;
    public delegate* unmanaged[Cdecl]<byte*, byte*, nuint, long, FuseFileInfo*, int> Write;
    public delegate* unmanaged[Cdecl]<byte*, StatVfs*, int> Statfs;
    public delegate* unmanaged[Cdecl]<byte*, FuseFileInfo*, int> Flush;
    public delegate* unmanaged[Cdecl]<byte*, FuseFileInfo*, int> Release;
    public delegate* unmanaged[Cdecl]<byte*, int, FuseFileInfo*, int> Fsync;
    public delegate* unmanaged[Cdecl]<byte*, byte*, byte*, nuint, int, int> Setxattr;
    public nint Getxattr;
    public nint Listxattr;
    public delegate* unmanaged[Cdecl]<byte*, byte*, int> Removexattr;
    public delegate* unmanaged[Cdecl]<byte*, FuseFileInfo*, int> Opendir;
    /// <summary>The third parameter is the filler, <c>int (*fuse_fill_dir_t)(void *buf, const char *name,
    /// const struct stat *stbuf, off_t off, enum fuse_fill_dir_flags flags)</c>, which returns 1 when the reply is full.</summary>
    public delegate* unmanaged[Cdecl]<byte*, void*, delegate* unmanaged[Cdecl]<void*, byte*, Stat*, long, int, int>, long, FuseFileInfo*, int, int> Readdir;
    public delegate* unmanaged[Cdecl]<byte*, FuseFileInfo*, int> Releasedir;
    public delegate* unmanaged[Cdecl]<byte*, int, FuseFileInfo*, int> Fsyncdir;
    public delegate* unmanaged[Cdecl]<FuseConnInfo*, FuseConfig*, void*> Init;
    public delegate* unmanaged[Cdecl]<void*, void> Destroy;
    public delegate* unmanaged[Cdecl]<byte*, int, int> Access;
    public delegate* unmanaged[Cdecl]<byte*, uint, FuseFileInfo*, int> Create;
    public delegate* unmanaged[Cdecl]<byte*, FuseFileInfo*, int, PosixFlock*, int> Lock;
    public delegate* unmanaged[Cdecl]<byte*, Timespec*, FuseFileInfo*, int> Utimens;
    public nint Bmap;
    public nint Ioctl;
    public nint Poll;
    public nint WriteBuf;
    public nint ReadBuf;
    public delegate* unmanaged[Cdecl]<byte*, FuseFileInfo*, int, int> Flock;
    public delegate* unmanaged[Cdecl]<byte*, int, long, long, FuseFileInfo*, int> Fallocate;
    public nint CopyFileRange;
    public nint Lseek;
}
