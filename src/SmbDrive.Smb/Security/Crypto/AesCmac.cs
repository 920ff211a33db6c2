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
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac16) => Compute(data, ReadOnlySpan<byte>.Empty, mac16);

    /// <summary>Writes the 16-byte MAC of <paramref name="first"/> ‖ <paramref name="second"/> to the start of
    /// <paramref name="mac16"/> without joining them: the CBC chaining value carries over from one part to the
    /// next. Only the block that straddles the two parts (when first is not a whole number of blocks) and the
    /// last block are assembled in stack memory.</summary>
    public void Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> mac16)
    {
        if (mac16.Length < MacSize)
        {
            throw new ArgumentException("The MAC destination must hold 16 bytes.", nameof(mac16));
        }

        // RFC 4493 2.4: the last block is complete only for a non-empty input whose length is a multiple
        // of 16; otherwise it is padded with 10* and masked with K2 instead of K1. Offsets are long because
        // two spans together may pass int.MaxValue.
        long total = (long)first.Length + second.Length;
        bool lastComplete = total > 0 && total % BlockSize == 0;
        long prefixLength = lastComplete ? total - BlockSize : total / BlockSize * BlockSize;

        // The prefix (all complete blocks before the last) is first's complete blocks, then the straddling
        // block, then second's complete blocks, each cut short at prefixLength.
        int firstRun = (int)Math.Min(prefixLength, first.Length / BlockSize * BlockSize);
        bool straddles = firstRun < prefixLength && firstRun < first.Length;
        int secondStart = straddles ? BlockSize - (first.Length - firstRun) : 0;
        int secondRun = (int)(prefixLength - firstRun - (straddles ? BlockSize : 0));
        int longestRun = Math.Max(firstRun, secondRun);

        Span<byte> chain = stackalloc byte[BlockSize];
        Span<byte> block = stackalloc byte[BlockSize];
        chain.Clear();

        byte[]? rented = null;
        Span<byte> scratch = longestRun <= StackScratchSize
            ? stackalloc byte[StackScratchSize]
            : (rented = ArrayPool<byte>.Shared.Rent(Math.Min(longestRun, ChunkSize)));
        int scratchUsed = 0;

        try
        {
            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);

                ChainCbc(first[..firstRun], chain, scratch, ref scratchUsed);
                if (straddles)
                {
                    CopyJoined(first, second, firstRun, block);
                    ChainCbc(block, chain, scratch, ref scratchUsed);
                }

                ChainCbc(second.Slice(secondStart, secondRun), chain, scratch, ref scratchUsed);

                block.Clear();
                int lastLength = CopyJoined(first, second, prefixLength, block);
                if (lastComplete)
                {
                    Xor(block, _k1, block);
                }
                else
                {
                    block[lastLength] = 0x80;
                    Xor(block, _k2, block);
                }

                // One more CBC step: AES-K(chain ^ M_last) is the tag.
                _aes.EncryptCbc(block, chain, mac16[..MacSize], PaddingMode.None);
            }
        }
        finally
        {
            // CBC outputs are AES-K values of known inputs; do not leave them in shared memory.
            CryptographicOperations.ZeroMemory(scratch[..scratchUsed]);
            CryptographicOperations.ZeroMemory(chain);
            CryptographicOperations.ZeroMemory(block);
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

    /// <summary>Copies the bytes of first ‖ second from <paramref name="start"/> on into
    /// <paramref name="destination"/>, as many as fit; returns how many.</summary>
    private static int CopyJoined(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, long start, Span<byte> destination)
    {
        int copied = 0;
        if (start < first.Length)
        {
            ReadOnlySpan<byte> part = first[(int)start..];
            part = part[..Math.Min(part.Length, destination.Length)];
            part.CopyTo(destination);
            copied = part.Length;
        }

        ReadOnlySpan<byte> rest = second[(int)Math.Max(0, start - first.Length)..];
        rest = rest[..Math.Min(rest.Length, destination.Length - copied)];
        rest.CopyTo(destination[copied..]);
        return copied + rest.Length;
    }

    /// <summary>Runs whole blocks through AES-CBC starting from <paramref name="chain"/> and leaves the last
    /// ciphertext block there, in chunks that fit <paramref name="scratch"/>.</summary>
    private void ChainCbc(ReadOnlySpan<byte> blocks, Span<byte> chain, Span<byte> scratch, ref int scratchUsed)
    {
        int chunkCapacity = Math.Min(scratch.Length, ChunkSize) / BlockSize * BlockSize;
        for (int offset = 0; offset < blocks.Length; offset += chunkCapacity)
        {
            int length = Math.Min(chunkCapacity, blocks.Length - offset);
            Span<byte> cipherText = scratch[..length];
            _aes.EncryptCbc(blocks.Slice(offset, length), chain, cipherText, PaddingMode.None);
            cipherText[^BlockSize..].CopyTo(chain);
            scratchUsed = Math.Max(scratchUsed, length);
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
