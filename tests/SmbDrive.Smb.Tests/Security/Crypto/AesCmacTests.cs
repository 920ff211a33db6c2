using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Tests.Security.Crypto;

[TestFixture]
internal sealed class AesCmacTests
{
    // RFC 4493 section 4, "Test Vectors".
    private const string RfcKey = "2b7e1516 28aed2a6 abf71588 09cf4f3c";
    private const string RfcMessage64 =
        "6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51 " +
        "30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710";

    [TestCase(0, "bb1d6929 e9593728 7fa37d12 9b756746")]
    [TestCase(16, "070a16b4 6b4d4144 f79bdd9d d04a287c")]
    [TestCase(40, "dfa66747 de9ae630 30ca3261 1497c827")]
    [TestCase(64, "51f0bebf 7e3b9d92 fc497417 79363cfe")]
    public void Compute_Rfc4493Example_MatchesPublishedMac(int length, string expectedMac)
    {
        using var cmac = new AesCmac(Hex.Parse(RfcKey));
        byte[] mac = new byte[16];

        cmac.Compute(Hex.Parse(RfcMessage64).AsSpan(0, length), mac);

        Assert.That(mac, Is.EqualTo(Hex.Parse(expectedMac)));
    }

    // No published vector covers messages long enough to cross our internal CBC chunk boundaries (1 KiB stack
    // scratch, 4 MiB pooled chunks), so these lengths are checked against BouncyCastle's independent CMac.
    [TestCase(1)]
    [TestCase(15)]
    [TestCase(17)]
    [TestCase(1024)]
    [TestCase(1040)]
    [TestCase(1041)]
    [TestCase(1024 * 1024 + 80)]
    [TestCase(4 * 1024 * 1024)]
    [TestCase(4 * 1024 * 1024 + 16)]
    [TestCase(4 * 1024 * 1024 + 17)]
    [TestCase(9 * 1024 * 1024 + 5)]
    public void Compute_LongOrOddLength_MatchesBouncyCastleCmac(int length)
    {
        byte[] key = Enumerable.Range(0, 16).Select(i => (byte)(i * 7 + 3)).ToArray();
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        using var cmac = new AesCmac(key);
        byte[] mac = new byte[16];

        cmac.Compute(data, mac);

        Assert.That(mac, Is.EqualTo(BouncyCastleCmac(key, data)));
    }

    [TestCase(0, "bb1d6929 e9593728 7fa37d12 9b756746")]
    [TestCase(16, "070a16b4 6b4d4144 f79bdd9d d04a287c")]
    [TestCase(40, "dfa66747 de9ae630 30ca3261 1497c827")]
    [TestCase(64, "51f0bebf 7e3b9d92 fc497417 79363cfe")]
    public void ComputeTwoParts_Rfc4493ExampleSplitAnywhere_MatchesPublishedMac(int length, string expectedMac)
    {
        using var cmac = new AesCmac(Hex.Parse(RfcKey));
        byte[] message = Hex.Parse(RfcMessage64).AsSpan(0, length).ToArray();
        var wrongSplits = new List<int>();

        for (int split = 0; split <= length; split++)
        {
            byte[] mac = new byte[16];
            cmac.Compute(message.AsSpan(0, split), message.AsSpan(split), mac);
            if (!mac.AsSpan().SequenceEqual(Hex.Parse(expectedMac)))
            {
                wrongSplits.Add(split);
            }
        }

        Assert.That(wrongSplits, Is.Empty);
    }

    // Every length up to 100 with every split covers a first part ending mid-block, a second part of 0..15 bytes
    // and a last block that lies wholly in either part or straddles them.
    [Test]
    public void ComputeTwoParts_EveryLengthUpTo100AndEverySplit_MatchesOnePart()
    {
        byte[] key = Enumerable.Range(0, 16).Select(i => (byte)(i * 13 + 1)).ToArray();
        using var cmac = new AesCmac(key);
        var random = new Random(100);
        var mismatches = new List<string>();

        for (int length = 0; length <= 100; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            byte[] expected = BouncyCastleCmac(key, data);
            for (int split = 0; split <= length; split++)
            {
                byte[] mac = new byte[16];
                cmac.Compute(data.AsSpan(0, split), data.AsSpan(split), mac);
                if (!mac.AsSpan().SequenceEqual(expected))
                {
                    mismatches.Add($"{length}/{split}");
                }
            }
        }

        Assert.That(mismatches, Is.Empty, "length/split pairs whose MAC differs");
    }

    // Parts long enough to cross the 1 KiB stack scratch and the 4 MiB chunk size on either side of the split.
    [TestCase(64, 1024 * 1024)]
    [TestCase(80, 1024 * 1024)]
    [TestCase(81, 1024 * 1024)]
    [TestCase(81, 1024 * 1024 + 15)]
    [TestCase(112, 1023)]
    [TestCase(1041, 1041)]
    [TestCase(4 * 1024 * 1024 + 17, 4 * 1024 * 1024 + 5)]
    [TestCase(3, 4 * 1024 * 1024 + 29)]
    public void ComputeTwoParts_LongParts_MatchesBouncyCastleCmac(int firstLength, int secondLength)
    {
        byte[] key = Enumerable.Range(0, 16).Select(i => (byte)(i * 7 + 3)).ToArray();
        byte[] data = new byte[firstLength + secondLength];
        new Random(firstLength ^ secondLength).NextBytes(data);
        using var cmac = new AesCmac(key);
        byte[] mac = new byte[16];

        cmac.Compute(data.AsSpan(0, firstLength), data.AsSpan(firstLength), mac);

        Assert.That(mac, Is.EqualTo(BouncyCastleCmac(key, data)));
    }

    [Test]
    public void Compute_CalledTwice_GivesSameMac()
    {
        using var cmac = new AesCmac(Hex.Parse(RfcKey));
        byte[] first = new byte[16];
        byte[] second = new byte[16];
        byte[] data = new byte[5000];
        new Random(1).NextBytes(data);

        cmac.Compute(data, first);
        cmac.Compute(data, second);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Constructor_WrongKeyLength_Throws()
    {
        Assert.That(() => new AesCmac(new byte[15]), Throws.ArgumentException);
    }

    [Test]
    public void Compute_AfterDispose_ThrowsObjectDisposed()
    {
        var cmac = new AesCmac(Hex.Parse(RfcKey));
        cmac.Dispose();

        Assert.That(() => cmac.Compute(new byte[3], new byte[16]), Throws.TypeOf<ObjectDisposedException>());
    }

    private static byte[] BouncyCastleCmac(byte[] key, byte[] data)
    {
        var mac = new CMac(new AesEngine());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data, 0, data.Length);
        byte[] result = new byte[mac.GetMacSize()];
        mac.DoFinal(result, 0);
        return result;
    }
}
