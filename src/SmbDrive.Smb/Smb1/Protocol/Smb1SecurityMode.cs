namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>SecurityMode of the NT LM 0.12 negotiate response (MS-CIFS 2.2.4.52.2).</summary>
[Flags]
internal enum Smb1SecurityMode : byte
{
    None = 0,
    UserLevel = 0x01,
    EncryptPasswords = 0x02,
    SignaturesEnabled = 0x04,
    SignaturesRequired = 0x08,
}
