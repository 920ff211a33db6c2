namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>TypeOfLock of SMB_COM_LOCKING_ANDX (MS-CIFS 2.2.4.32.1). Without SharedLock a lock is exclusive.</summary>
[Flags]
internal enum Smb1LockingFlags : byte
{
    Exclusive = 0x00,
    SharedLock = 0x01,
    OplockRelease = 0x02,
    ChangeLockType = 0x04,
    CancelLock = 0x08,
    /// <summary>The ranges are LOCKING_ANDX_RANGE64 (64-bit offsets and lengths, CAP_LARGE_FILES).</summary>
    LargeFiles = 0x10,
}
