namespace SmbDrive.Dokan;

/// <summary>An ACCESS_MASK after <see cref="CreateFlagsMapper"/>: specific file rights (winnt.h FILE_*), standard
/// rights, and the GENERIC_* bits that replace complete FILE_GENERIC_* groups (dokan-api.md §1.3).</summary>
[Flags]
public enum DokanFileAccess : uint
{
    None = 0,
    ReadData = 0x1,            // FILE_READ_DATA / FILE_LIST_DIRECTORY
    WriteData = 0x2,           // FILE_WRITE_DATA / FILE_ADD_FILE
    AppendData = 0x4,          // FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY
    ReadExtendedAttributes = 0x8,
    WriteExtendedAttributes = 0x10,
    Execute = 0x20,            // FILE_EXECUTE / FILE_TRAVERSE
    DeleteChild = 0x40,
    ReadAttributes = 0x80,
    WriteAttributes = 0x100,
    Delete = 0x10000,
    ReadPermissions = 0x20000,  // READ_CONTROL
    ChangePermissions = 0x40000, // WRITE_DAC
    SetOwnership = 0x80000,     // WRITE_OWNER
    Synchronize = 0x100000,
    AccessSystemSecurity = 0x1000000,
    MaximumAllowed = 0x2000000,
    GenericAll = 0x10000000,
    GenericExecute = 0x20000000,
    GenericWrite = 0x40000000,
    GenericRead = 0x80000000,

    /// <summary>FILE_GENERIC_READ: READ_CONTROL | FILE_READ_DATA | FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE.</summary>
    FileGenericRead = 0x120089,
    /// <summary>FILE_GENERIC_WRITE: READ_CONTROL | FILE_WRITE_DATA | FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | FILE_APPEND_DATA | SYNCHRONIZE.</summary>
    FileGenericWrite = 0x120116,
    /// <summary>FILE_GENERIC_EXECUTE: READ_CONTROL | FILE_READ_ATTRIBUTES | FILE_EXECUTE | SYNCHRONIZE.</summary>
    FileGenericExecute = 0x1200A0,
    /// <summary>FILE_ALL_ACCESS: STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x1FF.</summary>
    FileAllAccess = 0x1F01FF,
}
