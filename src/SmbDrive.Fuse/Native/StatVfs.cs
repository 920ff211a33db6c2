using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary>glibc <c>struct statvfs</c> for 64-bit Linux (bits/statvfs.h), 112 bytes.</summary>
/// <remarks>
/// offset size field
///      0    8 f_bsize
///      8    8 f_frsize
///     16    8 f_blocks
///     24    8 f_bfree
///     32    8 f_bavail
///     40    8 f_files
///     48    8 f_ffree
///     56    8 f_favail
///     64    8 f_fsid
///     72    8 f_flag
///     80    8 f_namemax
///     88   24 __f_spare[6]
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct StatVfs
{
    public ulong Bsize;
    public ulong Frsize;
    public ulong Blocks;
    public ulong Bfree;
    public ulong Bavail;
    public ulong Files;
    public ulong Ffree;
    public ulong Favail;
    public ulong Fsid;
    public ulong Flag;
    public ulong Namemax;
    private int _spare0;
    private int _spare1;
    private int _spare2;
    private int _spare3;
    private int _spare4;
    private int _spare5;
}
