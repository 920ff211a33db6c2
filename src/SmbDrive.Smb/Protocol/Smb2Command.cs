namespace SmbDrive.Smb.Protocol;

/// <summary>SMB2 command codes (MS-SMB2 2.2.1.2).</summary>
internal enum Smb2Command : ushort
{
    Negotiate = 0x00,
    SessionSetup = 0x01,
    Logoff = 0x02,
    TreeConnect = 0x03,
    TreeDisconnect = 0x04,
    Create = 0x05,
    Close = 0x06,
    Flush = 0x07,
    Read = 0x08,
    Write = 0x09,
    Lock = 0x0A,
    Ioctl = 0x0B,
    Cancel = 0x0C,
    Echo = 0x0D,
    QueryDirectory = 0x0E,
    ChangeNotify = 0x0F,
    QueryInfo = 0x10,
    SetInfo = 0x11,
    OplockBreak = 0x12,
}

/// <summary>SMB2 header flags (MS-SMB2 2.2.1.2).</summary>
[Flags]
internal enum Smb2Flags : uint
{
    None = 0,
    ServerToRedir = 0x1,
    AsyncCommand = 0x2,
    RelatedOperations = 0x4,
    Signed = 0x8,
    DfsOperations = 0x10000000,
    ReplayOperation = 0x20000000,
}
