using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>UNICODE_STRING (ntdef.h): lengths in bytes, not characters. x64 size 16.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeUnicodeString
{
    public ushort Length;
    public ushort MaximumLength;
    public char* Buffer;
}
