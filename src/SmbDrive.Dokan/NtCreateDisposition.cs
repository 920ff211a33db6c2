namespace SmbDrive.Dokan;

/// <summary>Kernel CreateDisposition values (wdm.h FILE_SUPERSEDE … FILE_OVERWRITE_IF; dokan-api.md §1.3).</summary>
public enum NtCreateDisposition : uint
{
    Supersede = 0,
    Open = 1,
    Create = 2,
    OpenIf = 3,
    Overwrite = 4,
    OverwriteIf = 5,
}
