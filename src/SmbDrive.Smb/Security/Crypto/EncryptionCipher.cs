namespace SmbDrive.Smb.Security.Crypto;

/// <summary>Cipher ids, MS-SMB2 2.2.3.1.2 (SMB2_ENCRYPTION_CAPABILITIES). 3.0/3.0.2 always use AES-128-CCM.</summary>
internal enum EncryptionCipher : ushort
{
    None = 0,
    Aes128Ccm = 1,
    Aes128Gcm = 2,
    Aes256Ccm = 3,
    Aes256Gcm = 4,
}
