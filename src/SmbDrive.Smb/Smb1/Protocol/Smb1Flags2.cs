namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>The SMB header Flags2 word (MS-CIFS 2.2.3.1, MS-SMB 2.2.3.1).</summary>
[Flags]
internal enum Smb1Flags2 : ushort
{
    None = 0,
    LongNames = 0x0001,
    ExtendedAttributes = 0x0002,
    SecuritySignature = 0x0004,
    /// <summary>SMB_FLAGS2_SMB_SECURITY_SIGNATURE_REQUIRED: the client insists on signing (Samba honours it
    /// even when its own configuration only allows signing).</summary>
    SecuritySignatureRequired = 0x0010,
    IsLongName = 0x0040,
    ExtendedSecurity = 0x0800,
    Dfs = 0x1000,
    PagingIo = 0x2000,
    /// <summary>SMB_FLAGS2_NT_STATUS: Status holds an NTSTATUS rather than a DOS class and code.</summary>
    NtStatus = 0x4000,
    Unicode = 0x8000,
}
