using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>The NTLMv2 computations of MS-NLMP 3.3.2 (NTOWFv2, NTProofStr, LMv2, session base key),
/// 3.4.5 (KXKEY, SIGNKEY, SEALKEY), 3.4.4.2 (MAC with extended session security) and 3.1.5.1.2 (MIC).
/// Every method returns fresh arrays; callers zero the ones that hold keys.</summary>
internal static class NtlmCrypto
{
    public const int KeyLength = 16;
    public const int ChallengeLength = 8;
    public const int SignatureLength = 16;
    private const int ChecksumLength = 8;
    private const uint SignatureVersion = 1;

    // 3.4.5.2 / 3.4.5.3: the constants are hashed with their terminating NUL.
    private static ReadOnlySpan<byte> ClientSignMagic => "session key to client-to-server signing key magic constant\0"u8;
    private static ReadOnlySpan<byte> ServerSignMagic => "session key to server-to-client signing key magic constant\0"u8;
    private static ReadOnlySpan<byte> ClientSealMagic => "session key to client-to-server sealing key magic constant\0"u8;
    private static ReadOnlySpan<byte> ServerSealMagic => "session key to server-to-client sealing key magic constant\0"u8;

    /// <summary>MD4 (RFC 1320); BCL has none.</summary>
    public static byte[] Md4(ReadOnlySpan<byte> data)
    {
        var digest = new MD4Digest();
        digest.BlockUpdate(data);
        var hash = new byte[digest.GetDigestSize()];
        // DoFinal resets the digest, which clears its block buffer (it held password bytes for NtHash).
        digest.DoFinal(hash);
        return hash;
    }

    /// <summary>NTOWFv1 = MD4(UNICODE(Passwd)), 3.3.1; the input to NTOWFv2.</summary>
    public static byte[] NtHash(string password)
    {
        var encoded = new byte[Encoding.Unicode.GetByteCount(password)];
        try
        {
            Encoding.Unicode.GetBytes(password, encoded);
            return Md4(encoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
        }
    }

    /// <summary>NTOWFv2 = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(Uppercase(User) ‖ UserDom)), 3.3.2.
    /// The domain is not upper-cased. LMOWFv2 is the same value.</summary>
    public static byte[] NtowfV2(string password, string user, string domain)
    {
        byte[] ntHash = NtHash(password);
        try
        {
            return NtowfV2FromHash(ntHash, user, domain);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ntHash);
        }
    }

    public static byte[] NtowfV2FromHash(ReadOnlySpan<byte> ntHash, string user, string domain)
    {
        byte[] identity = Encoding.Unicode.GetBytes(user.ToUpperInvariant() + domain);
        return HMACMD5.HashData(ntHash, identity);
    }

    /// <summary>The NTLMv2_CLIENT_CHALLENGE (2.2.2.7), "temp" in 3.3.2:
    /// 0x01 0x01 Z(6) Timestamp(8) ClientChallenge(8) Z(4) AvPairs Z(4).</summary>
    public static byte[] BuildClientChallengeBlob(long timestamp, ReadOnlySpan<byte> clientChallenge, ReadOnlySpan<byte> avPairs)
    {
        if (clientChallenge.Length != ChallengeLength)
            throw new ArgumentException("client challenge must be 8 bytes", nameof(clientChallenge));
        var blob = new byte[28 + avPairs.Length + 4];
        blob[0] = 0x01; // RespType
        blob[1] = 0x01; // HiRespType
        BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(8), timestamp);
        clientChallenge.CopyTo(blob.AsSpan(16));
        avPairs.CopyTo(blob.AsSpan(28));
        return blob;
    }

    /// <summary>NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge ‖ temp), 3.3.2.</summary>
    public static byte[] ComputeNtProofStr(ReadOnlySpan<byte> responseKeyNt, ReadOnlySpan<byte> serverChallenge, ReadOnlySpan<byte> clientChallengeBlob)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, responseKeyNt);
        hmac.AppendData(serverChallenge);
        hmac.AppendData(clientChallengeBlob);
        return hmac.GetHashAndReset();
    }

    /// <summary>LmChallengeResponse = HMAC_MD5(ResponseKeyLM, ServerChallenge ‖ ClientChallenge) ‖ ClientChallenge, 3.3.2.</summary>
    public static byte[] ComputeLmV2Response(ReadOnlySpan<byte> responseKeyLm, ReadOnlySpan<byte> serverChallenge, ReadOnlySpan<byte> clientChallenge)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, responseKeyLm);
        hmac.AppendData(serverChallenge);
        hmac.AppendData(clientChallenge);
        var response = new byte[KeyLength + clientChallenge.Length];
        hmac.GetHashAndReset(response);
        clientChallenge.CopyTo(response.AsSpan(KeyLength));
        return response;
    }

    /// <summary>SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr), 3.3.2.</summary>
    public static byte[] ComputeSessionBaseKey(ReadOnlySpan<byte> responseKeyNt, ReadOnlySpan<byte> ntProofStr) =>
        HMACMD5.HashData(responseKeyNt, ntProofStr);

    /// <summary>KXKEY for NTLMv2 (3.4.5.1): the key exchange key is the session base key.</summary>
    public static byte[] KeyExchangeKey(ReadOnlySpan<byte> sessionBaseKey) => sessionBaseKey.ToArray();

    /// <summary>EncryptedRandomSessionKey = RC4K(KeyExchangeKey, ExportedSessionKey), 3.1.5.1.2.</summary>
    public static byte[] EncryptSessionKey(ReadOnlySpan<byte> keyExchangeKey, ReadOnlySpan<byte> exportedSessionKey) =>
        Rc4Cipher.Transform(keyExchangeKey, exportedSessionKey);

    /// <summary>SIGNKEY with extended session security, 3.4.5.2.</summary>
    public static byte[] SignKey(ReadOnlySpan<byte> exportedSessionKey, NtlmDirection direction)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(exportedSessionKey);
        md5.AppendData(direction == NtlmDirection.ClientToServer ? ClientSignMagic : ServerSignMagic);
        return md5.GetHashAndReset();
    }

    /// <summary>SEALKEY with extended session security, 3.4.5.3: the exported key is cut to 16, 7 or 5 bytes
    /// depending on NTLMSSP_NEGOTIATE_128 / _56 before hashing.</summary>
    public static byte[] SealKey(ReadOnlySpan<byte> exportedSessionKey, NtlmNegotiateFlags negotiatedFlags, NtlmDirection direction)
    {
        int keyBytes = (negotiatedFlags & NtlmNegotiateFlags.Negotiate128) != 0 ? 16
            : (negotiatedFlags & NtlmNegotiateFlags.Negotiate56) != 0 ? 7
            : 5;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        md5.AppendData(exportedSessionKey[..Math.Min(keyBytes, exportedSessionKey.Length)]);
        md5.AppendData(direction == NtlmDirection.ClientToServer ? ClientSealMagic : ServerSealMagic);
        return md5.GetHashAndReset();
    }

    /// <summary>MAC with extended session security, 3.4.4.2: Version(1) ‖ Checksum(8) ‖ SeqNum(4), where
    /// Checksum = HMAC_MD5(SigningKey, SeqNum ‖ Message)[0..7], RC4-encrypted with <paramref name="sealingHandle"/>
    /// when key exchange was negotiated (pass null otherwise).</summary>
    public static byte[] Mac(Rc4Cipher? sealingHandle, ReadOnlySpan<byte> signingKey, uint seqNum, ReadOnlySpan<byte> message)
    {
        Span<byte> seq = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(seq, seqNum);
        Span<byte> hash = stackalloc byte[KeyLength];
        using (var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, signingKey))
        {
            hmac.AppendData(seq);
            hmac.AppendData(message);
            hmac.GetHashAndReset(hash);
        }

        var signature = new byte[SignatureLength];
        BinaryPrimitives.WriteUInt32LittleEndian(signature, SignatureVersion);
        var checksum = signature.AsSpan(4, ChecksumLength);
        if (sealingHandle is null)
            hash[..ChecksumLength].CopyTo(checksum);
        else
            sealingHandle.Transform(hash[..ChecksumLength], checksum);
        seq.CopyTo(signature.AsSpan(12));
        CryptographicOperations.ZeroMemory(hash);
        return signature;
    }

    /// <summary>MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE ‖ CHALLENGE ‖ AUTHENTICATE), the last with its MIC
    /// field zeroed, 3.1.5.1.2.</summary>
    public static byte[] ComputeMic(ReadOnlySpan<byte> exportedSessionKey, ReadOnlySpan<byte> negotiate, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> authenticateWithZeroMic)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.MD5, exportedSessionKey);
        hmac.AppendData(negotiate);
        hmac.AppendData(challenge);
        hmac.AppendData(authenticateWithZeroMic);
        return hmac.GetHashAndReset();
    }
}
