namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>Capabilities of SMB_COM_NEGOTIATE and SESSION_SETUP_ANDX (MS-CIFS 2.2.4.52.2, MS-SMB 2.2.4.5.2).</summary>
[Flags]
internal enum Smb1Capabilities : uint
{
    None = 0,
    RawMode = 0x00000001,
    MpxMode = 0x00000002,
    Unicode = 0x00000004,
    LargeFiles = 0x00000008,
    NtSmbs = 0x00000010,
    RpcRemoteApis = 0x00000020,
    Status32 = 0x00000040,
    Level2Oplocks = 0x00000080,
    LockAndRead = 0x00000100,
    NtFind = 0x00000200,
    Dfs = 0x00001000,
    InfoLevelPassthru = 0x00002000,
    LargeReadX = 0x00004000,
    LargeWriteX = 0x00008000,
    /// <summary>CIFS UNIX extensions: in practice a Samba server, which then serves reads up to 16 MiB unsigned.</summary>
    Unix = 0x00800000,
    ExtendedSecurity = 0x80000000,
}
