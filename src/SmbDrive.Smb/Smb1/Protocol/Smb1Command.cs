namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>SMB1 command codes SmbDrive sends (MS-CIFS 2.2.2.1).</summary>
internal enum Smb1Command : byte
{
    CreateDirectory = 0x00,
    DeleteDirectory = 0x01,
    Close = 0x04,
    Flush = 0x05,
    Delete = 0x06,
    Rename = 0x07,
    Read = 0x0A,
    LockingAndX = 0x24,
    Echo = 0x2B,
    ReadAndX = 0x2E,
    WriteAndX = 0x2F,
    Transaction2 = 0x32,
    FindClose2 = 0x34,
    TreeDisconnect = 0x71,
    Negotiate = 0x72,
    SessionSetupAndX = 0x73,
    LogoffAndX = 0x74,
    TreeConnectAndX = 0x75,
    NtCreateAndX = 0xA2,
    /// <summary>SMB_COM_NT_CANCEL: asks the server to end a pending request; it has no response.</summary>
    NtCancel = 0xA4,
    NtRename = 0xA5,
    /// <summary>SMB_COM_NO_ANDX_COMMAND: ends an AndX chain.</summary>
    NoAndX = 0xFF,
}
