using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>WIN32_FIND_DATAW (minwinbase.h; dokan-api.md §4.4). Size 592: no Mac-only trailing fields.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeWin32FindData
{
    public const int FileNameLength = 260;       // MAX_PATH, including the terminating NUL
    public const int AlternateFileNameLength = 14;

    public uint FileAttributes;           // @0
    public NativeFileTime CreationTime;   // @4
    public NativeFileTime LastAccessTime; // @12
    public NativeFileTime LastWriteTime;  // @20
    public uint FileSizeHigh;             // @28
    public uint FileSizeLow;              // @32
    public uint Reserved0;                // @36
    public uint Reserved1;                // @40
    public fixed char FileName[FileNameLength];                   // @44
    public fixed char AlternateFileName[AlternateFileNameLength]; // @564
}
