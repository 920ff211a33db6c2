using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct fuse_context</c> (fuse.h), as returned by fuse_get_context() on a libfuse worker thread.</summary>
/// <remarks>
/// offset size field
///      0    8 fuse (struct fuse*)
///      8    4 uid
///     12    4 gid
///     16    4 pid
///     24    8 private_data (our GCHandle)
///     32    4 umask
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseContext
{
    public nint Fuse;
    public uint Uid;
    public uint Gid;
    public int Pid;
    public nint PrivateData;
    public uint Umask;
}
