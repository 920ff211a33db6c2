using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>DOKAN_FILE_INFO (dokan.h v2.0.0.2000+; dokan-api.md §4.1). x64 size 48 with natural alignment
/// (DokanNet's Pack=4 gives 44, which is wrong). DokanContext and ProcessingContext belong to the library and
/// must never be written.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeDokanFileInfo
{
    public ulong Context;             // @0, ours: a GCHandle of the per-open object
    public ulong DokanContext;        // @8, the library's DOKAN_IO_EVENT*
    public NativeDokanOptions* DokanOptions; // @16
    public void* ProcessingContext;   // @24, where PFillFindData stores entries
    public uint ProcessId;            // @32
    public byte IsDirectory;          // @36
    public byte DeletePending;        // @37 (DeleteOnClose before 2.3.0)
    public byte PagingIo;             // @38
    public byte SynchronousIo;        // @39
    public byte Nocache;              // @40
    public byte WriteToEndOfFile;     // @41
}
