using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>WIN32_FIND_STREAM_DATA (fileapi.h; dokan-api.md §4.4). Size 600: the name holds MAX_PATH + 36
/// characters (DokanNet declares only 260).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeWin32FindStreamData
{
    public const int StreamNameLength = 260 + 36;

    public long StreamSize;                          // @0
    public fixed char StreamName[StreamNameLength];  // @8
}
