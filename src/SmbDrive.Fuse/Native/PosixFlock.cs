using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct flock</c> (fcntl.h) on x86-64 and arm64 Linux, as libfuse hands it to the lock operation:
/// l_whence is always SEEK_SET and l_len 0 means "to the end of all offsets".</summary>
/// <remarks>offset size field: 0 2 l_type, 2 2 l_whence, 8 8 l_start, 16 8 l_len, 24 4 l_pid; 32 bytes.</remarks>
[StructLayout(LayoutKind.Sequential)]
internal struct PosixFlock
{
    public const short ReadLock = 0, WriteLock = 1, Unlock = 2;
    /// <summary>fcntl commands as libfuse passes them (the 64-bit values on 64-bit Linux).</summary>
    public const int GetLock = 5, SetLock = 6, SetLockWait = 7;

    public short Type;
    public short Whence;
    private int _alignment;
    public long Start;
    public long Length;
    public int Pid;
    private int _tail;
}
