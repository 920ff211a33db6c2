using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>SMB 3.x encryption with the SMB2 TRANSFORM_HEADER, MS-SMB2 2.2.41, 3.1.4.3 and 3.2.5.1.1.1.
/// <code>
/// off size field
///   0   4  ProtocolId            FD 'S' 'M' 'B'
///   4  16  Signature             AEAD tag
///  20  16  Nonce                 CCM: first 11 bytes, GCM: first 12; the rest zero when we send
///  36   4  OriginalMessageSize   length of the SMB2 message that follows (encrypted)
///  40   2  Reserved
///  42   2  Flags                 0x0001 (Encrypted)
///  44   8  SessionId
/// </code>
/// The associated data is bytes 20..51 (the header without ProtocolId and Signature).
/// Thread-safe: one AEAD object per key, each behind its own lock, so encrypting senders and the decrypting
/// receive loop do not wait on each other.</summary>
internal sealed class TransformCipher : IDisposable
{
    public const int HeaderSize = 52;

    private const int SignatureOffset = 4;
    private const int TagSize = 16;
    private const int NonceOffset = 20;
    private const int NonceFieldSize = 16;
    private const int OriginalMessageSizeOffset = 36;
    private const int ReservedOffset = 40;
    private const int FlagsOffset = 42;
    private const int SessionIdOffset = 44;
    private const int AssociatedDataOffset = NonceOffset;
    private const int AssociatedDataSize = HeaderSize - AssociatedDataOffset;
    private const ushort EncryptedFlag = 0x0001;
    private const int CcmNonceSize = 11;
    private const int GcmNonceSize = 12;
    private const int CounterSize = 8;

    private readonly bool _isGcm;
    private readonly int _nonceSize;
    private readonly AesGcm? _encryptGcm;
    private readonly AesGcm? _decryptGcm;
    private readonly AesCcm? _encryptCcm;
    private readonly AesCcm? _decryptCcm;
    private readonly object _encryptLock = new();
    private readonly object _decryptLock = new();

    // Nonce = 8-byte counter (LE) ‖ per-instance random salt filling the rest of the 11/12 bytes. The counter
    // alone makes nonces unique within this instance; the random start and salt keep two instances that share
    // a key (3.x multichannel copies a session's encryption key to every channel) from replaying each other's.
    private readonly byte[] _salt = new byte[GcmNonceSize - CounterSize];
    private ulong _lastCounter;

    public TransformCipher(EncryptionCipher cipher, ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> decryptionKey)
        : this(cipher, encryptionKey, decryptionKey, RandomStartCounter())
    {
    }

    /// <summary>Test seam: <paramref name="lastCounter"/> is the counter value before the first message.</summary>
    internal TransformCipher(EncryptionCipher cipher, ReadOnlySpan<byte> encryptionKey, ReadOnlySpan<byte> decryptionKey, ulong lastCounter)
    {
        int keySize = cipher switch
        {
            EncryptionCipher.Aes128Ccm or EncryptionCipher.Aes128Gcm => 16,
            EncryptionCipher.Aes256Ccm or EncryptionCipher.Aes256Gcm => 32,
            _ => throw new ArgumentOutOfRangeException(nameof(cipher), cipher, "No cipher to encrypt with."),
        };
        if (encryptionKey.Length != keySize)
        {
            throw new ArgumentException($"{cipher} takes a {keySize}-byte key.", nameof(encryptionKey));
        }

        if (decryptionKey.Length != keySize)
        {
            throw new ArgumentException($"{cipher} takes a {keySize}-byte key.", nameof(decryptionKey));
        }

        _isGcm = cipher is EncryptionCipher.Aes128Gcm or EncryptionCipher.Aes256Gcm;
        _nonceSize = _isGcm ? GcmNonceSize : CcmNonceSize;
        if (_isGcm)
        {
            _encryptGcm = new AesGcm(encryptionKey, TagSize);
            _decryptGcm = new AesGcm(decryptionKey, TagSize);
        }
        else
        {
            _encryptCcm = new AesCcm(encryptionKey);
            _decryptCcm = new AesCcm(decryptionKey);
        }

        RandomNumberGenerator.Fill(_salt);
        _lastCounter = lastCounter;
        Cipher = cipher;
    }

    public EncryptionCipher Cipher { get; }

    public static bool IsTransformMessage(ReadOnlySpan<byte> message) =>
        message.Length >= 4 && message[0] == 0xFD && message[1] == (byte)'S' && message[2] == (byte)'M' && message[3] == (byte)'B';

    /// <summary>Writes TRANSFORM_HEADER + ciphertext of <paramref name="plainMessage"/> into the first
    /// HeaderSize + plainMessage.Length bytes of <paramref name="destination"/>. The plaintext may already sit at
    /// destination[HeaderSize..] (exact overlap) so a sender can build the message in place.</summary>
    public void Encrypt(ReadOnlySpan<byte> plainMessage, ulong sessionId, Span<byte> destination)
    {
        if (plainMessage.IsEmpty)
        {
            throw new ArgumentException("There is no message to encrypt.", nameof(plainMessage));
        }

        if ((long)destination.Length < (long)HeaderSize + plainMessage.Length)
        {
            throw new ArgumentException("The destination cannot hold the transform header and the message.", nameof(destination));
        }

        if (destination.Overlaps(plainMessage, out int plainOffset) && plainOffset != HeaderSize)
        {
            // Writing the header would overwrite plaintext not yet encrypted.
            throw new ArgumentException("The message may overlap the destination only at offset 52.", nameof(destination));
        }

        Span<byte> header = destination[..HeaderSize];
        Span<byte> cipherText = destination.Slice(HeaderSize, plainMessage.Length);

        header[0] = 0xFD;
        header[1] = (byte)'S';
        header[2] = (byte)'M';
        header[3] = (byte)'B';
        header.Slice(SignatureOffset, TagSize).Clear();
        Span<byte> nonceField = header.Slice(NonceOffset, NonceFieldSize);
        nonceField.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(nonceField, NextCounter());
        _salt.AsSpan(0, _nonceSize - CounterSize).CopyTo(nonceField[CounterSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[OriginalMessageSizeOffset..], (uint)plainMessage.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[ReservedOffset..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header[FlagsOffset..], EncryptedFlag);
        BinaryPrimitives.WriteUInt64LittleEndian(header[SessionIdOffset..], sessionId);

        ReadOnlySpan<byte> nonce = nonceField[.._nonceSize];
        Span<byte> tag = header.Slice(SignatureOffset, TagSize);
        ReadOnlySpan<byte> associatedData = header.Slice(AssociatedDataOffset, AssociatedDataSize);
        lock (_encryptLock)
        {
            if (_isGcm)
            {
                _encryptGcm!.Encrypt(nonce, plainMessage, cipherText, tag, associatedData);
            }
            else
            {
                _encryptCcm!.Encrypt(nonce, plainMessage, cipherText, tag, associatedData);
            }
        }
    }

    /// <summary>Authenticates and decrypts a transformed message in place. On success the SMB2 message occupies
    /// message[HeaderSize..HeaderSize + plainLength]. Returns false, and never throws, for anything short,
    /// malformed (size not matching the rest of the message, flags other than 0x0001) or failing
    /// authentication; after a failed authentication the ciphertext area is zeroed. The SessionId is reported,
    /// not checked: looking up the session is the caller's job.</summary>
    public bool TryDecrypt(Span<byte> message, out ulong sessionId, out int plainLength)
    {
        sessionId = 0;
        plainLength = 0;

        // MS-SMB2 3.2.5.1.1.1: a message not longer than the header, or with other flags, is not acceptable.
        if (message.Length <= HeaderSize || !IsTransformMessage(message))
        {
            return false;
        }

        uint originalSize = BinaryPrimitives.ReadUInt32LittleEndian(message[OriginalMessageSizeOffset..]);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(message[FlagsOffset..]);
        if ((long)originalSize != (long)message.Length - HeaderSize || flags != EncryptedFlag)
        {
            return false;
        }

        ulong headerSessionId = BinaryPrimitives.ReadUInt64LittleEndian(message[SessionIdOffset..]);
        ReadOnlySpan<byte> nonce = message.Slice(NonceOffset, _nonceSize);
        ReadOnlySpan<byte> tag = message.Slice(SignatureOffset, TagSize);
        ReadOnlySpan<byte> associatedData = message.Slice(AssociatedDataOffset, AssociatedDataSize);
        Span<byte> payload = message[HeaderSize..];
        try
        {
            lock (_decryptLock)
            {
                if (_isGcm)
                {
                    _decryptGcm!.Decrypt(nonce, payload, tag, payload, associatedData);
                }
                else
                {
                    _decryptCcm!.Decrypt(nonce, payload, tag, payload, associatedData);
                }
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        sessionId = headerSessionId;
        plainLength = (int)originalSize;
        return true;
    }

    public void Dispose()
    {
        lock (_encryptLock)
        {
            _encryptGcm?.Dispose();
            _encryptCcm?.Dispose();
        }

        lock (_decryptLock)
        {
            _decryptGcm?.Dispose();
            _decryptCcm?.Dispose();
        }
    }

    private static ulong RandomStartCounter()
    {
        Span<byte> bytes = stackalloc byte[CounterSize];
        RandomNumberGenerator.Fill(bytes);

        // The lower half of the range leaves at least 2^63 messages before the counter runs out.
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes) >> 1;
    }

    private ulong NextCounter()
    {
        while (true)
        {
            ulong current = Volatile.Read(ref _lastCounter);
            if (current == ulong.MaxValue)
            {
                // A wrapped counter would repeat a nonce under the same key, which breaks CCM and GCM.
                throw new InvalidOperationException("The encryption nonce counter is exhausted; the session must be re-established.");
            }

            if (Interlocked.CompareExchange(ref _lastCounter, current + 1, current) == current)
            {
                return current + 1;
            }
        }
    }
}
