using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>kernel32 exports for the startup checks (fileapi.h).</summary>
internal static partial class Kernel32Native
{
    /// <summary>Bit n set = drive letter 'A' + n is in use (GetLogicalDrives).</summary>
    [LibraryImport("kernel32.dll")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial uint GetLogicalDrives();
}
