using System.Text;
using SmbDrive.Smb.Security.Ntlm;

namespace SmbDrive.Smb.Tests.Security.Ntlm;

public class NtlmCryptoTests
{
    // RFC 1320 appendix A.5 test suite.
    [TestCase("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [TestCase("a", "bde52cb31de33e46245e05fbdbd6fb24")]
    [TestCase("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [TestCase("message digest", "d9130a8164549fe818874806e1c7014b")]
    public void Md4_Rfc1320Vector_MatchesPublishedDigest(string input, string expectedHex)
    {
        byte[] digest = NtlmCrypto.Md4(Encoding.ASCII.GetBytes(input));

        Assert.That(Convert.ToHexStringLower(digest), Is.EqualTo(expectedHex));
    }

    [Test]
    public void Rc4_Rfc6229FortyBitKey_KeystreamMatchesAtPublishedOffsets()
    {
        // RFC 6229 section 2, key length 40 bits, key 0x0102030405: keystream = RC4 of zeros.
        byte[] keystream = Rc4Cipher.Transform(Convert.FromHexString("0102030405"), new byte[272]);

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(keystream.AsSpan(0, 16)), Is.EqualTo("b2396305f03dc027ccc3524a0a1118a8"));
            Assert.That(Convert.ToHexStringLower(keystream.AsSpan(16, 16)), Is.EqualTo("6982944f18fc82d589c403a47a0d0919"));
            Assert.That(Convert.ToHexStringLower(keystream.AsSpan(240, 16)), Is.EqualTo("28cb1132c96ce286421dcaadb8b69eae"));
            Assert.That(Convert.ToHexStringLower(keystream.AsSpan(256, 16)), Is.EqualTo("1cfcf62b03eddb641d77dfcf7f8d8c93"));
        });
    }

    [Test]
    public void Rc4_TransformInPieces_ContinuesTheKeystream()
    {
        byte[] key = Convert.FromHexString("0102030405");
        byte[] whole = Rc4Cipher.Transform(key, new byte[32]);
        using var cipher = new Rc4Cipher(key);

        byte[] first = cipher.Transform(new byte[16]);
        byte[] second = cipher.Transform(new byte[16]);

        Assert.That(first.Concat(second).ToArray(), Is.EqualTo(whole));
    }

    [Test]
    public void Rc4_AfterDispose_Throws()
    {
        var cipher = new Rc4Cipher([1, 2, 3]);
        cipher.Dispose();

        Assert.That(() => cipher.Transform(new byte[1]), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void NtowfV2_NlmpExample_MatchesPublishedValue()
    {
        byte[] key = NtlmCrypto.NtowfV2(NlmpExamples.Password, NlmpExamples.User, NlmpExamples.Domain);

        Assert.That(key, Is.EqualTo(NlmpExamples.NtowfV2));
    }

    [Test]
    public void NtowfV2_DomainCase_IsNotFolded()
    {
        // User is upper-cased, the domain is not (MS-NLMP 3.3.2), so a different domain case is a different key.
        byte[] upperDomain = NtlmCrypto.NtowfV2(NlmpExamples.Password, NlmpExamples.User, "DOMAIN");
        byte[] lowerUser = NtlmCrypto.NtowfV2(NlmpExamples.Password, "user", NlmpExamples.Domain);

        Assert.Multiple(() =>
        {
            Assert.That(upperDomain, Is.Not.EqualTo(NlmpExamples.NtowfV2));
            Assert.That(lowerUser, Is.EqualTo(NlmpExamples.NtowfV2));
        });
    }

    [Test]
    public void ComputeLmV2Response_NlmpExample_MatchesPublishedValue()
    {
        byte[] response = NtlmCrypto.ComputeLmV2Response(NlmpExamples.NtowfV2, NlmpExamples.ServerChallenge, NlmpExamples.ClientChallenge);

        Assert.That(response, Is.EqualTo(NlmpExamples.LmV2Response));
    }

    [Test]
    public void ComputeNtProofStr_NlmpExample_MatchesPublishedValue()
    {
        byte[] blob = NtlmCrypto.BuildClientChallengeBlob(0, NlmpExamples.ClientChallenge, NlmpExamples.TargetInfo);

        byte[] proof = NtlmCrypto.ComputeNtProofStr(NlmpExamples.NtowfV2, NlmpExamples.ServerChallenge, blob);

        Assert.That(proof, Is.EqualTo(NlmpExamples.NtProofStr));
    }

    [Test]
    public void BuildClientChallengeBlob_NlmpExample_MatchesThePublishedResponseAfterTheProof()
    {
        byte[] blob = NtlmCrypto.BuildClientChallengeBlob(0, NlmpExamples.ClientChallenge, NlmpExamples.TargetInfo);

        // In the 4.2.4.3 AUTHENTICATE_MESSAGE the NT response is at 0x84 (84 bytes): NTProofStr then the blob.
        byte[] published = NlmpExamples.AuthenticateMessage.AsSpan(0x84 + 16, 84 - 16).ToArray();
        Assert.That(blob, Is.EqualTo(published));
    }

    [Test]
    public void ComputeSessionBaseKey_NlmpExample_MatchesPublishedValue()
    {
        byte[] key = NtlmCrypto.ComputeSessionBaseKey(NlmpExamples.NtowfV2, NlmpExamples.NtProofStr);

        Assert.That(key, Is.EqualTo(NlmpExamples.SessionBaseKey));
    }

    [Test]
    public void EncryptSessionKey_NlmpExample_MatchesPublishedValue()
    {
        byte[] keyExchangeKey = NtlmCrypto.KeyExchangeKey(NlmpExamples.SessionBaseKey);

        byte[] encrypted = NtlmCrypto.EncryptSessionKey(keyExchangeKey, NlmpExamples.RandomSessionKey);

        Assert.Multiple(() =>
        {
            Assert.That(keyExchangeKey, Is.EqualTo(NlmpExamples.SessionBaseKey), "KXKEY for NTLMv2 is the session base key");
            Assert.That(encrypted, Is.EqualTo(NlmpExamples.EncryptedSessionKey));
        });
    }

    [Test]
    public void SealKeyAndSignKey_NlmpWrapExample_MatchPublishedValues()
    {
        const NtlmNegotiateFlags flags = NtlmNegotiateFlags.ExtendedSessionSecurity | NtlmNegotiateFlags.Negotiate128 | NtlmNegotiateFlags.KeyExchange;

        byte[] sealKey = NtlmCrypto.SealKey(NlmpExamples.RandomSessionKey, flags, NtlmDirection.ClientToServer);
        byte[] signKey = NtlmCrypto.SignKey(NlmpExamples.RandomSessionKey, NtlmDirection.ClientToServer);

        Assert.Multiple(() =>
        {
            Assert.That(sealKey, Is.EqualTo(NlmpExamples.ClientSealKey));
            Assert.That(signKey, Is.EqualTo(NlmpExamples.ClientSignKey));
        });
    }

    [Test]
    public void SealKey_ServerDirectionOr56Bit_DiffersFromClient128()
    {
        const NtlmNegotiateFlags flags128 = NtlmNegotiateFlags.Negotiate128;

        byte[] server = NtlmCrypto.SealKey(NlmpExamples.RandomSessionKey, flags128, NtlmDirection.ServerToClient);
        byte[] weak = NtlmCrypto.SealKey(NlmpExamples.RandomSessionKey, NtlmNegotiateFlags.Negotiate56, NtlmDirection.ClientToServer);

        Assert.Multiple(() =>
        {
            Assert.That(server, Is.Not.EqualTo(NlmpExamples.ClientSealKey));
            Assert.That(weak, Is.Not.EqualTo(NlmpExamples.ClientSealKey));
        });
    }

    [Test]
    public void Mac_NlmpWrapExample_SealThenSignMatchesPublishedSignature()
    {
        // 4.2.4.4 seals the message first; the checksum is then encrypted with the keystream that follows.
        using var handle = new Rc4Cipher(NlmpExamples.ClientSealKey);

        byte[] sealedData = handle.Transform(NlmpExamples.WrapPlaintext);
        byte[] signature = NtlmCrypto.Mac(handle, NlmpExamples.ClientSignKey, 0, NlmpExamples.WrapPlaintext);

        Assert.Multiple(() =>
        {
            Assert.That(sealedData, Is.EqualTo(NlmpExamples.WrapSealed));
            Assert.That(signature, Is.EqualTo(NlmpExamples.WrapSignature));
        });
    }

    [Test]
    public void Mac_WithoutKeyExchange_ChecksumIsTheTruncatedHmac()
    {
        byte[] signature = NtlmCrypto.Mac(null, NlmpExamples.ClientSignKey, 7, NlmpExamples.WrapPlaintext);

        byte[] hmac = System.Security.Cryptography.HMACMD5.HashData(NlmpExamples.ClientSignKey, (byte[])[7, 0, 0, 0, .. NlmpExamples.WrapPlaintext]);
        Assert.That(signature, Is.EqualTo((byte[])[1, 0, 0, 0, .. hmac.AsSpan(0, 8), 7, 0, 0, 0]));
    }
}
