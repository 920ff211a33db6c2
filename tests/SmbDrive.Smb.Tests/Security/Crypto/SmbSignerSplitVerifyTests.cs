using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Tests.Security.Crypto;

/// <summary>Verify(head, tail) must accept exactly what Verify(head ‖ tail) accepts, for every algorithm and for
/// every GHASH engine behind AES-GMAC, and leave the head's Signature field as it found it.</summary>
[TestFixture]
internal sealed class SmbSignerSplitVerifyTests
{
    // Heads an SMB2 READ response can arrive with: the bare header, header + READ body (80), DataOffset one
    // byte past it, and padded to larger DataOffsets.
    private static readonly int[] HeadLengths = [64, 80, 81, 96, 112];

    // "AesGmac" is what SmbSigner.Create gives (the fastest GHASH engine); the others force one engine.
    private static readonly string[] Signers = ["HmacSha256", "AesCmac", "AesGmac", "AesGmacPortable", "AesGmacCarryless", "AesGmacWideCarryless"];

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_ManyHeadAndTailLengths_AgreesWithOneShotVerify(string signerName)
    {
        using SmbSigner signer = CreateSigner(signerName);
        var random = new Random(signerName.Length);
        var disagreements = new List<string>();
        IEnumerable<int> tailLengths = Enumerable.Range(0, 300).Concat(Enumerable.Range(0, 130).Select(i => 300 + (i * 37))).Append(4999).Append(5000);

        foreach (int headLength in HeadLengths)
        {
            foreach (int tailLength in tailLengths)
            {
                byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, (ulong)random.NextInt64(), headLength - 64 + tailLength, random.Next());
                signer.Sign(message);
                byte[] head = message.AsSpan(0, headLength).ToArray();
                byte[] tail = message.AsSpan(headLength).ToArray();

                // One bit flipped somewhere, to see that both forms also agree on a rejection.
                byte[] tampered = (byte[])message.Clone();
                int flipped = random.Next(tampered.Length);
                tampered[flipped] ^= (byte)(1 << random.Next(8));
                byte[] tamperedHead = tampered.AsSpan(0, headLength).ToArray();
                byte[] tamperedTail = tampered.AsSpan(headLength).ToArray();

                bool oneShot = signer.Verify(message);
                bool split = signer.Verify(head, tail);
                bool tamperedOneShot = signer.Verify(tampered);
                bool tamperedSplit = signer.Verify(tamperedHead, tamperedTail);
                if (!oneShot || !split || tamperedOneShot || tamperedSplit)
                {
                    disagreements.Add($"head {headLength}, tail {tailLength}: one-shot {oneShot}, split {split}, " +
                        $"bit at byte {flipped} flipped: one-shot {tamperedOneShot}, split {tamperedSplit}");
                }
            }
        }

        Assert.That(disagreements, Is.Empty);
    }

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_OneMebibyteTail_VerifiesAndRejectsAFlippedBit(string signerName)
    {
        using SmbSigner signer = CreateSigner(signerName);
        const int headLength = 80;
        byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, 77, headLength - 64 + (1024 * 1024), 9);
        signer.Sign(message);
        byte[] head = message.AsSpan(0, headLength).ToArray();
        byte[] tail = message.AsSpan(headLength).ToArray();

        bool intact = signer.Verify(head, tail);
        tail[^1] ^= 0x80;
        bool lastBitFlipped = signer.Verify(head, tail);
        tail[^1] ^= 0x80;
        tail[512 * 1024] ^= 0x01;
        bool middleBitFlipped = signer.Verify(head, tail);

        Assert.Multiple(() =>
        {
            Assert.That(intact, Is.True);
            Assert.That(lastBitFlipped, Is.False);
            Assert.That(middleBitFlipped, Is.False);
        });
    }

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_EveryBitFlippedInHeadOrTail_FailsAndRestoresHead(string signerName)
    {
        using SmbSigner signer = CreateSigner(signerName);
        const int headLength = 81;
        byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, 1234, headLength - 64 + 100, 3);
        signer.Sign(message);
        var accepted = new List<int>();
        var headAltered = new List<int>();

        for (int bit = 0; bit < message.Length * 8; bit++)
        {
            byte[] tampered = (byte[])message.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            byte[] head = tampered.AsSpan(0, headLength).ToArray();
            byte[] headBefore = (byte[])head.Clone();
            if (signer.Verify(head, tampered.AsSpan(headLength)))
            {
                accepted.Add(bit);
            }

            if (!head.AsSpan().SequenceEqual(headBefore))
            {
                headAltered.Add(bit);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.Empty, "bit positions whose flip still verified");
            Assert.That(headAltered, Is.Empty, "bit positions after which the head was not restored");
            Assert.That(signer.Verify(message.AsSpan(0, headLength).ToArray(), message.AsSpan(headLength)), Is.True);
        });
    }

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_WrongOrZeroSignature_FailsAndRestoresSignatureField(string signerName)
    {
        using SmbSigner signer = CreateSigner(signerName);
        byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, 5, 16 + 4096, 4);
        signer.Sign(message);
        byte[] tail = message.AsSpan(80).ToArray();

        byte[] wrong = message.AsSpan(0, 80).ToArray();
        wrong[48 + 15] ^= 0x40;
        byte[] wrongBefore = (byte[])wrong.Clone();
        byte[] zero = message.AsSpan(0, 80).ToArray();
        zero.AsSpan(48, 16).Clear();
        byte[] right = message.AsSpan(0, 80).ToArray();
        byte[] rightBefore = (byte[])right.Clone();

        bool wrongVerifies = signer.Verify(wrong, tail);
        bool zeroVerifies = signer.Verify(zero, tail);
        bool rightVerifies = signer.Verify(right, tail);

        Assert.Multiple(() =>
        {
            Assert.That(wrongVerifies, Is.False);
            Assert.That(zeroVerifies, Is.False);
            Assert.That(rightVerifies, Is.True);
            Assert.That(wrong, Is.EqualTo(wrongBefore));
            Assert.That(zero.AsSpan(48, 16).ToArray(), Is.EqualTo(new byte[16]));
            Assert.That(right, Is.EqualTo(rightBefore));
        });
    }

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_DifferentKey_Fails(string signerName)
    {
        using SmbSigner signer = CreateSigner(signerName);
        byte[] otherKey = TestKey();
        otherKey[15] ^= 0x01;
        using SmbSigner other = CreateSigner(signerName, otherKey);
        byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, 6, 16 + 1000, 6);
        signer.Sign(message);

        Assert.That(other.Verify(message.AsSpan(0, 80).ToArray(), message.AsSpan(80)), Is.False);
    }

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_HeadShorterThanHeader_ReturnsFalse(string signerName)
    {
        using SmbSigner signer = CreateSigner(signerName);
        byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, 6, 100, 6);
        signer.Sign(message);

        Assert.Multiple(() =>
        {
            Assert.That(signer.Verify(message.AsSpan(0, 63).ToArray(), message.AsSpan(63)), Is.False);
            Assert.That(signer.Verify([], message), Is.False);
        });
    }

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_AfterDispose_ThrowsObjectDisposed(string signerName)
    {
        SmbSigner signer = CreateSigner(signerName);
        signer.Dispose();

        Assert.That(() => signer.Verify(new byte[64], new byte[10]), Throws.TypeOf<ObjectDisposedException>());
    }

    // The published messages the one-shot tests use (SMBLibrary's SMB 2.1 HMAC-SHA256 captures and the 3.1.1
    // AES-CMAC SESSION_SETUP responses), split at every point after the header.
    [TestCase(
        SigningAlgorithm.HmacSha256,
        "D38354CC374339F0524F789146789921",
        "FE534D4240000100280100C00B000700 09000000000000000400000000000000 " +
        "FFFE0000010000000100000000040000 FBD284340324C62FBEBB65DD1051F3AE 0900000000000000FF")]
    [TestCase(
        SigningAlgorithm.HmacSha256,
        "04E707571F8E0353B77A94C3653B87B5",
        "FE534D4240000100280100C00B000700 09000000000000000400000000000000 " +
        "FFFE0000010000000500000000040000 A164FFE53D6811981F386772E387E06F 0900000000000000FF")]
    [TestCase(SigningAlgorithm.AesCmac, AnatomyBlogVectors.SigningKey, AnatomyBlogVectors.SessionSetupResponseFinal)]
    [TestCase(
        SigningAlgorithm.AesCmac,
        "8765949DFEAEE105CE9118B45BE988F0",
        "FE534D4240000100000000000100800009000000000000000200000000000000FFFE000000000000" +
        "25000000001000006B85A4519A0F3EEA35BA946DD3AFE6B80900000048001D00A11B3019A0030A01" +
        "00A3120410010000003932A87523AB660100000000")]
    [TestCase(
        SigningAlgorithm.AesCmac,
        "3DCC82C5795AE27F383242761078C59B",
        "FE534D4240000100000000000100800009000000000000000200000000000000FFFE000000000000" +
        "21000000001000003676196AEE8CA17E5D50A53642EF2BE40900000048001D00A11B3019A0030A01" +
        "00A3120410010000000F57444342A2717E00000000")]
    public void VerifySplit_PublishedMessageSplitAnywhereAfterHeader_Verifies(SigningAlgorithm algorithm, string key, string message)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, Hex.Parse(key));
        byte[] published = Hex.Parse(message);
        var rejectedSplits = new List<int>();

        for (int split = 64; split <= published.Length; split++)
        {
            if (!signer.Verify(published.AsSpan(0, split).ToArray(), published.AsSpan(split)))
            {
                rejectedSplits.Add(split);
            }
        }

        Assert.That(rejectedSplits, Is.Empty);
    }

    [TestCaseSource(nameof(Signers))]
    public void VerifySplit_ManyThreadsWhileOthersSign_AllVerify(string signerName)
    {
        using SmbSigner signer = CreateSigner(signerName);
        int failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, (ulong)i, 16 + (i * 53 % 3000), i);
            signer.Sign(message);
            if (!signer.Verify(message.AsSpan(0, 80).ToArray(), message.AsSpan(80)))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.That(failures, Is.Zero);
    }

    private static SmbSigner CreateSigner(string name, byte[]? key = null)
    {
        key ??= TestKey();
        return name switch
        {
            "HmacSha256" => SmbSigner.Create(SigningAlgorithm.HmacSha256, key),
            "AesCmac" => SmbSigner.Create(SigningAlgorithm.AesCmac, key),
            "AesGmac" => SmbSigner.Create(SigningAlgorithm.AesGmac, key),
            "AesGmacPortable" => new AesGmacSigner(key, GHashEngine.Portable),
            "AesGmacCarryless" => ForcedEngine(key, GHashEngine.Carryless),
            "AesGmacWideCarryless" => ForcedEngine(key, GHashEngine.WideCarryless),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown signer."),
        };
    }

    private static AesGmacSigner ForcedEngine(byte[] key, GHashEngine engine)
    {
        AesGmacTests.AssumeSupported(engine);
        return new AesGmacSigner(key, engine);
    }

    private static byte[] TestKey() => Enumerable.Range(0x30, 16).Select(i => (byte)i).ToArray();
}
