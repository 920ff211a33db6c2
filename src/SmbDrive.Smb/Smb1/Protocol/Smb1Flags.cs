namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>The SMB header Flags byte (MS-CIFS 2.2.3.1).</summary>
[Flags]
internal enum Smb1Flags : byte
{
    None = 0,
    CaseInsensitive = 0x08,
    CanonicalizedPaths = 0x10,
    /// <summary>SMB_FLAGS_REPLY: set in every server response.</summary>
    Reply = 0x80,
}
