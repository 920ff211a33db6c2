using System.Security.Cryptography;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Tests.Security.Crypto;

/// <summary>Our GMAC (own GHASH, every engine the CPU has: portable, PCLMULQDQ, 512-bit VPCLMULQDQ) must give exactly AesGcm's tag
/// for an empty plaintext, whatever the key, nonce, associated-data length and split point.</summary>
[TestFixture]
internal sealed class AesGmacTests
{
    [Test]
    public void Compute_McGrewViegaTestCase1_MatchesPublishedTag([Values] GHashEngine engine)
    {
        AssumeSupported(engine);

        // "The Galois/Counter Mode of Operation (GCM)", McGrew & Viega, Test Case 1: K = 0^128, IV = 0^96,
        // empty P and A: T = 58e2fccefa7e3061367f1d57a4e7455a.
        using var gmac = new AesGmac(new byte[16], engine);
        byte[] tag = new byte[16];

        gmac.Compute(new byte[12], [], [], tag);

        Assert.That(tag, Is.EqualTo(Hex.Parse("58e2fccefa7e3061367f1d57a4e7455a")));
    }

    [Test]
    public void Compute_EveryLengthUpTo200AndEverySplit_MatchesAesGcmTag([Values] GHashEngine engine)
    {
        AssumeSupported(engine);
        var random = new Random(20261203);
        byte[] key = RandomBytes(random, 16);
        byte[] nonce = RandomBytes(random, 12);
        using var gmac = new AesGmac(key, engine);
        using var gcm = new AesGcm(key, 16);
        var mismatches = new List<string>();

        for (int length = 0; length <= 200; length++)
        {
            byte[] data = RandomBytes(random, length);
            byte[] expected = AesGcmTag(gcm, nonce, data);
            for (int split = 0; split <= length; split++)
            {
                byte[] tag = new byte[16];
                gmac.Compute(nonce, data.AsSpan(0, split), data.AsSpan(split), tag);
                if (!tag.AsSpan().SequenceEqual(expected))
                {
                    mismatches.Add($"{length}/{split}");
                }
            }
        }

        Assert.That(mismatches, Is.Empty, "length/split pairs whose tag differs from AesGcm's");
    }

    [Test]
    public void Compute_RandomKeysNoncesAndLengths_MatchesAesGcmTag([Values] GHashEngine engine, [Values(16, 24, 32)] int keySize)
    {
        AssumeSupported(engine);
        var random = new Random((keySize * 3) + (int)engine);
        var mismatches = new List<string>();

        for (int trial = 0; trial < 200; trial++)
        {
            byte[] key = RandomBytes(random, keySize);
            byte[] nonce = RandomBytes(random, 12);
            int length = trial < 100 ? random.Next(0, 5000) : random.Next(5000, 70_000);
            byte[] data = RandomBytes(random, length);
            int split = random.Next(0, length + 1);
            using var gmac = new AesGmac(key, engine);
            using var gcm = new AesGcm(key, 16);
            byte[] tag = new byte[16];

            gmac.Compute(nonce, data.AsSpan(0, split), data.AsSpan(split), tag);

            if (!tag.AsSpan().SequenceEqual(AesGcmTag(gcm, nonce, data)))
            {
                mismatches.Add($"trial {trial}: length {length}, split {split}");
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public void Compute_OneMebibyteAfterAHead_MatchesAesGcmTag([Values] GHashEngine engine, [Values(64, 80, 81, 96, 112)] int headLength)
    {
        AssumeSupported(engine);
        var random = new Random(headLength);
        byte[] key = RandomBytes(random, 16);
        byte[] nonce = RandomBytes(random, 12);
        byte[] data = RandomBytes(random, headLength + (1024 * 1024));
        using var gmac = new AesGmac(key, engine);
        using var gcm = new AesGcm(key, 16);
        byte[] tag = new byte[16];

        gmac.Compute(nonce, data.AsSpan(0, headLength), data.AsSpan(headLength), tag);

        Assert.That(tag, Is.EqualTo(AesGcmTag(gcm, nonce, data)));
    }

    [Test]
    public void Constructor_Default_UsesTheFastestEngineTheCpuHas()
    {
        using var gmac = new AesGmac(new byte[16]);

        // The enum lists engines slowest first.
        GHashEngine fastestSupported = Enum.GetValues<GHashEngine>().Where(GHash.IsSupported).Max();

        Assert.Multiple(() =>
        {
            Assert.That(gmac.Engine, Is.EqualTo(GHash.FastestEngine));
            Assert.That(GHash.FastestEngine, Is.EqualTo(fastestSupported));
        });
    }

    [Test]
    public void Compute_BadNonceOrTagLengthOrDisposed_Throws()
    {
        var gmac = new AesGmac(new byte[16]);

        Assert.Multiple(() =>
        {
            Assert.That(() => gmac.Compute(new byte[11], [], [], new byte[16]), Throws.ArgumentException);
            Assert.That(() => gmac.Compute(new byte[12], [], [], new byte[15]), Throws.ArgumentException);
            Assert.That(() => new AesGmac(new byte[15]), Throws.ArgumentException);
            gmac.Dispose();
            Assert.That(() => gmac.Compute(new byte[12], [], [], new byte[16]), Throws.TypeOf<ObjectDisposedException>());
        });
    }

    [Test]
    public void Constructor_EngineTheCpuLacks_Throws()
    {
        GHashEngine[] unsupported = Enum.GetValues<GHashEngine>().Where(e => !GHash.IsSupported(e)).ToArray();
        Assume.That(unsupported, Is.Not.Empty, "this CPU runs every engine");

        Assert.That(() => new AesGmac(new byte[16], unsupported[0]), Throws.TypeOf<PlatformNotSupportedException>());
    }

    internal static void AssumeSupported(GHashEngine engine) =>
        Assume.That(GHash.IsSupported(engine), Is.True, $"this CPU cannot run the {engine} engine");

    private static byte[] AesGcmTag(AesGcm gcm, byte[] nonce, byte[] associatedData)
    {
        byte[] tag = new byte[16];
        gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, associatedData);
        return tag;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
