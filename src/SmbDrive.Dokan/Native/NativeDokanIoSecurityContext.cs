using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>DOKAN_IO_SECURITY_CONTEXT (dokany sys/public.h; dokan-api.md §4.2). x64 size 72. A read-only
/// file system needs nothing from it but DesiredAccess, which ZwCreateFile also receives as an argument.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeDokanIoSecurityContext
{
    // DOKAN_ACCESS_STATE, 64 bytes on x64.
    public byte SecurityEvaluated;        // @0
    public byte GenerateAudit;            // @1
    public byte GenerateOnClose;          // @2
    public byte AuditPrivileges;          // @3
    public uint Flags;                    // @4
    public uint RemainingDesiredAccess;   // @8
    public uint PreviouslyGrantedAccess;  // @12
    public uint OriginalDesiredAccess;    // @16
    public void* SecurityDescriptor;      // @24
    public NativeUnicodeString ObjectName; // @32
    public NativeUnicodeString ObjectType; // @48

    public uint DesiredAccess;            // @64
}
