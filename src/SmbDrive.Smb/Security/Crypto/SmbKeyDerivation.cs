using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>SMB 3.x key derivation, MS-SMB2 3.1.4.2 and 3.2.5.3.1: SP800-108 counter mode with HMAC-SHA256,
/// r = 32, K = PRF(Ki, [i]₄ ‖ Label ‖ 0x00 ‖ Context ‖ [L]₄). The spec's labels and contexts carry their own
/// trailing NUL and the KDF still adds the 0x00 separator, so two zero bytes follow each label.</summary>
internal static class SmbKeyDerivation
{
    public const ushort Dialect202 = 0x0202;
    public const ushort Dialect210 = 0x0210;
    public const ushort Dialect300 = 0x0300;
    public const ushort Dialect302 = 0x0302;
    public const ushort Dialect311 = 0x0311;

    public const int PreauthHashSize = 64;

    private const int SessionKeySize = 16;
    private const int Aes128KeySize = 16;
    private const int Aes256KeySize = 32;

    /// <summary>SP800-108 counter-mode KDF with HMAC-SHA256 (MS-SMB2 3.1.4.2). Label and context are used as
    /// given, including the trailing NUL the spec's strings carry.</summary>
    public static byte[] Kdf(ReadOnlySpan<byte> key, ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, int lengthBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lengthBytes);
        return SP800108HmacCounterKdf.DeriveBytes(key, HashAlgorithmName.SHA256, label, context, lengthBytes);
    }

    /// <summary>Derives the keys of a session. <paramref name="sessionKey"/> is the whole cryptographic key of the
    /// authenticated context (Session.FullSessionKey); Session.SessionKey is its first 16 bytes, right-padded with
    /// zeros (MS-SMB2 3.2.1.3). <paramref name="preauthHash"/> is the session's final 64-byte
    /// PreauthIntegrityHashValue and is used only by 3.1.1. For 2.0.2/2.1 the signing key is the session key and
    /// there are no encryption keys; 3.0/3.0.2 always use AES-128-CCM.</summary>
    public static SmbSessionKeys Derive(ushort dialect, ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> preauthHash, EncryptionCipher cipher)
    {
        if (sessionKey.IsEmpty)
        {
            throw new ArgumentException("An anonymous session has no key to derive from.", nameof(sessionKey));
        }

        Span<byte> shortKey = stackalloc byte[SessionKeySize];
        shortKey.Clear();
        sessionKey[..Math.Min(sessionKey.Length, SessionKeySize)].CopyTo(shortKey);
        try
        {
            switch (dialect)
            {
                case Dialect202:
                case Dialect210:
                    if (cipher != EncryptionCipher.None)
                    {
                        throw new ArgumentException("SMB 2.x has no encryption.", nameof(cipher));
                    }

                    return new SmbSessionKeys(shortKey.ToArray(), [], [], shortKey.ToArray());

                case Dialect300:
                case Dialect302:
                    if (cipher is not (EncryptionCipher.None or EncryptionCipher.Aes128Ccm))
                    {
                        throw new ArgumentException("SMB 3.0/3.0.2 encrypt only with AES-128-CCM.", nameof(cipher));
                    }

                    return new SmbSessionKeys(
                        Kdf(shortKey, "SMB2AESCMAC\0"u8, "SmbSign\0"u8, Aes128KeySize),
                        Kdf(shortKey, "SMB2AESCCM\0"u8, "ServerIn \0"u8, Aes128KeySize),
                        Kdf(shortKey, "SMB2AESCCM\0"u8, "ServerOut\0"u8, Aes128KeySize),
                        Kdf(shortKey, "SMB2APP\0"u8, "SmbRpc\0"u8, Aes128KeySize));

                case Dialect311:
                    return Derive311(sessionKey, shortKey, preauthHash, cipher);

                default:
                    throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "Not an SMB 2/3 dialect with session keys.");
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shortKey);
        }
    }

    private static SmbSessionKeys Derive311(ReadOnlySpan<byte> fullKey, ReadOnlySpan<byte> shortKey, ReadOnlySpan<byte> preauthHash, EncryptionCipher cipher)
    {
        if (preauthHash.Length != PreauthHashSize)
        {
            throw new ArgumentException("The 3.1.1 preauth integrity hash is 64 bytes (SHA-512).", nameof(preauthHash));
        }

        byte[] signingKey = Kdf(shortKey, "SMBSigningKey\0"u8, preauthHash, Aes128KeySize);
        byte[] applicationKey = Kdf(shortKey, "SMBAppKey\0"u8, preauthHash, Aes128KeySize);
        byte[] encryptionKey;
        byte[] decryptionKey;
        switch (cipher)
        {
            case EncryptionCipher.None:
                encryptionKey = [];
                decryptionKey = [];
                break;
            case EncryptionCipher.Aes128Ccm:
            case EncryptionCipher.Aes128Gcm:
                encryptionKey = Kdf(shortKey, "SMBC2SCipherKey\0"u8, preauthHash, Aes128KeySize);
                decryptionKey = Kdf(shortKey, "SMBS2CCipherKey\0"u8, preauthHash, Aes128KeySize);
                break;
            case EncryptionCipher.Aes256Ccm:
            case EncryptionCipher.Aes256Gcm:
                // MS-SMB2 3.2.5.3.1: the 256-bit ciphers derive from the full session key with L = 256.
                encryptionKey = Kdf(fullKey, "SMBC2SCipherKey\0"u8, preauthHash, Aes256KeySize);
                decryptionKey = Kdf(fullKey, "SMBS2CCipherKey\0"u8, preauthHash, Aes256KeySize);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(cipher), cipher, "Unknown cipher.");
        }

        return new SmbSessionKeys(signingKey, encryptionKey, decryptionKey, applicationKey);
    }
}
