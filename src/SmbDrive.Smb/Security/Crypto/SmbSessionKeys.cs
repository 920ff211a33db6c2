using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>The keys of one authenticated session (MS-SMB2 3.2.1.3). Encryption and decryption keys are empty
/// when the dialect or the negotiated cipher gives none. Dispose zeroes every key. ToString is not overridden,
/// so a key never ends up in a log by accident.</summary>
internal sealed class SmbSessionKeys : IDisposable
{
    public SmbSessionKeys(byte[] signingKey, byte[] encryptionKey, byte[] decryptionKey, byte[] applicationKey)
    {
        SigningKey = signingKey;
        EncryptionKey = encryptionKey;
        DecryptionKey = decryptionKey;
        ApplicationKey = applicationKey;
    }

    /// <summary>Session.SigningKey (3.x) or Session.SessionKey (2.x).</summary>
    public byte[] SigningKey { get; }

    /// <summary>Session.EncryptionKey: client-to-server ("ServerIn" / "SMBC2SCipherKey").</summary>
    public byte[] EncryptionKey { get; }

    /// <summary>Session.DecryptionKey: server-to-client ("ServerOut" / "SMBS2CCipherKey").</summary>
    public byte[] DecryptionKey { get; }

    /// <summary>Session.ApplicationKey (3.x), or Session.SessionKey for 2.x (MS-SMB2 3.3.4.5).</summary>
    public byte[] ApplicationKey { get; }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(SigningKey);
        CryptographicOperations.ZeroMemory(EncryptionKey);
        CryptographicOperations.ZeroMemory(DecryptionKey);
        CryptographicOperations.ZeroMemory(ApplicationKey);
    }
}
