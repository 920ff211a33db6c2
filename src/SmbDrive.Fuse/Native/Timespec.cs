using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Native;

/// <summary><c>struct timespec</c> on 64-bit Linux (time/bits/types/struct_timespec.h): two 64-bit fields, 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Sec;
    public long Nsec;
}
