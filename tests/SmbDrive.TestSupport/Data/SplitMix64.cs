using System.Buffers.Binary;

namespace SmbDrive.TestSupport;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", OOPSLA 2014) used as a counter
/// generator: word i of a stream is Mix(key + (i + 1) * Gamma), so any byte range of a test file can be recomputed
/// without generating what comes before it.
/// </summary>
public static class SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The SplitMix64 output function.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Word <paramref name="index"/> of the stream for <paramref name="seed"/>.</summary>
    public static ulong Word(int seed, ulong index) => Mix(Key(seed) + (index + 1) * Gamma);

    /// <summary>
    /// Fills <paramref name="destination"/> with bytes [offset, offset + length) of the stream for
    /// <paramref name="seed"/>; the stream is the words written little-endian one after another.
    /// </summary>
    public static void Fill(Span<byte> destination, int seed, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var key = Key(seed);
        var word = (ulong)offset / 8;
        var skip = (int)((ulong)offset % 8);
        Span<byte> scratch = stackalloc byte[8];

        if (skip != 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(scratch, Mix(key + (word + 1) * Gamma));
            var head = Math.Min(8 - skip, destination.Length);
            scratch.Slice(skip, head).CopyTo(destination);
            destination = destination[head..];
            word++;
        }

        var state = key + (word + 1) * Gamma;
        while (destination.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, Mix(state));
            state += Gamma;
            destination = destination[8..];
        }

        if (destination.Length > 0)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(scratch, Mix(state));
            scratch[..destination.Length].CopyTo(destination);
        }
    }

    // Every stream is a window on the same 2^64-long cycle; mixing the seed puts the windows of seeds 1, 2, 3… far apart.
    private static ulong Key(int seed) => Mix((ulong)(uint)seed);
}
