using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>GHASH, the GF(2^128) hash of AES-GCM (NIST SP 800-38D 6.4), for a GCM message whose ciphertext is
/// empty and whose associated data A arrives in two parts: the S block GHASH_H(A ‖ 0-pad ‖ [len(A)]64 ‖ [0]64).
/// AesGcm takes A only as one contiguous span, and a signed READ response lands as a small head buffer plus the
/// caller's memory, so GMAC over head ‖ data has to be computed here.
/// Blocks are held as their 16 bytes reversed (a Vector128 whose upper lane is bytes 0..7 big-endian), which
/// turns the spec's bit order into the "reflected" form that carry-less multiplication works on: the product of
/// two reflected values, shifted left by one bit, is the reflected 256-bit product.
/// The carry-less engines fold sixteen (512-bit registers) or eight blocks per reduction with precomputed
/// powers of H ((Y ⊕ X0)·H^8 ⊕ X1·H^7 ⊕ … ⊕ X7·H equals eight Horner steps) and Karatsuba (three multiplies
/// per block). The portable engine does the same arithmetic one block at a time with carry-less products
/// built from integer multiplies, in constant time (no table lookups or branches that depend on H or the
/// hash state).
/// Immutable after construction, so concurrent calls are safe until Dispose.</summary>
internal sealed class GHash : IDisposable
{
    public const int BlockSize = 16;

    // Blocks folded per reduction. Eight keeps the multiplies of one round independent of each other and the
    // reduction (the only step that waits for the previous round) to one in eight blocks.
    private const int AggregatedBlocks = 8;
    private const int AggregatedBytes = AggregatedBlocks * BlockSize;

    // The 512-bit loop: four registers of four blocks each per reduction.
    private const int WideAggregatedBlocks = 16;
    private const int WideAggregatedBytes = WideAggregatedBlocks * BlockSize;
    private const int WideRegisters = WideAggregatedBlocks / 4;

    private readonly GHashEngine _engine;

    // H^1..H^n (reflected) at [0..n-1], each with its Karatsuba middle operand (upper ⊕ lower word, both lanes);
    // n = 8, or 16 for the wide engine.
    private readonly Vector128<ulong>[] _powers;
    private readonly Vector128<ulong>[] _middles;

    // Wide engine: register g holds H^(16-4g) .. H^(13-4g) in lanes 0..3, the powers its four blocks take.
    private readonly Vector512<ulong>[] _widePowers = new Vector512<ulong>[WideRegisters];
    private readonly Vector512<ulong>[] _wideMiddles = new Vector512<ulong>[WideRegisters];

    /// <param name="hashKey">H = AES-K(0^128), 16 bytes.</param>
    /// <param name="engine">The multiply to use; throws when the CPU lacks it. Tests run every engine the
    /// machine has.</param>
    public GHash(ReadOnlySpan<byte> hashKey, GHashEngine engine)
    {
        if (hashKey.Length != BlockSize)
        {
            throw new ArgumentException("A GHASH key is 16 bytes long.", nameof(hashKey));
        }

        if (!IsSupported(engine))
        {
            throw new PlatformNotSupportedException($"This CPU cannot run the {engine} GHASH engine.");
        }

        _engine = engine;
        int powerCount = engine == GHashEngine.WideCarryless ? WideAggregatedBlocks : AggregatedBlocks;
        _powers = new Vector128<ulong>[powerCount];
        _middles = new Vector128<ulong>[powerCount];
        _powers[0] = Load(hashKey);
        if (engine == GHashEngine.Portable)
        {
            return;
        }

        for (int i = 1; i < powerCount; i++)
        {
            _powers[i] = MultiplyCarryless(_powers[i - 1], _powers[0]);
        }

        for (int i = 0; i < powerCount; i++)
        {
            _middles[i] = KaratsubaMiddle(_powers[i]);
        }

        if (engine == GHashEngine.WideCarryless)
        {
            for (int g = 0; g < WideRegisters; g++)
            {
                int top = WideAggregatedBlocks - (4 * g) - 1;
                _widePowers[g] = Vector512.Create(
                    Vector256.Create(_powers[top], _powers[top - 1]),
                    Vector256.Create(_powers[top - 2], _powers[top - 3]));
                _wideMiddles[g] = Vector512.Create(
                    Vector256.Create(_middles[top], _middles[top - 1]),
                    Vector256.Create(_middles[top - 2], _middles[top - 3]));
            }
        }
    }

    /// <summary>The fastest engine this CPU runs.</summary>
    public static GHashEngine FastestEngine =>
        IsSupported(GHashEngine.WideCarryless) ? GHashEngine.WideCarryless
        : IsSupported(GHashEngine.Carryless) ? GHashEngine.Carryless
        : GHashEngine.Portable;

    public GHashEngine Engine => _engine;

    public static bool IsSupported(GHashEngine engine) => engine switch
    {
        GHashEngine.Portable => true,
        GHashEngine.Carryless => Pclmulqdq.IsSupported && Ssse3.IsSupported,
        GHashEngine.WideCarryless => Pclmulqdq.IsSupported && Ssse3.IsSupported
            && Pclmulqdq.V512.IsSupported && Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
        _ => false,
    };

    /// <summary>Writes S = GHASH_H(A ‖ 0-pad ‖ [8·len(A)]64 ‖ [0]64) for A = <paramref name="first"/> ‖
    /// <paramref name="second"/>, without joining them: only the block that straddles the two parts (at most 15
    /// bytes of each) and the zero-padded last block are copied.</summary>
    public void HashAssociatedData(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> s16)
    {
        if (s16.Length < BlockSize)
        {
            throw new ArgumentException("The GHASH destination must hold 16 bytes.", nameof(s16));
        }

        Span<byte> block = stackalloc byte[BlockSize];
        Vector128<ulong> y = Vector128<ulong>.Zero;

        int firstComplete = first.Length & ~(BlockSize - 1);
        y = Absorb(y, first[..firstComplete]);

        ReadOnlySpan<byte> rest = second;
        int firstRemainder = first.Length - firstComplete;
        if (firstRemainder != 0)
        {
            int borrowed = Math.Min(BlockSize - firstRemainder, second.Length);
            block.Clear();
            first[firstComplete..].CopyTo(block);
            second[..borrowed].CopyTo(block[firstRemainder..]);
            y = Absorb(y, block);
            rest = second[borrowed..];
        }

        int restComplete = rest.Length & ~(BlockSize - 1);
        y = Absorb(y, rest[..restComplete]);
        if (restComplete != rest.Length)
        {
            block.Clear();
            rest[restComplete..].CopyTo(block);
            y = Absorb(y, block);
        }

        // Length block: len(A) in bits, then len(C) = 0.
        BinaryPrimitives.WriteUInt64BigEndian(block, ((ulong)first.Length + (ulong)second.Length) * 8);
        block[8..].Clear();
        y = Absorb(y, block);

        BinaryPrimitives.WriteUInt64BigEndian(s16, y.GetElement(1));
        BinaryPrimitives.WriteUInt64BigEndian(s16[8..], y.GetElement(0));
    }

    public void Dispose()
    {
        // H lets anyone forge tags; do not leave it or its powers in memory.
        Array.Clear(_powers);
        Array.Clear(_middles);
        Array.Clear(_widePowers);
        Array.Clear(_wideMiddles);
    }

    private static Vector128<ulong> Load(ReadOnlySpan<byte> block16) => Vector128.Create(
        BinaryPrimitives.ReadUInt64BigEndian(block16[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(block16));

    private Vector128<ulong> Absorb(Vector128<ulong> y, ReadOnlySpan<byte> blocks)
    {
        Debug.Assert(blocks.Length % BlockSize == 0, "GHASH takes whole blocks.");
        if (blocks.IsEmpty)
        {
            return y;
        }

        return _engine == GHashEngine.Portable ? AbsorbSoftware(y, blocks) : AbsorbCarryless(y, blocks);
    }

    private Vector128<ulong> AbsorbCarryless(Vector128<ulong> y, ReadOnlySpan<byte> blocks)
    {
        // The length was validated as a multiple of 16, so the unchecked loads below stay inside the span.
        ref byte start = ref MemoryMarshal.GetReference(blocks);
        nuint length = (nuint)blocks.Length;
        nuint offset = 0;
        Vector128<byte> reverse = Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

        if (_engine == GHashEngine.WideCarryless)
        {
            y = AbsorbWide(y, ref start, length, ref offset, Vector512.Create(reverse));
        }

        Vector128<ulong>[] powers = _powers;
        Vector128<ulong>[] middles = _middles;
        Vector128<ulong> h1 = powers[0], h2 = powers[1], h3 = powers[2], h4 = powers[3];
        Vector128<ulong> h5 = powers[4], h6 = powers[5], h7 = powers[6], h8 = powers[7];
        Vector128<ulong> m1 = middles[0], m2 = middles[1], m3 = middles[2], m4 = middles[3];
        Vector128<ulong> m5 = middles[4], m6 = middles[5], m7 = middles[6], m8 = middles[7];

        for (; length - offset >= AggregatedBytes; offset += AggregatedBytes)
        {
            // (Y ⊕ X0)·H^8 ⊕ X1·H^7 ⊕ … ⊕ X7·H: eight Horner steps with one reduction.
            Vector128<ulong> x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset), reverse).AsUInt64() ^ y;
            Vector128<ulong> low = Pclmulqdq.CarrylessMultiply(x, h8, 0x00);
            Vector128<ulong> high = Pclmulqdq.CarrylessMultiply(x, h8, 0x11);
            Vector128<ulong> middle = Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m8, 0x00);

            x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset + 16), reverse).AsUInt64();
            low ^= Pclmulqdq.CarrylessMultiply(x, h7, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, h7, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m7, 0x00);

            x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset + 32), reverse).AsUInt64();
            low ^= Pclmulqdq.CarrylessMultiply(x, h6, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, h6, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m6, 0x00);

            x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset + 48), reverse).AsUInt64();
            low ^= Pclmulqdq.CarrylessMultiply(x, h5, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, h5, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m5, 0x00);

            x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset + 64), reverse).AsUInt64();
            low ^= Pclmulqdq.CarrylessMultiply(x, h4, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, h4, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m4, 0x00);

            x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset + 80), reverse).AsUInt64();
            low ^= Pclmulqdq.CarrylessMultiply(x, h3, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, h3, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m3, 0x00);

            x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset + 96), reverse).AsUInt64();
            low ^= Pclmulqdq.CarrylessMultiply(x, h2, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, h2, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m2, 0x00);

            x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset + 112), reverse).AsUInt64();
            low ^= Pclmulqdq.CarrylessMultiply(x, h1, 0x00);
            high ^= Pclmulqdq.CarrylessMultiply(x, h1, 0x11);
            middle ^= Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m1, 0x00);

            y = Reduce(low, high, middle);
        }

        for (; offset < length; offset += BlockSize)
        {
            Vector128<ulong> x = Ssse3.Shuffle(Vector128.LoadUnsafe(ref start, offset), reverse).AsUInt64() ^ y;
            y = Reduce(
                Pclmulqdq.CarrylessMultiply(x, h1, 0x00),
                Pclmulqdq.CarrylessMultiply(x, h1, 0x11),
                Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(x), m1, 0x00));
        }

        return y;
    }

    /// <summary>The 512-bit loop: (Y ⊕ X0)·H^16 ⊕ X1·H^15 ⊕ … ⊕ X15·H per reduction, four blocks per multiply;
    /// the lanes' partial sums are added up before the one reduction. Leaves offset at the first block it
    /// did not take (fewer than 16 remain).</summary>
    private Vector128<ulong> AbsorbWide(Vector128<ulong> y, ref byte start, nuint length, ref nuint offset, Vector512<byte> reverse)
    {
        Vector512<ulong>[] powers = _widePowers;
        Vector512<ulong>[] middles = _wideMiddles;
        Vector512<ulong> p0 = powers[0], p1 = powers[1], p2 = powers[2], p3 = powers[3];
        Vector512<ulong> m0 = middles[0], m1 = middles[1], m2 = middles[2], m3 = middles[3];

        for (; length - offset >= WideAggregatedBytes; offset += WideAggregatedBytes)
        {
            Vector512<ulong> x = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref start, offset), reverse).AsUInt64()
                ^ y.ToVector256().ToVector512();
            Vector512<ulong> low = Pclmulqdq.V512.CarrylessMultiply(x, p0, 0x00);
            Vector512<ulong> high = Pclmulqdq.V512.CarrylessMultiply(x, p0, 0x11);
            Vector512<ulong> middle = Pclmulqdq.V512.CarrylessMultiply(KaratsubaMiddle(x), m0, 0x00);

            x = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref start, offset + 64), reverse).AsUInt64();
            low ^= Pclmulqdq.V512.CarrylessMultiply(x, p1, 0x00);
            high ^= Pclmulqdq.V512.CarrylessMultiply(x, p1, 0x11);
            middle ^= Pclmulqdq.V512.CarrylessMultiply(KaratsubaMiddle(x), m1, 0x00);

            x = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref start, offset + 128), reverse).AsUInt64();
            low ^= Pclmulqdq.V512.CarrylessMultiply(x, p2, 0x00);
            high ^= Pclmulqdq.V512.CarrylessMultiply(x, p2, 0x11);
            middle ^= Pclmulqdq.V512.CarrylessMultiply(KaratsubaMiddle(x), m2, 0x00);

            x = Avx512BW.Shuffle(Vector512.LoadUnsafe(ref start, offset + 192), reverse).AsUInt64();
            low ^= Pclmulqdq.V512.CarrylessMultiply(x, p3, 0x00);
            high ^= Pclmulqdq.V512.CarrylessMultiply(x, p3, 0x11);
            middle ^= Pclmulqdq.V512.CarrylessMultiply(KaratsubaMiddle(x), m3, 0x00);

            y = Reduce(SumLanes(low), SumLanes(high), SumLanes(middle));
        }

        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> SumLanes(Vector512<ulong> v)
    {
        Vector256<ulong> half = v.GetLower() ^ v.GetUpper();
        return half.GetLower() ^ half.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> KaratsubaMiddle(Vector512<ulong> a) =>
        a ^ Avx512F.Shuffle(a.AsUInt32(), 0b01_00_11_10).AsUInt64();

    private static Vector128<ulong> MultiplyCarryless(Vector128<ulong> a, Vector128<ulong> b) => Reduce(
        Pclmulqdq.CarrylessMultiply(a, b, 0x00),
        Pclmulqdq.CarrylessMultiply(a, b, 0x11),
        Pclmulqdq.CarrylessMultiply(KaratsubaMiddle(a), KaratsubaMiddle(b), 0x00));

    /// <summary>Both lanes = upper ⊕ lower word: (a1+a0)(b1+b0) gives the middle term with one multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> KaratsubaMiddle(Vector128<ulong> a) =>
        a ^ Sse2.Shuffle(a.AsUInt32(), 0b01_00_11_10).AsUInt64();

    /// <summary>Turns the Karatsuba parts (low = a0·b0, high = a1·b1, middle = (a0+a1)(b0+b1), each summed over
    /// any number of products) into the reflected product reduced modulo x^128 + x^7 + x^2 + x + 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> low, Vector128<ulong> high, Vector128<ulong> middle)
    {
        middle ^= low ^ high;
        Vector128<ulong> productLow = low ^ Sse2.ShiftLeftLogical128BitLane(middle, 8);
        Vector128<ulong> productHigh = high ^ Sse2.ShiftRightLogical128BitLane(middle, 8);

        // The carry-less product of reflected operands is the reflected product shifted right by one bit.
        Vector128<ulong> carryLow = Sse2.ShiftRightLogical(productLow, 63);
        Vector128<ulong> carryHigh = Sse2.ShiftRightLogical(productHigh, 63);
        productLow = Sse2.ShiftLeftLogical(productLow, 1) | Sse2.ShiftLeftLogical128BitLane(carryLow, 8);
        productHigh = Sse2.ShiftLeftLogical(productHigh, 1)
            | Sse2.ShiftLeftLogical128BitLane(carryHigh, 8)
            | Sse2.ShiftRightLogical128BitLane(carryLow, 8);

        // productLow holds the coefficients of x^128..x^255 (x^255 in bit 0). x^128 = x^7 + x^2 + x + 1, i.e.
        // fold productLow in shifted right by 0, 1, 2 and 7. The bits those shifts push out of the low word
        // (degree >= 256 - 7) are folded once more up front into the upper word (shifts left by 63, 62, 57).
        Vector128<ulong> lowWordUp = Sse2.ShiftLeftLogical128BitLane(productLow, 8);
        Vector128<ulong> t = productLow
            ^ Sse2.ShiftLeftLogical(lowWordUp, 63)
            ^ Sse2.ShiftLeftLogical(lowWordUp, 62)
            ^ Sse2.ShiftLeftLogical(lowWordUp, 57);
        Vector128<ulong> upperWordDown = Sse2.ShiftRightLogical128BitLane(t, 8);
        Vector128<ulong> folded = t
            ^ Sse2.ShiftRightLogical(t, 1) ^ Sse2.ShiftLeftLogical(upperWordDown, 63)
            ^ Sse2.ShiftRightLogical(t, 2) ^ Sse2.ShiftLeftLogical(upperWordDown, 62)
            ^ Sse2.ShiftRightLogical(t, 7) ^ Sse2.ShiftLeftLogical(upperWordDown, 57);
        return productHigh ^ folded;
    }

    private Vector128<ulong> AbsorbSoftware(Vector128<ulong> y, ReadOnlySpan<byte> blocks)
    {
        ulong yHigh = y.GetElement(1);
        ulong yLow = y.GetElement(0);
        ulong hHigh = _powers[0].GetElement(1);
        ulong hLow = _powers[0].GetElement(0);

        for (int offset = 0; offset < blocks.Length; offset += BlockSize)
        {
            ReadOnlySpan<byte> block = blocks.Slice(offset, BlockSize);
            yHigh ^= BinaryPrimitives.ReadUInt64BigEndian(block);
            yLow ^= BinaryPrimitives.ReadUInt64BigEndian(block[8..]);
            MultiplySoftware(ref yHigh, ref yLow, hHigh, hLow);
        }

        return Vector128.Create(yLow, yHigh);
    }

    /// <summary>The carry-less path's arithmetic on plain integers (same reflected form, Karatsuba, shift and
    /// fold), with each 64×64 carry-less product built from integer multiplies.</summary>
    private static void MultiplySoftware(ref ulong yHigh, ref ulong yLow, ulong hHigh, ulong hLow)
    {
        CarrylessMultiply64(yLow, hLow, out ulong lowHigh, out ulong lowLow);
        CarrylessMultiply64(yHigh, hHigh, out ulong highHigh, out ulong highLow);
        CarrylessMultiply64(yLow ^ yHigh, hLow ^ hHigh, out ulong middleHigh, out ulong middleLow);
        middleHigh ^= lowHigh ^ highHigh;
        middleLow ^= lowLow ^ highLow;

        // 256-bit product w3:w2:w1:w0, then shifted left by one bit (see Reduce).
        ulong w0 = lowLow;
        ulong w1 = lowHigh ^ middleLow;
        ulong w2 = highLow ^ middleHigh;
        ulong w3 = highHigh;
        w3 = (w3 << 1) | (w2 >> 63);
        w2 = (w2 << 1) | (w1 >> 63);
        w1 = (w1 << 1) | (w0 >> 63);
        w0 <<= 1;

        // Fold w1:w0 (x^128..x^255) into w3:w2 exactly as Reduce does.
        ulong d = w1 ^ (w0 << 63) ^ (w0 << 62) ^ (w0 << 57);
        yHigh = w3 ^ d ^ (d >> 1) ^ (d >> 2) ^ (d >> 7);
        yLow = w2 ^ w0 ^ (w0 >> 1) ^ (w0 >> 2) ^ (w0 >> 7) ^ (d << 63) ^ (d << 62) ^ (d << 57);
    }

    /// <summary>Carry-less 64×64 → 128-bit product in constant time without CLMUL. Each operand is split into
    /// five parts holding every fifth bit; an integer product of two parts then has at most 13 terms at any
    /// bit position, so its sums never carry into the next position of the same residue mod 5, and that
    /// position's lowest bit is the XOR of its terms. Summing the five part products per residue and masking
    /// keeps exactly the carry-less result (25 widening multiplies).</summary>
    private static void CarrylessMultiply64(ulong x, ulong y, out ulong high, out ulong low)
    {
        const ulong M0 = 0x1084_2108_4210_8421;
        const ulong M1 = 0x2108_4210_8421_0842;
        const ulong M2 = 0x4210_8421_0842_1084;
        const ulong M3 = 0x8421_0842_1084_2108;
        const ulong M4 = 0x0842_1084_2108_4210;

        ulong x0 = x & M0, x1 = x & M1, x2 = x & M2, x3 = x & M3, x4 = x & M4;
        ulong y0 = y & M0, y1 = y & M1, y2 = y & M2, y3 = y & M3, y4 = y & M4;

        // Residue k collects the parts i, j with i + j ≡ k (mod 5).
        ulong z0High = 0, z0Low = 0, z1High = 0, z1Low = 0, z2High = 0, z2Low = 0, z3High = 0, z3Low = 0, z4High = 0, z4Low = 0;
        Add(x0, y0, ref z0High, ref z0Low);
        Add(x1, y4, ref z0High, ref z0Low);
        Add(x2, y3, ref z0High, ref z0Low);
        Add(x3, y2, ref z0High, ref z0Low);
        Add(x4, y1, ref z0High, ref z0Low);
        Add(x0, y1, ref z1High, ref z1Low);
        Add(x1, y0, ref z1High, ref z1Low);
        Add(x2, y4, ref z1High, ref z1Low);
        Add(x3, y3, ref z1High, ref z1Low);
        Add(x4, y2, ref z1High, ref z1Low);
        Add(x0, y2, ref z2High, ref z2Low);
        Add(x1, y1, ref z2High, ref z2Low);
        Add(x2, y0, ref z2High, ref z2Low);
        Add(x3, y4, ref z2High, ref z2Low);
        Add(x4, y3, ref z2High, ref z2Low);
        Add(x0, y3, ref z3High, ref z3Low);
        Add(x1, y2, ref z3High, ref z3Low);
        Add(x2, y1, ref z3High, ref z3Low);
        Add(x3, y0, ref z3High, ref z3Low);
        Add(x4, y4, ref z3High, ref z3Low);
        Add(x0, y4, ref z4High, ref z4Low);
        Add(x1, y3, ref z4High, ref z4Low);
        Add(x2, y2, ref z4High, ref z4Low);
        Add(x3, y1, ref z4High, ref z4Low);
        Add(x4, y0, ref z4High, ref z4Low);

        // Bit 64 + q has residue (q + 4) mod 5, so the upper word's mask for residue k is M[(k + 1) mod 5].
        low = (z0Low & M0) | (z1Low & M1) | (z2Low & M2) | (z3Low & M3) | (z4Low & M4);
        high = (z0High & M1) | (z1High & M2) | (z2High & M3) | (z3High & M4) | (z4High & M0);
    }

    /// <summary>XORs the 128-bit integer product of two parts into its residue's sum. Each product is exact (the
    /// parity of its terms) at the residue's positions, so products are combined with XOR: adding them could
    /// carry from one position of the residue into the next.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ulong a, ulong b, ref ulong high, ref ulong low)
    {
        high ^= Math.BigMul(a, b, out ulong productLow);
        low ^= productLow;
    }
}
