using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct fuse_file_info</c> (fuse_common.h, libfuse 3.x). libfuse allocates it and hands it to the
/// callbacks; we read <see cref="Flags"/> and read/write <see cref="Fh"/>. The offsets of those two fields have
/// not changed since 3.0 (3.15+ only appended fields), which is why the struct stops at poll_events.</summary>
/// <remarks>
/// offset size field
///      0    4 flags (open(2) flags)
///      4    4 bit-fields: writepage, direct_io, keep_cache, flush, nonseekable, flock_release, cache_readdir, noflush, ...
///      8    4 padding2
///     16    8 fh
///     24    8 lock_owner
///     32    4 poll_events
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseFileInfo
{
    public int Flags;
    public uint BitFields;
    public uint Padding2;
    private uint _alignment;
    public ulong Fh;
    public ulong LockOwner;
    public uint PollEvents;
    private uint _tail;
}
