using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>DOKAN_OPERATIONS (dokan.h v2.x; dokan-api.md §3): 25 __stdcall function pointers, x64 size 200,
/// order unchanged since 1.x. A NULL entry makes the library use its default or STATUS_NOT_IMPLEMENTED.
/// NTSTATUS is a 32-bit LONG, so every status is an int.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeDokanOperations
{
    public delegate* unmanaged[Stdcall]<char*, NativeDokanIoSecurityContext*, uint, uint, uint, uint, uint, NativeDokanFileInfo*, int> ZwCreateFile; // @0
    public delegate* unmanaged[Stdcall]<char*, NativeDokanFileInfo*, void> Cleanup;                  // @8
    public delegate* unmanaged[Stdcall]<char*, NativeDokanFileInfo*, void> CloseFile;                // @16
    public delegate* unmanaged[Stdcall]<char*, void*, uint, uint*, long, NativeDokanFileInfo*, int> ReadFile;   // @24
    public delegate* unmanaged[Stdcall]<char*, void*, uint, uint*, long, NativeDokanFileInfo*, int> WriteFile;  // @32
    public delegate* unmanaged[Stdcall]<char*, NativeDokanFileInfo*, int> FlushFileBuffers;          // @40
    public delegate* unmanaged[Stdcall]<char*, NativeByHandleFileInformation*, NativeDokanFileInfo*, int> GetFileInformation; // @48
    public delegate* unmanaged[Stdcall]<char*, delegate* unmanaged[Stdcall]<NativeWin32FindData*, NativeDokanFileInfo*, int>, NativeDokanFileInfo*, int> FindFiles; // @56
    public delegate* unmanaged[Stdcall]<char*, char*, delegate* unmanaged[Stdcall]<NativeWin32FindData*, NativeDokanFileInfo*, int>, NativeDokanFileInfo*, int> FindFilesWithPattern; // @64
    public delegate* unmanaged[Stdcall]<char*, uint, NativeDokanFileInfo*, int> SetFileAttributes;   // @72
    public delegate* unmanaged[Stdcall]<char*, NativeFileTime*, NativeFileTime*, NativeFileTime*, NativeDokanFileInfo*, int> SetFileTime; // @80
    public delegate* unmanaged[Stdcall]<char*, NativeDokanFileInfo*, int> DeleteFile;                // @88
    public delegate* unmanaged[Stdcall]<char*, NativeDokanFileInfo*, int> DeleteDirectory;           // @96
    public delegate* unmanaged[Stdcall]<char*, char*, int, NativeDokanFileInfo*, int> MoveFile;      // @104
    public delegate* unmanaged[Stdcall]<char*, long, NativeDokanFileInfo*, int> SetEndOfFile;        // @112
    public delegate* unmanaged[Stdcall]<char*, long, NativeDokanFileInfo*, int> SetAllocationSize;   // @120
    public delegate* unmanaged[Stdcall]<char*, long, long, NativeDokanFileInfo*, int> LockFile;      // @128
    public delegate* unmanaged[Stdcall]<char*, long, long, NativeDokanFileInfo*, int> UnlockFile;    // @136
    public delegate* unmanaged[Stdcall]<ulong*, ulong*, ulong*, NativeDokanFileInfo*, int> GetDiskFreeSpace; // @144
    public delegate* unmanaged[Stdcall]<char*, uint, uint*, uint*, uint*, char*, uint, NativeDokanFileInfo*, int> GetVolumeInformation; // @152
    public delegate* unmanaged[Stdcall]<char*, NativeDokanFileInfo*, int> Mounted;                   // @160
    public delegate* unmanaged[Stdcall]<NativeDokanFileInfo*, int> Unmounted;                        // @168
    public delegate* unmanaged[Stdcall]<char*, uint*, void*, uint, uint*, NativeDokanFileInfo*, int> GetFileSecurity; // @176
    public delegate* unmanaged[Stdcall]<char*, uint*, void*, uint, NativeDokanFileInfo*, int> SetFileSecurity;        // @184
    public delegate* unmanaged[Stdcall]<char*, delegate* unmanaged[Stdcall]<NativeWin32FindStreamData*, void*, int>, void*, NativeDokanFileInfo*, int> FindStreams; // @192
}
