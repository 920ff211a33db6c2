using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>SMB 2.0.2/2.1 signing, MS-SMB2 3.1.4.1: the first 16 bytes of HMAC-SHA256(SessionKey, message).
/// Signing and one-piece verifying are stateless one-shot calls. Verifying a message in two pieces needs an
/// incremental HMAC, which has state: one instance, used only by the receive path, behind its own lock.</summary>
internal sealed class HmacSha256Signer : SmbSigner
{
    private readonly byte[] _key;
    private readonly IncrementalHash _receiveHmac;
    private readonly object _receiveLock = new();

    public HmacSha256Signer(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("The signing key is empty.", nameof(key));
        }

        _key = key.ToArray();
        _receiveHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
    }

    public override SigningAlgorithm Algorithm => SigningAlgorithm.HmacSha256;

    protected override void ComputeSignature(ReadOnlySpan<byte> message, Span<byte> signature, bool receiving)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, message, hash);
        hash[..SignatureSize].CopyTo(signature);
        CryptographicOperations.ZeroMemory(hash);
    }

    protected override void ComputeSplitSignature(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, Span<byte> signature)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        lock (_receiveLock)
        {
            try
            {
                _receiveHmac.AppendData(head);
                _receiveHmac.AppendData(tail);
            }
            finally
            {
                // Also on a failed append, so the next message never starts from this one's leftovers.
                _receiveHmac.GetHashAndReset(hash);
            }
        }

        hash[..SignatureSize].CopyTo(signature);
        CryptographicOperations.ZeroMemory(hash);
    }

    protected override void DisposeCore()
    {
        CryptographicOperations.ZeroMemory(_key);
        lock (_receiveLock)
        {
            _receiveHmac.Dispose();
        }
    }
}
