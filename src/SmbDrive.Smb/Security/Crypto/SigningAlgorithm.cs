namespace SmbDrive.Smb.Security.Crypto;

/// <summary>Signing algorithm ids, MS-SMB2 2.2.3.1.7 (SMB2_SIGNING_CAPABILITIES). 2.0.2/2.1 always use
/// HMAC-SHA256; 3.0/3.0.2, and 3.1.1 without the signing context, use AES-CMAC (MS-SMB2 3.1.4.1).</summary>
internal enum SigningAlgorithm : ushort
{
    HmacSha256 = 0,
    AesCmac = 1,
    AesGmac = 2,
}
