using System.Buffers.Binary;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Tests.Security.Crypto;

[TestFixture]
internal sealed class TransformCipherTests
{
    private static readonly EncryptionCipher[] AllCiphers =
        [EncryptionCipher.Aes128Ccm, EncryptionCipher.Aes128Gcm, EncryptionCipher.Aes256Ccm, EncryptionCipher.Aes256Gcm];

    private static IEnumerable<EncryptionBlogVectors.Vector> PublishedVectors => EncryptionBlogVectors.All;

    [TestCaseSource(nameof(PublishedVectors))]
    public void TryDecrypt_PublishedMessage_YieldsPublishedPlaintext(EncryptionBlogVectors.Vector vector)
    {
        using var cipher = new TransformCipher(vector.Cipher, new byte[16], Hex.Parse(vector.Key));
        byte[] message = Hex.Parse(vector.Transformed);
        byte[] plain = Hex.Parse(vector.Plain);

        bool ok = cipher.TryDecrypt(message, out ulong sessionId, out int plainLength);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(sessionId, Is.EqualTo(vector.SessionId));
            Assert.That(plainLength, Is.EqualTo(plain.Length));
            Assert.That(message.AsSpan(TransformCipher.HeaderSize, plainLength).ToArray(), Is.EqualTo(plain));
        });
    }

    [TestCaseSource(nameof(PublishedVectors))]
    public void TryDecrypt_PublishedMessageWithOneByteFlipped_ReturnsFalse(EncryptionBlogVectors.Vector vector)
    {
        using var cipher = new TransformCipher(vector.Cipher, new byte[16], Hex.Parse(vector.Key));
        byte[] original = Hex.Parse(vector.Transformed);
        var accepted = new List<int>();

        // Every byte counts: ProtocolId, tag, the whole 16-byte nonce field (AAD even where the nonce is
        // shorter), size, reserved, flags, session id and ciphertext.
        for (int i = 0; i < original.Length; i++)
        {
            byte[] tampered = (byte[])original.Clone();
            tampered[i] ^= 0x40;
            if (cipher.TryDecrypt(tampered, out _, out _))
            {
                accepted.Add(i);
            }
        }

        Assert.That(accepted, Is.Empty);
    }

    [TestCaseSource(nameof(AllCiphers))]
    public void EncryptThenTryDecrypt_BothDirections_RoundTrips(EncryptionCipher cipherId)
    {
        (byte[] c2s, byte[] s2c) = Keys(cipherId);
        using var client = new TransformCipher(cipherId, c2s, s2c);
        using var server = new TransformCipher(cipherId, s2c, c2s);

        foreach (int length in new[] { 1, 64, 65, 1000, 70_000 })
        {
            byte[] plain = SmbSignerTests.BuildMessage(0x09, 0, (ulong)length, Math.Max(0, length - 64), length)[..length];
            byte[] request = new byte[TransformCipher.HeaderSize + length];
            client.Encrypt(plain, 0x1122334455667788, request);
            byte[] response = new byte[TransformCipher.HeaderSize + length];
            server.Encrypt(plain, 0x1122334455667788, response);

            Assert.Multiple(() =>
            {
                Assert.That(server.TryDecrypt(request, out ulong requestSession, out int requestLength), Is.True, $"request of {length}");
                Assert.That(requestSession, Is.EqualTo(0x1122334455667788));
                Assert.That(request.AsSpan(TransformCipher.HeaderSize, requestLength).ToArray(), Is.EqualTo(plain));
                Assert.That(client.TryDecrypt(response, out _, out int responseLength), Is.True, $"response of {length}");
                Assert.That(response.AsSpan(TransformCipher.HeaderSize, responseLength).ToArray(), Is.EqualTo(plain));
            });
        }
    }

    [TestCaseSource(nameof(AllCiphers))]
    public void Encrypt_AnyCipher_WritesSpecHeaderThatBouncyCastleDecrypts(EncryptionCipher cipherId)
    {
        // Independent of TryDecrypt: BouncyCastle's CCM/GCM, fed the nonce and AAD exactly as MS-SMB2 2.2.41 and
        // 3.1.4.3 define them, must recover the plaintext and accept the tag.
        (byte[] c2s, byte[] s2c) = Keys(cipherId);
        using var client = new TransformCipher(cipherId, c2s, s2c);
        byte[] plain = SmbSignerTests.BuildMessage(0x09, 0x8, 77, 500, 9);
        byte[] wire = new byte[TransformCipher.HeaderSize + plain.Length];

        client.Encrypt(plain, 0x0000100000000025, wire);

        bool isGcm = cipherId is EncryptionCipher.Aes128Gcm or EncryptionCipher.Aes256Gcm;
        int nonceLength = isGcm ? 12 : 11;
        Assert.Multiple(() =>
        {
            Assert.That(wire.AsSpan(0, 4).ToArray(), Is.EqualTo(new byte[] { 0xFD, (byte)'S', (byte)'M', (byte)'B' }));
            Assert.That(wire.AsSpan(20 + nonceLength, 16 - nonceLength).ToArray(), Is.All.EqualTo(0), "unused nonce bytes");
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(wire.AsSpan(36)), Is.EqualTo((uint)plain.Length));
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(wire.AsSpan(40)), Is.Zero, "reserved");
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(wire.AsSpan(42)), Is.EqualTo(1), "flags");
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(wire.AsSpan(44)), Is.EqualTo(0x0000100000000025));
            Assert.That(wire.AsSpan(52).SequenceEqual(plain), Is.False, "payload is encrypted");
            Assert.That(BouncyCastleDecrypt(isGcm, c2s, wire, nonceLength), Is.EqualTo(plain));
        });
    }

    [TestCaseSource(nameof(AllCiphers))]
    public void Encrypt_MessageAlreadyAtOffset52_EncryptsInPlace(EncryptionCipher cipherId)
    {
        (byte[] c2s, byte[] s2c) = Keys(cipherId);
        using var client = new TransformCipher(cipherId, c2s, s2c);
        using var server = new TransformCipher(cipherId, s2c, c2s);
        byte[] plain = SmbSignerTests.BuildMessage(0x09, 0, 1, 200, 11);
        byte[] buffer = new byte[TransformCipher.HeaderSize + plain.Length];
        plain.CopyTo(buffer, TransformCipher.HeaderSize);

        client.Encrypt(buffer.AsSpan(TransformCipher.HeaderSize), 5, buffer);

        Assert.Multiple(() =>
        {
            Assert.That(server.TryDecrypt(buffer, out _, out int length), Is.True);
            Assert.That(buffer.AsSpan(TransformCipher.HeaderSize, length).ToArray(), Is.EqualTo(plain));
        });
    }

    [Test]
    public void Encrypt_BadArguments_Throws()
    {
        using var cipher = new TransformCipher(EncryptionCipher.Aes128Gcm, new byte[16], new byte[16]);
        byte[] buffer = new byte[200];

        Assert.Multiple(() =>
        {
            Assert.That(() => cipher.Encrypt(new byte[100], 1, new byte[151]), Throws.ArgumentException, "destination too small");
            Assert.That(() => cipher.Encrypt([], 1, new byte[60]), Throws.ArgumentException, "empty message");
            Assert.That(() => cipher.Encrypt(buffer.AsSpan(10, 100), 1, buffer), Throws.ArgumentException, "partial overlap");
        });
    }

    [TestCaseSource(nameof(AllCiphers))]
    public void Encrypt_ManyCallsFromManyThreads_NeverRepeatsANonce(EncryptionCipher cipherId)
    {
        (byte[] c2s, byte[] s2c) = Keys(cipherId);
        using var client = new TransformCipher(cipherId, c2s, s2c);
        using var server = new TransformCipher(cipherId, s2c, c2s);
        byte[] plain = SmbSignerTests.BuildMessage(0x0D, 0, 1, 4, 12);
        var nonces = new System.Collections.Concurrent.ConcurrentBag<string>();
        int undecryptable = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            byte[] wire = new byte[TransformCipher.HeaderSize + plain.Length];
            for (int i = 0; i < 2500; i++)
            {
                client.Encrypt(plain, 1, wire);
                nonces.Add(Convert.ToHexString(wire, 20, 16));
                if (i % 100 == 0 && !server.TryDecrypt(wire, out _, out _))
                {
                    Interlocked.Increment(ref undecryptable);
                }
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(nonces, Has.Count.EqualTo(20_000));
            Assert.That(nonces.Distinct().Count(), Is.EqualTo(20_000));
            Assert.That(undecryptable, Is.Zero);
        });
    }

    [Test]
    public void Encrypt_CounterAtMaximum_ThrowsInsteadOfWrapping()
    {
        using var cipher = new TransformCipher(EncryptionCipher.Aes128Gcm, new byte[16], new byte[16], ulong.MaxValue - 1);
        byte[] plain = new byte[64];
        byte[] wire = new byte[TransformCipher.HeaderSize + plain.Length];

        cipher.Encrypt(plain, 1, wire);

        Assert.Multiple(() =>
        {
            Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(wire.AsSpan(20)), Is.EqualTo(ulong.MaxValue));
            Assert.That(() => cipher.Encrypt(plain, 1, wire), Throws.InvalidOperationException);
            Assert.That(() => cipher.Encrypt(plain, 1, wire), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void TryDecrypt_MalformedMessages_ReturnFalseWithoutThrowing()
    {
        EncryptionBlogVectors.Vector vector = EncryptionBlogVectors.All[4];
        using var cipher = new TransformCipher(vector.Cipher, new byte[16], Hex.Parse(vector.Key));
        byte[] valid = Hex.Parse(vector.Transformed);
        var cases = new List<(string Name, byte[] Message)>
        {
            ("empty", []),
            ("protocol id only", [0xFD, (byte)'S', (byte)'M', (byte)'B']),
            ("header only", valid[..TransformCipher.HeaderSize]),
            ("plain SMB2 id", WithByte(valid, 0, 0xFE)),
            ("size one too big", WithUInt32(valid, 36, (uint)(valid.Length - 52 + 1))),
            ("size one too small", WithUInt32(valid, 36, (uint)(valid.Length - 52 - 1))),
            ("size zero", WithUInt32(valid, 36, 0)),
            ("size max", WithUInt32(valid, 36, uint.MaxValue)),
            ("flags zero", WithUInt16(valid, 42, 0)),
            ("flags two", WithUInt16(valid, 42, 2)),
            ("one extra byte", [.. valid, 0x00]),
        };
        for (int length = 0; length < valid.Length; length++)
        {
            cases.Add(($"truncated to {length}", valid[..length]));
        }

        var random = new Random(2024);
        for (int i = 0; i < 500; i++)
        {
            byte[] garbage = new byte[random.Next(0, 400)];
            random.NextBytes(garbage);
            if (garbage.Length >= 4 && i % 2 == 0)
            {
                garbage[0] = 0xFD;
                garbage[1] = (byte)'S';
                garbage[2] = (byte)'M';
                garbage[3] = (byte)'B';
            }

            if (garbage.Length >= 52 && i % 4 == 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(garbage.AsSpan(36), (uint)(garbage.Length - 52));
                BinaryPrimitives.WriteUInt16LittleEndian(garbage.AsSpan(42), 1);
            }

            cases.Add(($"garbage #{i}", garbage));
        }

        var accepted = new List<string>();
        foreach ((string name, byte[] message) in cases)
        {
            if (cipher.TryDecrypt(message, out ulong sessionId, out int plainLength) || sessionId != 0 || plainLength != 0)
            {
                accepted.Add(name);
            }
        }

        Assert.That(accepted, Is.Empty);
    }

    [Test]
    public void IsTransformMessage_ChecksProtocolId()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TransformCipher.IsTransformMessage([0xFD, (byte)'S', (byte)'M', (byte)'B', 0]), Is.True);
            Assert.That(TransformCipher.IsTransformMessage([0xFE, (byte)'S', (byte)'M', (byte)'B']), Is.False);
            Assert.That(TransformCipher.IsTransformMessage([0xFD, (byte)'S', (byte)'M']), Is.False);
            Assert.That(TransformCipher.IsTransformMessage([]), Is.False);
        });
    }

    [Test]
    public void Constructor_BadCipherOrKeyLength_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new TransformCipher(EncryptionCipher.None, new byte[16], new byte[16]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new TransformCipher(EncryptionCipher.Aes256Gcm, new byte[16], new byte[32]), Throws.ArgumentException);
            Assert.That(() => new TransformCipher(EncryptionCipher.Aes128Ccm, new byte[16], new byte[32]), Throws.ArgumentException);
        });
    }

    private static (byte[] ClientToServer, byte[] ServerToClient) Keys(EncryptionCipher cipher)
    {
        int size = cipher is EncryptionCipher.Aes256Ccm or EncryptionCipher.Aes256Gcm ? 32 : 16;
        return (Enumerable.Range(1, size).Select(i => (byte)i).ToArray(), Enumerable.Range(101, size).Select(i => (byte)i).ToArray());
    }

    private static byte[] BouncyCastleDecrypt(bool isGcm, byte[] key, byte[] wire, int nonceLength)
    {
        IAeadBlockCipher aead = isGcm ? new GcmBlockCipher(new AesEngine()) : new CcmBlockCipher(new AesEngine());
        byte[] nonce = wire[20..(20 + nonceLength)];
        byte[] associatedData = wire[20..52];
        aead.Init(false, new AeadParameters(new KeyParameter(key), 128, nonce, associatedData));
        byte[] input = [.. wire[52..], .. wire[4..20]];
        byte[] output = new byte[aead.GetOutputSize(input.Length)];
        int written = aead.ProcessBytes(input, 0, input.Length, output, 0);
        written += aead.DoFinal(output, written);
        return output[..written];
    }

    private static byte[] WithByte(byte[] source, int offset, byte value)
    {
        byte[] copy = (byte[])source.Clone();
        copy[offset] = value;
        return copy;
    }

    private static byte[] WithUInt16(byte[] source, int offset, ushort value)
    {
        byte[] copy = (byte[])source.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static byte[] WithUInt32(byte[] source, int offset, uint value)
    {
        byte[] copy = (byte[])source.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }
}
