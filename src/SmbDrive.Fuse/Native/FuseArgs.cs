using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct fuse_args</c> (fuse_opt.h). When option parsing rewrites the vector libfuse replaces
/// <see cref="Argv"/> with its own allocation and sets <see cref="Allocated"/>; fuse_opt_free_args releases that.</summary>
/// <remarks>
/// offset size field
///      0    4 argc
///      8    8 argv (char**)
///     16    4 allocated
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct FuseArgs
{
    public int Argc;
    public byte** Argv;
    public int Allocated;
}
