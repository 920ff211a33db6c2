using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct fuse_conn_info</c> (fuse_common.h, libfuse 3.x), 128 bytes: ten 32-bit fields and reserved
/// space that later releases carve new fields out of.</summary>
/// <remarks>
/// offset size field
///      0    4 proto_major
///      4    4 proto_minor
///      8    4 max_write
///     12    4 max_read
///     16    4 max_readahead
///     20    4 capable (FUSE_CAP_*)
///     24    4 want
///     28    4 max_background
///     32    4 congestion_threshold
///     36    4 time_gran
///     40   88 reserved
/// </remarks>
[StructLayout(LayoutKind.Sequential, Size = 128)]
internal struct FuseConnInfo
{
    public uint ProtoMajor;
    public uint ProtoMinor;
    public uint MaxWrite;
    public uint MaxRead;
    public uint MaxReadahead;
    public uint Capable;
    public uint Want;
    public uint MaxBackground;
    public uint CongestionThreshold;
    public uint TimeGran;
}
