using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>SMB 2.0.2/2.1 signing, MS-SMB2 3.1.4.1: the first 16 bytes of HMAC-SHA256(SessionKey, message).
/// Stateless one-shot calls, so it needs no lock.</summary>
internal sealed class HmacSha256Signer : SmbSigner
{
    private readonly byte[] _key;

    public HmacSha256Signer(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("The signing key is empty.", nameof(key));
        }

        _key = key.ToArray();
    }

    public override SigningAlgorithm Algorithm => SigningAlgorithm.HmacSha256;

    protected override void ComputeSignature(ReadOnlySpan<byte> message, Span<byte> signature, bool receiving)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, message, hash);
        hash[..SignatureSize].CopyTo(signature);
        CryptographicOperations.ZeroMemory(hash);
    }

    protected override void DisposeCore() => CryptographicOperations.ZeroMemory(_key);
}
