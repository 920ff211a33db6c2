using System.Buffers;
using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>AES-CMAC, RFC 4493 (the BCL has none). SMB 3.x signs with it (MS-SMB2 3.1.4.1).
/// All complete blocks but the last go through AES-CBC with a zero IV in a few large calls, whose last
/// ciphertext block is the CBC-MAC chaining value; a per-block loop would cost a native call per 16 bytes
/// of a 1 MiB READ response. Thread-safe: calls on one instance are serialized by a lock.</summary>
internal sealed class AesCmac : IDisposable
{
    public const int MacSize = 16;

    private const int BlockSize = 16;

    // Inputs up to this size run through stack memory; larger ones through a pooled buffer, in chunks of
    // at most ChunkSize so a huge message does not pin a huge pooled array. Each EncryptCbc call costs a
    // native cipher context (and a few dozen managed bytes), so a 1 MiB READ response takes one chunk.
    private const int StackScratchSize = 1024;
    private const int ChunkSize = 4 * 1024 * 1024;

    // RFC 4493 2.3: R_b for a 128-bit block.
    private const byte Rb = 0x87;

    private readonly Aes _aes;
    private readonly byte[] _k1 = new byte[BlockSize];
    private readonly byte[] _k2 = new byte[BlockSize];
    private readonly object _lock = new();
    private bool _disposed;

    public AesCmac(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException("An AES-CMAC key is 16, 24 or 32 bytes long.", nameof(key));
        }

        _aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        try
        {
            _aes.Key = keyCopy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }

        // RFC 4493 2.3 Generate_Subkey: L = AES-K(0^128); K1 = L << 1 (^ Rb); K2 = K1 << 1 (^ Rb).
        Span<byte> l = stackalloc byte[BlockSize];
        l.Clear();
        _aes.EncryptEcb(l, l, PaddingMode.None);
        ShiftLeftOneWithRb(l, _k1);
        ShiftLeftOneWithRb(_k1, _k2);
        CryptographicOperations.ZeroMemory(l);
    }

    /// <summary>Writes the 16-byte MAC of <paramref name="data"/> to the start of <paramref name="mac16"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac16)
    {
        if (mac16.Length < MacSize)
        {
            throw new ArgumentException("The MAC destination must hold 16 bytes.", nameof(mac16));
        }

        // RFC 4493 2.4: the last block is complete only for a non-empty input whose length is a multiple
        // of 16; otherwise it is padded with 10* and masked with K2 instead of K1.
        bool lastComplete = data.Length > 0 && data.Length % BlockSize == 0;
        int prefixLength = lastComplete ? data.Length - BlockSize : data.Length / BlockSize * BlockSize;

        Span<byte> chain = stackalloc byte[BlockSize];
        Span<byte> last = stackalloc byte[BlockSize];
        chain.Clear();

        byte[]? rented = null;
        Span<byte> scratch = prefixLength <= StackScratchSize
            ? stackalloc byte[StackScratchSize]
            : (rented = ArrayPool<byte>.Shared.Rent(Math.Min(prefixLength, ChunkSize)));
        int chunkCapacity = Math.Min(scratch.Length, ChunkSize) / BlockSize * BlockSize;
        int scratchUsed = 0;

        try
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);

                for (int offset = 0; offset < prefixLength; offset += chunkCapacity)
                {
                    int length = Math.Min(chunkCapacity, prefixLength - offset);
                    Span<byte> cipherText = scratch[..length];
                    _aes.EncryptCbc(data.Slice(offset, length), chain, cipherText, PaddingMode.None);
                    cipherText[^BlockSize..].CopyTo(chain);
                    scratchUsed = Math.Max(scratchUsed, length);
                }

                ReadOnlySpan<byte> tail = data[prefixLength..];
                if (lastComplete)
                {
                    Xor(tail, _k1, last);
                }
                else
                {
                    last.Clear();
                    tail.CopyTo(last);
                    last[tail.Length] = 0x80;
                    Xor(last, _k2, last);
                }

                // One more CBC step: AES-K(chain ^ M_last) is the tag.
                _aes.EncryptCbc(last, chain, mac16[..MacSize], PaddingMode.None);
            }
        }
        finally
        {
            // CBC outputs are AES-K values of known inputs; do not leave them in shared memory.
            CryptographicOperations.ZeroMemory(scratch[..scratchUsed]);
            CryptographicOperations.ZeroMemory(chain);
            CryptographicOperations.ZeroMemory(last);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
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
            CryptographicOperations.ZeroMemory(_k1);
            CryptographicOperations.ZeroMemory(_k2);
            _aes.Dispose();
        }
    }

    private static void ShiftLeftOneWithRb(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        bool msbSet = (source[0] & 0x80) != 0;
        for (int i = 0; i < BlockSize - 1; i++)
        {
            destination[i] = (byte)((source[i] << 1) | (source[i + 1] >> 7));
        }

        destination[BlockSize - 1] = (byte)(source[BlockSize - 1] << 1);
        if (msbSet)
        {
            destination[BlockSize - 1] ^= Rb;
        }
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        for (int i = 0; i < BlockSize; i++)
        {
            destination[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
