namespace SmbDrive.Dokan;

/// <summary>SECURITY_INFORMATION bits (winnt.h): which parts of a security descriptor are asked for.</summary>
[Flags]
public enum SecurityInformation : uint
{
    None = 0,
    Owner = 0x1,
    Group = 0x2,
    Dacl = 0x4,
    Sacl = 0x8,
    Label = 0x10,
    Attribute = 0x20,
    Scope = 0x40,
    ProcessTrustLabel = 0x80,
    Backup = 0x10000,
}
