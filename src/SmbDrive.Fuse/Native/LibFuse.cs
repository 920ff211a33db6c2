using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary>The libfuse 3 high-level (path-based) API (fuse.h, fuse_common.h, fuse_opt.h), for FUSE_USE_VERSION 31.
/// libfuse ≥ 3.2 is required.</summary>
/// <remarks>
/// Two entry points are versioned in libfuse.so.3 (<c>nm -D libfuse3.so.3</c>), so we bind them by their explicit
/// names instead of the bare name, which the dynamic linker resolves to whatever the newest default version is:
/// <list type="bullet">
/// <item><c>fuse_new_31</c> (<c>fuse_new_31@@FUSE_3.1</c>): the 3.1+ fuse_new(args, ops, ops_size, user_data). Bare
/// <c>fuse_new</c> is <c>fuse_new@@FUSE_3.1</c> on 3.14, but from 3.17 on fuse.h turns fuse_new into an inline
/// wrapper around <c>_fuse_new_31</c> with an extra version argument and only keeps fuse_new_31 for ABI
/// compatibility; <c>fuse_new@FUSE_3.0</c> (= fuse_new_30) parses --help differently.</item>
/// <item><c>fuse_loop_mt_31</c> (<c>fuse_loop_mt_31@@FUSE_3.2</c>): fuse_loop_mt(f, int clone_fd). The bare name is
/// <c>fuse_loop_mt@@FUSE_3.12</c> (fuse_loop_mt_312), which takes an opaque fuse_loop_config from
/// fuse_loop_cfg_create; the 3.2 variant takes a two-field struct fuse_loop_config_v1. The int form needs no
/// configuration struct, uses libfuse's defaults (10 idle/max worker threads) and exists from 3.2 to today.</item>
/// </list>
/// </remarks>
internal static unsafe partial class LibFuse
{
    public const string LibraryName = "libfuse3.so.3";

    /// <summary>FUSE_USE_VERSION this binding's struct layouts and signatures follow.</summary>
    public const int ApiVersion = 31;

    /// <summary>fuse_fill_dir_flags.FUSE_FILL_DIR_PLUS: the stat passed to the filler is complete (readdirplus).</summary>
    public const int FillDirPlus = 1 << 1;

    /// <summary>fuse_readdir_flags.FUSE_READDIR_PLUS: the kernel asked for readdirplus.</summary>
    public const int ReaddirPlus = 1 << 0;

    [LibraryImport(LibraryName, EntryPoint = "fuse_new_31")]
    public static partial nint FuseNew(FuseArgs* args, FuseOperations* operations, nuint operationsSize, nint userData);

    [LibraryImport(LibraryName, EntryPoint = "fuse_mount", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FuseMount(nint fuse, string mountPoint);

    [LibraryImport(LibraryName, EntryPoint = "fuse_loop_mt_31")]
    public static partial int FuseLoopMt(nint fuse, int cloneFd);

    [LibraryImport(LibraryName, EntryPoint = "fuse_exit")]
    public static partial void FuseExit(nint fuse);

    [LibraryImport(LibraryName, EntryPoint = "fuse_unmount")]
    public static partial void FuseUnmount(nint fuse);

    [LibraryImport(LibraryName, EntryPoint = "fuse_destroy")]
    public static partial void FuseDestroy(nint fuse);

    [LibraryImport(LibraryName, EntryPoint = "fuse_get_context")]
    public static partial FuseContext* FuseGetContext();

    /// <summary>Whether the request the calling worker thread serves has been interrupted (the caller got a signal).
    /// Valid only on a worker thread, during a request.</summary>
    [LibraryImport(LibraryName, EntryPoint = "fuse_interrupted")]
    public static partial int FuseInterrupted();

    [LibraryImport(LibraryName, EntryPoint = "fuse_opt_free_args")]
    public static partial void FuseOptFreeArgs(FuseArgs* args);

    /// <summary>Drops the kernel's cached attributes and data of a path libfuse knows (fuse.h, libfuse ≥ 3.0).</summary>
    [LibraryImport(LibraryName, EntryPoint = "fuse_invalidate_path", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FuseInvalidatePath(nint fuse, string path);

    [LibraryImport(LibraryName, EntryPoint = "fuse_version")]
    public static partial int FuseVersion();
}
