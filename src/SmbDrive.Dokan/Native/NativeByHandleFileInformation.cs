using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>BY_HANDLE_FILE_INFORMATION (fileapi.h; dokan-api.md §4.3). Size 52, all fields 4-byte aligned.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeByHandleFileInformation
{
    public uint FileAttributes;          // @0
    public NativeFileTime CreationTime;  // @4
    public NativeFileTime LastAccessTime; // @12
    public NativeFileTime LastWriteTime; // @20
    public uint VolumeSerialNumber;      // @28
    public uint FileSizeHigh;            // @32
    public uint FileSizeLow;             // @36
    public uint NumberOfLinks;           // @40
    public uint FileIndexHigh;           // @44
    public uint FileIndexLow;            // @48
}
