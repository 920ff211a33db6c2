using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary>glibc <c>struct stat</c> for x86-64 (sysdeps/unix/sysv/linux/x86/bits/struct_stat.h), 144 bytes.
/// arm64 and other architectures use the generic 128-byte layout with st_mode before st_nlink; this front-end
/// refuses to mount there (see <see cref="FuseHost"/>) rather than write a wrong layout into libfuse's buffer.</summary>
/// <remarks>
/// offset size field
///      0    8 st_dev
///      8    8 st_ino
///     16    8 st_nlink
///     24    4 st_mode
///     28    4 st_uid
///     32    4 st_gid
///     36    4 __pad0
///     40    8 st_rdev
///     48    8 st_size
///     56    8 st_blksize
///     64    8 st_blocks
///     72   16 st_atim (tv_sec, tv_nsec)
///     88   16 st_mtim
///    104   16 st_ctim
///    120   24 __glibc_reserved[3]
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct Stat
{
    public ulong Dev;
    public ulong Ino;
    public ulong Nlink;
    public uint Mode;
    public uint Uid;
    public uint Gid;
    private int _pad0;
    public ulong Rdev;
    public long Size;
    public long Blksize;
    public long Blocks;
    public Timespec Atim;
    public Timespec Mtim;
    public Timespec Ctim;
    private long _reserved0;
    private long _reserved1;
    private long _reserved2;
}
