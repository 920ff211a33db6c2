namespace SmbDrive.Dokan.Native;

/// <summary>DOKAN_OPTION_* in their 2.x values (dokan.h v2.3.1; dokan-api.md §2.2). The 1.x numbering differs
/// from CASE_SENSITIVE on; DokanNet shipped the wrong values until 2.3.0.3 (#384).</summary>
[Flags]
internal enum DokanOptionFlags : uint
{
    None = 0,
    DebugMode = 0x1,
    StderrOutput = 0x2,
    AltStream = 0x4,
    WriteProtect = 0x8,
    NetworkDrive = 0x10,
    RemovableDrive = 0x20,
    MountManager = 0x40,
    CurrentSession = 0x80,
    FileLockUserMode = 0x100,
    CaseSensitive = 0x200,
    EnableUnmountNetworkDrive = 0x400,
    DispatchDriverLogs = 0x800,
    AllowIpcBatching = 0x1000,
}
