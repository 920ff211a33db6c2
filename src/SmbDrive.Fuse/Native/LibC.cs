using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary>The few glibc calls the front-end needs (unistd.h, sys/statvfs.h, stdlib.h). "libc.so.6" because plain
/// "libc.so" is a linker script on Debian and cannot be dlopen'ed.</summary>
internal static unsafe partial class LibC
{
    private const string LibraryName = "libc.so.6";

    /// <summary>errno values used outside <see cref="SmbDrive.Vfs.StatusMap"/>: a dead FUSE connection.</summary>
    public const int ENOTCONN = 107;

    /// <summary>open(2) flags (asm-generic/fcntl.h; the same on x86-64 and arm64).</summary>
    public const int O_ACCMODE = 3, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0x40, O_TRUNC = 0x200, O_APPEND = 0x400;

    /// <summary>access(2) mode bits.</summary>
    public const int W_OK = 2, X_OK = 1;

    /// <summary>File type bits of st_mode (sys/stat.h).</summary>
    public const uint S_IFDIR = 0x4000, S_IFREG = 0x8000;

    /// <summary>ST_RDONLY bit of statvfs.f_flag.</summary>
    public const ulong ST_RDONLY = 1;

    [LibraryImport(LibraryName, EntryPoint = "getuid")]
    public static partial uint GetUid();

    [LibraryImport(LibraryName, EntryPoint = "getgid")]
    public static partial uint GetGid();

    [LibraryImport(LibraryName, EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int StatVfs(string path, StatVfs* buffer);

    [LibraryImport(LibraryName, EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial nint RealPath(string path, nint resolved);

    [LibraryImport(LibraryName, EntryPoint = "free")]
    public static partial void Free(nint pointer);
}
