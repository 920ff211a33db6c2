using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Tests.Security.Crypto;

/// <summary>Invariant: signing, verifying, encrypting and decrypting run for every message, including 1 MiB READ
/// responses, so none of them may allocate in proportion to the message. A small constant per call is allowed:
/// the BCL's AES one-shot calls allocate a few dozen bytes for their native context.</summary>
[TestFixture]
[NonParallelizable]
internal sealed class CryptoAllocationTests
{
    private const int MessageSize = 1024 * 1024 + 80;
    private const int Calls = 16;
    private const long AllowedBytesPerCall = 1024;

    private static readonly SigningAlgorithm[] AllAlgorithms =
        [SigningAlgorithm.HmacSha256, SigningAlgorithm.AesCmac, SigningAlgorithm.AesGmac];

    private static readonly EncryptionCipher[] AllCiphers =
        [EncryptionCipher.Aes128Ccm, EncryptionCipher.Aes128Gcm, EncryptionCipher.Aes256Ccm, EncryptionCipher.Aes256Gcm];

    [TestCaseSource(nameof(AllAlgorithms))]
    public void SignAndVerify_OneMebibyteMessage_AllocatesOnlyASmallConstant(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, 1, MessageSize - 64, 1);
        bool allVerified = true;

        void SignAndVerify()
        {
            signer.Sign(message);
            allVerified &= signer.Verify(message);
        }

        long perCall = BytesPerCall(SignAndVerify);
        TestContext.Out.WriteLine($"{algorithm}: {perCall} bytes allocated per sign+verify of {MessageSize} bytes");

        Assert.Multiple(() =>
        {
            Assert.That(allVerified, Is.True);
            Assert.That(perCall, Is.LessThanOrEqualTo(AllowedBytesPerCall));
        });
    }

    [TestCaseSource(nameof(AllAlgorithms))]
    public void VerifySplit_OneMebibyteTail_AllocatesOnlyASmallConstant(SigningAlgorithm algorithm)
    {
        using SmbSigner signer = SmbSigner.Create(algorithm, Enumerable.Range(1, 16).Select(i => (byte)i).ToArray());
        byte[] message = SmbSignerTests.BuildMessage(0x08, 0x9, 1, MessageSize - 64, 3);
        signer.Sign(message);
        bool allVerified = true;

        void VerifySplit() => allVerified &= signer.Verify(message.AsSpan(0, 80), message.AsSpan(80));

        long perCall = BytesPerCall(VerifySplit);
        TestContext.Out.WriteLine($"{algorithm}: {perCall} bytes allocated per split verify of {MessageSize} bytes");

        Assert.Multiple(() =>
        {
            Assert.That(allVerified, Is.True);
            Assert.That(perCall, Is.LessThanOrEqualTo(AllowedBytesPerCall));
        });
    }

    [TestCaseSource(nameof(AllCiphers))]
    public void EncryptAndDecryptInPlace_OneMebibyteMessage_AllocatesOnlyASmallConstant(EncryptionCipher cipherId)
    {
        int keySize = cipherId is EncryptionCipher.Aes256Ccm or EncryptionCipher.Aes256Gcm ? 32 : 16;
        byte[] key = Enumerable.Range(1, keySize).Select(i => (byte)i).ToArray();

        // Same key both ways so one instance can decrypt what it encrypted.
        using var cipher = new TransformCipher(cipherId, key, key);
        byte[] buffer = new byte[TransformCipher.HeaderSize + MessageSize];
        SmbSignerTests.BuildMessage(0x08, 0x1, 1, MessageSize - 64, 2).CopyTo(buffer, TransformCipher.HeaderSize);
        bool allDecrypted = true;

        void EncryptAndDecrypt()
        {
            cipher.Encrypt(buffer.AsSpan(TransformCipher.HeaderSize), 7, buffer);
            allDecrypted &= cipher.TryDecrypt(buffer, out _, out _);
        }

        long perCall = BytesPerCall(EncryptAndDecrypt);
        TestContext.Out.WriteLine($"{cipherId}: {perCall} bytes allocated per encrypt+decrypt of {MessageSize} bytes");

        Assert.Multiple(() =>
        {
            Assert.That(allDecrypted, Is.True);
            Assert.That(perCall, Is.LessThanOrEqualTo(AllowedBytesPerCall));
        });
    }

    private static long BytesPerCall(Action action)
    {
        // Warm up: JIT, pooled buffers, lazily created native state.
        for (int i = 0; i < 3; i++)
        {
            action();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Calls; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
    }
}
