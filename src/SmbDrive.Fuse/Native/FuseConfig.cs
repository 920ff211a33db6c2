using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct fuse_config</c> (fuse.h, libfuse 3.x). libfuse owns it and passes it to init; later
/// releases append fields, the ones declared here keep their offsets.</summary>
/// <remarks>
/// offset size field                 offset size field
///      0    4 set_gid                   64    4 use_ino
///      4    4 gid                       68    4 readdir_ino
///      8    4 set_uid                   72    4 direct_io
///     12    4 uid                       76    4 kernel_cache
///     16    4 set_mode                  80    4 auto_cache
///     20    4 umask                     84    4 no_rofd_flush
///     24    8 entry_timeout (double)    88    4 ac_attr_timeout_set
///     32    8 negative_timeout          96    8 ac_attr_timeout
///     40    8 attr_timeout             104    4 nullpath_ok
///     48    4 intr                     108    4 show_help
///     52    4 intr_signal              112    8 modules (char*)
///     56    4 remember                 120    4 debug
///     60    4 hard_remove
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct FuseConfig
{
    public int SetGid;
    public uint Gid;
    public int SetUid;
    public uint Uid;
    public int SetMode;
    public uint Umask;
    public double EntryTimeout;
    public double NegativeTimeout;
    public double AttrTimeout;
    public int Intr;
    public int IntrSignal;
    public int Remember;
    public int HardRemove;
    public int UseIno;
    public int ReaddirIno;
    public int DirectIo;
    public int KernelCache;
    public int AutoCache;
    public int NoRofdFlush;
    public int AcAttrTimeoutSet;
    public double AcAttrTimeout;
    public int NullpathOk;
    public int ShowHelp;
    public nint Modules;
    public int Debug;
}
