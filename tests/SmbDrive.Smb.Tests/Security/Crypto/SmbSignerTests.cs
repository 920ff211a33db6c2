using System.Buffers.Binary;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Tests.Security.Crypto;

[TestFixture]
internal sealed class SmbSignerTests
{
    private static readonly SigningAlgorithm[] AllAlgorithms =
        [SigningAlgorithm.HmacSha256, SigningAlgorithm.AesCmac, SigningAlgorithm.AesGmac];

    // Captured SMB 2.1 responses with their HMAC-SHA256 signatures, as published in SMBLibrary's
    // SMBLibrary.Tests/SMB2SigningTests.cs (Test1, Test2): session key, message (signature at 48).
    [TestCase(
        "D38354CC374339F0524F789146789921",
        "FE534D4240000100280100C00B000700 09000000000000000400000000000000 " +
        "FFFE0000010000000100000000040000 FBD284340324C62FBEBB65DD1051F3AE 0900000000000000FF")]
    [TestCase(
        "04E707571F8E0353B77A94C3653B87B5",
        "FE534D4240000100280100C00B000700 09000000000000000400000000000000 " +
        "FFFE0000010000000500000000040000 A164FFE53D6811981F386772E387E06F 0900000000000000FF")]
    public void HmacSha256_PublishedSmb21Message_VerifiesAndSignReproducesIt(string key, string message)
    {
        using SmbSigner signer = SmbSigner.Create(SigningAlgorithm.HmacSha256, Hex.Parse(key));
        byte[] published = Hex.Parse(message);
        byte[] resigned = (byte[])published.Clone();
        resigned.AsSpan(48, 16).Fill(0xAA);

        signer.Sign(resigned);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Verify(published), Is.True);
            Assert.That(resigned, Is.EqualTo(published));
        });
    }

    // Final SESSION_SETUP responses (SMB 3.1.1, no signing context, so AES-CMAC) with the signing keys derived
    // in the same published sessions. Sources: the anatomy blog (3.1.1 multichannel master session) and
    // "SMB 3.1.1 Encryption in Windows 10", appendices A.1 (GCM session) and A.2 (CCM session).
    [TestCase(AnatomyBlogVectors.SigningKey, AnatomyBlogVectors.SessionSetupResponseFinal)]
    [TestCase(
        "8765949DFEAEE105CE9118B45BE988F0",
        "FE534D4240000100000000000100800009000000000000000200000000000000FFFE000000000000" +
        "25000000001000006B85A4519A0F3EEA35BA946DD3AFE6B80900000048001D00A11B3019A0030A01" +
        "00A3120410010000003932A87523AB660100000000")]
    [TestCase(
        "3DCC82C5795AE27F383242761078C59B",
        "FE534D4240000100000000000100800009000000000000000200000000000000FFFE000000000000" +
        "21000000001000003676196AEE8CA17E5D50A53642EF2BE40900000048001D00A11B3019A0030A01" +
        "00A3120410010000000F57444342A2717E00000000")]
    public void AesCmac_PublishedSessionSetupResponse_VerifiesAndSignReproducesIt(string key, string message)
    {
        using SmbSigner signer = SmbSigner.Create(SigningAlgorithm.AesCmac, Hex.Parse(key));
        byte[] published = Hex.Parse(message);
        byte[] resigned = (byte[])published.Clone();
        resigned.AsSpan(48, 16).Clear();

        signer.Sign(resigned);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Verify(published), Is.True);
            Assert.That(resigned, Is.EqualTo(published));
        });
    }

    // No published SMB AES-GMAC signing vector was found (MS-SMB2 has no example; the Microsoft blogs predate
    // 3.1.1 signing negotiation), so the signature is cross-checked against BouncyCastle's GMac over GCM with
    // the nonce built here straight from MS-SMB2 3.1.4.1: MessageId ‖ (bit0 = response, bit1 = CANCEL).
    [TestCase(0x0008u, (ushort)0x0009, 0x1234_5678_9ABC_DEF0ul, 0u)] // WRITE request
    [TestCase(0x0009u, (ushort)0x0008, 42ul, 1u)]                      // signed READ response
    [TestCase(0x0008u, (ushort)0x000C, 7ul, 2u)]                       // CANCEL request
    [TestCase(0x000Bu, (ushort)0x000C, 7ul, 3u)]                       // CANCEL shape with response bit
    public void AesGmac_Message_MatchesBouncyCastleGmacWithSpecNonce(uint flags, ushort command, ulong messageId, uint nonceTail)
    {
        byte[] key = Hex.Parse("8765949DFEAEE105CE9118B45BE988F0");
        byte[] message = BuildMessage(command, flags, messageId, bodyLength: 300, seed: 5);
        using SmbSigner signer = SmbSigner.Create(SigningAlgorithm.AesGmac, key);

        signer.Sign(message);

        byte[] zeroed = (byte[])message.Clone();
        zeroed.AsSpan(48, 16).Clear();
        byte[] nonce = new byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(nonce, messageId);
        BinaryPrimitives.WriteUInt32LittleEndian(nonce.AsSpan(8), nonceTail);
        Assert.That(message.AsSpan(48, 16).ToArray(), Is.EqualTo(BouncyCastleGmac(key, nonce, zeroed)));
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void SignThenVerify_AnyAlgorithm_Verifies(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, TestKey());
        byte[] message = BuildMessage(command: 0x08, flags: 0x8, messageId: 99, bodyLength: 5000, seed: 1);

        signer.Sign(message);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Algorithm, Is.EqualTo(algorithm));
            Assert.That(message.AsSpan(48, 16).ToArray(), Is.Not.EqualTo(new byte[16]));
            Assert.That(signer.Verify(message), Is.True);
        });
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void Sign_AnyAlgorithm_ChangesOnlyTheSignatureField(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, TestKey());
        byte[] message = BuildMessage(command: 0x05, flags: 0x8, messageId: 3, bodyLength: 120, seed: 2);
        message.AsSpan(48, 16).Fill(0x5A);
        byte[] before = (byte[])message.Clone();

        signer.Sign(message);

        Assert.Multiple(() =>
        {
            Assert.That(message.AsSpan(0, 48).ToArray(), Is.EqualTo(before.AsSpan(0, 48).ToArray()));
            Assert.That(message.AsSpan(64).ToArray(), Is.EqualTo(before.AsSpan(64).ToArray()));
        });
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void Verify_OneByteFlippedAnywhere_FailsAndLeavesMessageUnchanged(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, TestKey());
        byte[] signed = BuildMessage(command: 0x08, flags: 0x9, messageId: 1234, bodyLength: 100, seed: 3);
        signer.Sign(signed);

        var accepted = new List<int>();
        var altered = new List<int>();
        for (int i = 0; i < signed.Length; i++)
        {
            byte[] tampered = (byte[])signed.Clone();
            tampered[i] ^= 0x01;
            byte[] copy = (byte[])tampered.Clone();
            if (signer.Verify(tampered))
            {
                accepted.Add(i);
            }

            if (!tampered.AsSpan().SequenceEqual(copy))
            {
                altered.Add(i);
            }
        }

        byte[] intact = (byte[])signed.Clone();
        bool intactVerifies = signer.Verify(intact);

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.Empty, "offsets whose flipped byte still verified");
            Assert.That(altered, Is.Empty, "offsets where Verify did not restore the message");
            Assert.That(intactVerifies, Is.True);
            Assert.That(intact, Is.EqualTo(signed));
        });
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void Verify_DifferentKey_Fails(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, TestKey());
        byte[] otherKey = TestKey();
        otherKey[0] ^= 0x80;
        using SmbSigner other = SmbSigner.Create(algorithm, otherKey);
        byte[] message = BuildMessage(command: 0x08, flags: 0x9, messageId: 5, bodyLength: 64, seed: 4);
        signer.Sign(message);

        Assert.That(other.Verify(message), Is.False);
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void Verify_ShorterThanHeader_ReturnsFalse(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, TestKey());

        Assert.Multiple(() =>
        {
            Assert.That(signer.Verify([]), Is.False);
            Assert.That(signer.Verify(new byte[63]), Is.False);
            Assert.That(() => signer.Sign(new byte[63]), Throws.ArgumentException);
        });
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void SignAndVerify_ManyThreadsAtOnce_AllSignaturesVerify(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, TestKey());
        int failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] message = BuildMessage(command: 0x08, flags: (uint)(0x8 | (i & 1)), messageId: (ulong)i, bodyLength: 64 + (i * 37 % 3000), seed: i);
            byte[] reference = (byte[])message.Clone();
            signer.Sign(message);
            byte[] expectedSignature = message.AsSpan(48, 16).ToArray();
            reference.AsSpan(48, 16).Clear();
            signer.Sign(reference);
            if (!signer.Verify(message) || !reference.AsSpan(48, 16).SequenceEqual(expectedSignature))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void Create_WrongKeyLengthForAes_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => SmbSigner.Create(SigningAlgorithm.AesCmac, new byte[32]), Throws.ArgumentException);
            Assert.That(() => SmbSigner.Create(SigningAlgorithm.AesGmac, new byte[15]), Throws.ArgumentException);
            Assert.That(() => SmbSigner.Create(SigningAlgorithm.HmacSha256, []), Throws.ArgumentException);
            Assert.That(() => SmbSigner.Create((SigningAlgorithm)7, new byte[16]), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void Sign_AfterDispose_ThrowsObjectDisposed(SigningAlgorithm algorithm)
    {
        SmbSigner signer = SmbSigner.Create(algorithm, TestKey());
        signer.Dispose();

        Assert.That(() => signer.Sign(new byte[64]), Throws.TypeOf<ObjectDisposedException>());
    }

    internal static byte[] BuildMessage(ushort command, uint flags, ulong messageId, int bodyLength, int seed)
    {
        byte[] message = new byte[64 + bodyLength];
        new Random(seed).NextBytes(message);
        message[0] = 0xFE;
        message[1] = (byte)'S';
        message[2] = (byte)'M';
        message[3] = (byte)'B';
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(4), 64);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(12), command);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), flags);
        BinaryPrimitives.WriteUInt64LittleEndian(message.AsSpan(24), messageId);
        return message;
    }

    private static byte[] TestKey() => Enumerable.Range(0xA0, 16).Select(i => (byte)i).ToArray();

    private static byte[] BouncyCastleGmac(byte[] key, byte[] nonce, byte[] data)
    {
        var gmac = new GMac(new GcmBlockCipher(new AesEngine()), 128);
        gmac.Init(new ParametersWithIV(new KeyParameter(key), nonce));
        gmac.BlockUpdate(data, 0, data.Length);
        byte[] tag = new byte[16];
        gmac.DoFinal(tag, 0);
        return tag;
    }
}
