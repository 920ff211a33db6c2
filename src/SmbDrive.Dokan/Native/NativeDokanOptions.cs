using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>DOKAN_OPTIONS (dokan.h, v2.0.0–2.3.1; dokan-api.md §2.1). x64 size 16432. Natural (sequential)
/// layout gives the documented offsets on x64 and the right ones on x86 too. The library keeps a pointer to
/// this block for the whole mount and writes into it, so it must live in native memory until unmount.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeDokanOptions
{
    public const int VolumeSecurityDescriptorMaxSize = 16 * 1024;

    public ushort Version;                       // @0, must be >= 200
    public byte SingleThread;                    // @2, BOOLEAN
    public uint Options;                         // @4, DOKAN_OPTION_* (DokanOptionFlags)
    public ulong GlobalContext;                  // @8, GCHandle of our DokanInstance
    public char* MountPoint;                     // @16
    public char* UncName;                        // @24
    public uint Timeout;                         // @32, ms
    public uint AllocationUnitSize;              // @36
    public uint SectorSize;                      // @40
    public uint VolumeSecurityDescriptorLength;  // @44
    public fixed byte VolumeSecurityDescriptor[VolumeSecurityDescriptorMaxSize]; // @48
}
