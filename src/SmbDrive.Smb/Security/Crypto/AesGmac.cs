using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>AES-GMAC (RFC 4543: AES-GCM with an empty plaintext) over associated data given in two parts, so a
/// signed READ response can be checked as head buffer ‖ caller's memory without joining them (AesGcm needs one
/// contiguous span). With a 96-bit nonce, NIST SP 800-38D 7.1: J0 = nonce ‖ 0^31 ‖ 1, H = AES-K(0^128) and
/// tag = GHASH_H(A ‖ pad ‖ lengths) ⊕ AES-K(J0) — the same tag AesGcm.Encrypt gives for an empty plaintext.
/// Thread-safe: calls on one instance are serialized by a lock (Aes objects are not thread-safe).</summary>
internal sealed class AesGmac : IDisposable
{
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private const int BlockSize = 16;

    private readonly Aes _aes;
    private readonly GHash _ghash;
    private readonly object _lock = new();
    private bool _disposed;

    public AesGmac(ReadOnlySpan<byte> key)
        : this(key, GHash.FastestEngine)
    {
    }

    /// <summary>Test seam: <paramref name="engine"/> picks the GHASH multiply.</summary>
    internal AesGmac(ReadOnlySpan<byte> key, GHashEngine engine)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES-GMAC key is 16, 24 or 32 bytes long.", nameof(key));
        }

        _aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        Span<byte> hashKey = stackalloc byte[BlockSize];
        try
        {
            _aes.Key = keyCopy;
            hashKey.Clear();
            _aes.EncryptEcb(hashKey, hashKey, PaddingMode.None);
            _ghash = new GHash(hashKey, engine);
        }
        catch
        {
            _aes.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
            CryptographicOperations.ZeroMemory(hashKey);
        }
    }

    public GHashEngine Engine => _ghash.Engine;

    /// <summary>Writes the 16-byte tag of associated data <paramref name="first"/> ‖ <paramref name="second"/>
    /// under the 12-byte <paramref name="nonce"/> to the start of <paramref name="tag16"/>.</summary>
    public void Compute(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> tag16)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException("An AES-GMAC nonce is 12 bytes long.", nameof(nonce));
        }

        if (tag16.Length < TagSize)
        {
            throw new ArgumentException("The tag destination must hold 16 bytes.", nameof(tag16));
        }

        Span<byte> counterBlock = stackalloc byte[BlockSize];
        Span<byte> mask = stackalloc byte[BlockSize];
        Span<byte> s = stackalloc byte[BlockSize];
        nonce.CopyTo(counterBlock);
        BinaryPrimitives.WriteUInt32BigEndian(counterBlock[NonceSize..], 1);
        try
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _aes.EncryptEcb(counterBlock, mask, PaddingMode.None);
                _ghash.HashAssociatedData(first, second, s);
            }

            for (int i = 0; i < TagSize; i++)
            {
                tag16[i] = (byte)(s[i] ^ mask[i]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mask);
            CryptographicOperations.ZeroMemory(s);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _ghash.Dispose();
            _aes.Dispose();
        }
    }
}
