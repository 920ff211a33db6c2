using System.Buffers.Binary;
using System.Security.Cryptography;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Tests.Security.Crypto;

[TestFixture]
internal sealed class SmbKeyDerivationTests
{
    // MS Open Specifications blog, "Encryption in SMB 3.0: A protocol perspective" (2012-10-05), sample data.
    private const string Smb30EncryptionBlogSessionKey = "B4546771B515F766A86735532DD6C4F0";

    // MS Open Specifications blog, "SMB 2 and SMB 3 security in Windows 10: the anatomy of signing and
    // cryptographic keys", appendix "Key derivation example for SMB 3.1.1 multichannel", master session.
    private const string AnatomySessionKey311 = "270E1BA896585EEB7AF3472D3B4C75A7";
    private const string AnatomyPreauthHash311 =
        "0DD13628CC3ED218EF9DF9772D436D0887AB9814BFAE63A80AA845F36909DB7928622DDDAD522D97" +
        "51640A459762C5A9D6BB084CBB3CE6BDADEF5D5BCE3C6C01";

    // MS Open Specifications blog, "SMB 3.1.1 Encryption in Windows 10" (2015-09-09), appendix A.1 (AES-GCM).
    private const string GcmBlogSessionKey = "419FDDF34C1E001909D362AE7FB6AF79";
    private const string GcmBlogPreauthHash =
        "B23F3CBFD69487D9832B79B1594A367CDD950909B774C3A4C412B4FCEA9EDDDBA7DB256BA2EA30E9" +
        "77F11F9B113247578E0E915C6D2A513B8F2FCA5707DC8770";

    // Same blog, appendix A.2 (AES-CCM).
    private const string CcmBlogSessionKey = "07B7F69C1E2581662DF6987E88F9E891";
    private const string CcmBlogPreauthHash =
        "DECF98A420718718F22090D3580FCC5E484BD310FA1268210C6E86335A8891E767F5BCD99FA5A785" +
        "9D665AD07A73EA94E1BCDB7CFA69A6962A28A244138340B1";

    [Test]
    public void Kdf_SmbSignLabelWithCountingKey_MatchesSmbNotesValue()
    {
        // smb-notes §6.4 prints only the ends of its probe result, 6234814C…CBE1 (the probe's key was the counting
        // key 00 01 … 0F), so the whole value is also rebuilt by hand from MS-SMB2 3.1.4.2 below.
        byte[] key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

        byte[] derived = SmbKeyDerivation.Kdf(key, "SMB2AESCMAC\0"u8, "SmbSign\0"u8, 16);

        string hex = Convert.ToHexString(derived);
        Assert.That(hex, Does.StartWith("6234814C").And.EndWith("CBE1"));
        Assert.That(derived, Is.EqualTo(ManualKdf(key, "SMB2AESCMAC\0"u8.ToArray(), "SmbSign\0"u8.ToArray(), 16)));
    }

    [TestCase(16)]
    [TestCase(32)]
    [TestCase(48)]
    public void Kdf_AnyLength_MatchesHandBuiltCounterModeHmac(int lengthBytes)
    {
        byte[] key = Hex.Parse(GcmBlogSessionKey);
        byte[] label = "SMBC2SCipherKey\0"u8.ToArray();
        byte[] context = Hex.Parse(GcmBlogPreauthHash);

        byte[] derived = SmbKeyDerivation.Kdf(key, label, context, lengthBytes);

        Assert.That(derived, Is.EqualTo(ManualKdf(key, label, context, lengthBytes)));
    }

    [TestCase((ushort)0x0300)]
    [TestCase((ushort)0x0302)]
    public void Derive_Smb30EncryptionBlogSession_MatchesPublishedKeys(ushort dialect)
    {
        using SmbSessionKeys keys = SmbKeyDerivation.Derive(
            dialect, Hex.Parse(Smb30EncryptionBlogSessionKey), ReadOnlySpan<byte>.Empty, EncryptionCipher.Aes128Ccm);

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.EqualTo(Hex.Parse("F773CD23C18FD1E08EE510CADA7CF852")));
            Assert.That(keys.EncryptionKey, Is.EqualTo(Hex.Parse("261B72350558F2E9DCF613070383EDBF")));
            Assert.That(keys.DecryptionKey, Is.EqualTo(Hex.Parse("8FE2B57EC34D2DB5B1A9727F526BBDB5")));
            Assert.That(keys.ApplicationKey, Is.EqualTo(Hex.Parse("77432F808CE99156B5BC6A3676D730D1")));
        });
    }

    [Test]
    public void Derive_Smb30AnatomyBlogMasterAndBoundChannel_MatchPublishedKeys()
    {
        // Anatomy blog appendix, "Key derivation example for SMB 3.0 multichannel".
        using SmbSessionKeys master = SmbKeyDerivation.Derive(
            0x0300, Hex.Parse("7CD451825D0450D235424E44BA6E78CC"), ReadOnlySpan<byte>.Empty, EncryptionCipher.None);
        using SmbSessionKeys second = SmbKeyDerivation.Derive(
            0x0300, Hex.Parse("4E01A2B313BCF660CC250BEF021AEDE6"), ReadOnlySpan<byte>.Empty, EncryptionCipher.None);

        Assert.Multiple(() =>
        {
            Assert.That(master.SigningKey, Is.EqualTo(Hex.Parse("0B7E9C5CAC36C0F6EA9AB275298CEDCE")));
            Assert.That(master.EncryptionKey, Is.EqualTo(Hex.Parse("FAD27796665B313EBB578F388632B4F7")));
            Assert.That(master.DecryptionKey, Is.EqualTo(Hex.Parse("B0F0427F7CEB416D1D9DCC0CD4F99447")));
            Assert.That(master.ApplicationKey, Is.EqualTo(Hex.Parse("BB23A4575AA26C721AF525AF15A87B4F")));
            Assert.That(second.SigningKey, Is.EqualTo(Hex.Parse("BA1A17DBBFEC349BCA105563D598952F")));
        });
    }

    [Test]
    public void Derive_Smb311AnatomyBlogSession_MatchesPublishedKeys()
    {
        using SmbSessionKeys keys = SmbKeyDerivation.Derive(
            0x0311, Hex.Parse(AnatomySessionKey311), Hex.Parse(AnatomyPreauthHash311), EncryptionCipher.Aes128Gcm);

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.EqualTo(Hex.Parse("73FE7A9A77BEF0BDE49C650D8CCB5F76")));
            Assert.That(keys.EncryptionKey, Is.EqualTo(Hex.Parse("629BCBC54422A0F572B97F45989B6073")));
            Assert.That(keys.DecryptionKey, Is.EqualTo(Hex.Parse("E2AF0DCEFAC68DA71A0DFBD0D1350D74")));
            Assert.That(keys.ApplicationKey, Is.EqualTo(Hex.Parse("6D7AD7954E9EC61E907B4D473DC178FF")));
        });
    }

    [Test]
    public void Derive_Smb311GcmBlogSession_MatchesPublishedKeys()
    {
        using SmbSessionKeys keys = SmbKeyDerivation.Derive(
            0x0311, Hex.Parse(GcmBlogSessionKey), Hex.Parse(GcmBlogPreauthHash), EncryptionCipher.Aes128Gcm);

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.EqualTo(Hex.Parse("8765949DFEAEE105CE9118B45BE988F0")));
            Assert.That(keys.EncryptionKey, Is.EqualTo(Hex.Parse("A2F5E80E5D59103034F32E52F698E5EC")));
            Assert.That(keys.DecryptionKey, Is.EqualTo(Hex.Parse("748C50868C90F302962A5C35F5F9A8BF")));
            Assert.That(keys.ApplicationKey, Is.EqualTo(Hex.Parse("099D610789FBE82055B313601C3E8CC4")));
        });
    }

    [Test]
    public void Derive_Smb311CcmBlogSession_MatchesPublishedKeys()
    {
        using SmbSessionKeys keys = SmbKeyDerivation.Derive(
            0x0311, Hex.Parse(CcmBlogSessionKey), Hex.Parse(CcmBlogPreauthHash), EncryptionCipher.Aes128Ccm);

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.EqualTo(Hex.Parse("3DCC82C5795AE27F383242761078C59B")));
            Assert.That(keys.EncryptionKey, Is.EqualTo(Hex.Parse("DFAAA31AAE40A2485D47AC4DF09FDA1D")));
            Assert.That(keys.DecryptionKey, Is.EqualTo(Hex.Parse("95C544AEF6072680DA1CE49A68A97FA6")));
            Assert.That(keys.ApplicationKey, Is.EqualTo(Hex.Parse("7A2F0F73EC2D530879B2913BBFCE242F")));
        });
    }

    [TestCase(EncryptionCipher.Aes256Ccm)]
    [TestCase(EncryptionCipher.Aes256Gcm)]
    public void Derive_Smb311Aes256_CipherKeysAre32BytesFromFullKeyAndSigningKeyFromFirst16(EncryptionCipher cipher)
    {
        // No published 256-bit vector exists; MS-SMB2 3.2.5.3.1 says the cipher keys use Session.FullSessionKey
        // with L = 256 while signing and application keys keep Session.SessionKey (first 16 bytes), L = 128.
        byte[] fullKey = Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();
        byte[] hash = Hex.Parse(GcmBlogPreauthHash);

        using SmbSessionKeys keys = SmbKeyDerivation.Derive(0x0311, fullKey, hash, cipher);

        byte[] first16 = fullKey[..16];
        Assert.Multiple(() =>
        {
            Assert.That(keys.EncryptionKey, Is.EqualTo(ManualKdf(fullKey, "SMBC2SCipherKey\0"u8.ToArray(), hash, 32)));
            Assert.That(keys.DecryptionKey, Is.EqualTo(ManualKdf(fullKey, "SMBS2CCipherKey\0"u8.ToArray(), hash, 32)));
            Assert.That(keys.SigningKey, Is.EqualTo(ManualKdf(first16, "SMBSigningKey\0"u8.ToArray(), hash, 16)));
            Assert.That(keys.ApplicationKey, Is.EqualTo(ManualKdf(first16, "SMBAppKey\0"u8.ToArray(), hash, 16)));
        });
    }

    [Test]
    public void Derive_Smb311NoCipher_HasNoCipherKeys()
    {
        using SmbSessionKeys keys = SmbKeyDerivation.Derive(
            0x0311, Hex.Parse(GcmBlogSessionKey), Hex.Parse(GcmBlogPreauthHash), EncryptionCipher.None);

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.EqualTo(Hex.Parse("8765949DFEAEE105CE9118B45BE988F0")));
            Assert.That(keys.EncryptionKey, Is.Empty);
            Assert.That(keys.DecryptionKey, Is.Empty);
        });
    }

    [TestCase((ushort)0x0202)]
    [TestCase((ushort)0x0210)]
    public void Derive_Smb2Dialect_SigningKeyIsSessionKeyAndNoEncryption(ushort dialect)
    {
        byte[] sessionKey = Hex.Parse("D38354CC374339F0524F789146789921");

        using SmbSessionKeys keys = SmbKeyDerivation.Derive(dialect, sessionKey, ReadOnlySpan<byte>.Empty, EncryptionCipher.None);

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.EqualTo(sessionKey));
            Assert.That(keys.ApplicationKey, Is.EqualTo(sessionKey));
            Assert.That(keys.EncryptionKey, Is.Empty);
            Assert.That(keys.DecryptionKey, Is.Empty);
        });
    }

    [Test]
    public void Derive_ShortSessionKey_IsRightPaddedWithZeros()
    {
        // MS-SMB2 3.2.1.3: a cryptographic key shorter than 16 bytes is right-padded with zeros.
        byte[] shortKey = [1, 2, 3, 4, 5, 6, 7, 8];

        using SmbSessionKeys keys = SmbKeyDerivation.Derive(0x0210, shortKey, ReadOnlySpan<byte>.Empty, EncryptionCipher.None);

        Assert.That(keys.SigningKey, Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0 }));
    }

    [Test]
    public void Derive_BadArguments_Throw()
    {
        byte[] key = new byte[16];
        byte[] hash = new byte[64];
        Assert.Multiple(() =>
        {
            Assert.That(() => SmbKeyDerivation.Derive(0x0311, [], hash, EncryptionCipher.None), Throws.ArgumentException);
            Assert.That(() => SmbKeyDerivation.Derive(0x0311, key, new byte[63], EncryptionCipher.None), Throws.ArgumentException);
            Assert.That(() => SmbKeyDerivation.Derive(0x0300, key, [], EncryptionCipher.Aes128Gcm), Throws.ArgumentException);
            Assert.That(() => SmbKeyDerivation.Derive(0x0210, key, [], EncryptionCipher.Aes128Ccm), Throws.ArgumentException);
            Assert.That(() => SmbKeyDerivation.Derive(0x0301, key, hash, EncryptionCipher.None), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => SmbKeyDerivation.Kdf(key, "L\0"u8, "C\0"u8, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Dispose_ZeroesEveryKey()
    {
        SmbSessionKeys keys = SmbKeyDerivation.Derive(
            0x0311, Hex.Parse(GcmBlogSessionKey), Hex.Parse(GcmBlogPreauthHash), EncryptionCipher.Aes128Gcm);

        keys.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(keys.SigningKey, Is.All.EqualTo(0));
            Assert.That(keys.EncryptionKey, Is.All.EqualTo(0));
            Assert.That(keys.DecryptionKey, Is.All.EqualTo(0));
            Assert.That(keys.ApplicationKey, Is.All.EqualTo(0));
            Assert.That(keys.ToString(), Does.Not.Contain("8765949D").IgnoreCase);
        });
    }

    // SP800-108 counter mode written out from MS-SMB2 3.1.4.2, independent of SP800108HmacCounterKdf:
    // K(i) = HMAC-SHA256(Ki, [i]₄ ‖ Label ‖ 0x00 ‖ Context ‖ [L]₄), output = K(1) ‖ K(2) ‖ … truncated.
    private static byte[] ManualKdf(byte[] key, byte[] label, byte[] context, int lengthBytes)
    {
        var output = new List<byte>();
        for (uint i = 1; output.Count < lengthBytes; i++)
        {
            var input = new List<byte>();
            byte[] counter = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(counter, i);
            input.AddRange(counter);
            input.AddRange(label);
            input.Add(0);
            input.AddRange(context);
            byte[] bits = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bits, (uint)lengthBytes * 8);
            input.AddRange(bits);
            output.AddRange(HMACSHA256.HashData(key, input.ToArray()));
        }

        return output.Take(lengthBytes).ToArray();
    }
}
