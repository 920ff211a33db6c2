using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>Signs and verifies one SMB2 message (64-byte header + body, no 4-byte TCP frame), MS-SMB2 3.1.4.1
/// and 3.1.5.1: the 16-byte Signature at offset 48 is zero while the MAC is computed. The caller sets
/// SMB2_FLAGS_SIGNED (0x8, offset 16) before signing.
/// Thread-safe: the send path and the receive loop may call at the same time. Algorithms with state keep one
/// instance for signing and one for verifying, so the two paths never wait on each other.</summary>
internal abstract class SmbSigner : IDisposable
{
    public const int SignatureOffset = 48;
    public const int SignatureSize = 16;
    public const int HeaderSize = 64;

    private bool _disposed;

    public abstract SigningAlgorithm Algorithm { get; }

    /// <summary>Creates a signer for a negotiated algorithm. HMAC-SHA256 takes the 2.x session key; AES-CMAC and
    /// AES-GMAC take the 16-byte SMB 3.x signing key (MS-SMB2 3.2.5.3.1).</summary>
    public static SmbSigner Create(SigningAlgorithm algorithm, ReadOnlySpan<byte> signingKey) => algorithm switch
    {
        SigningAlgorithm.HmacSha256 => new HmacSha256Signer(signingKey),
        SigningAlgorithm.AesCmac => new AesCmacSigner(signingKey),
        SigningAlgorithm.AesGmac => new AesGmacSigner(signingKey),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signing algorithm."),
    };

    /// <summary>Zeroes the Signature field, computes the signature over the whole message and writes it at 48.</summary>
    public void Sign(Span<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (message.Length < HeaderSize)
        {
            throw new ArgumentException("An SMB2 message is at least 64 bytes long.", nameof(message));
        }

        Span<byte> signatureField = message.Slice(SignatureOffset, SignatureSize);
        signatureField.Clear();
        Span<byte> signature = stackalloc byte[SignatureSize];
        ComputeSignature(message, signature, receiving: false);
        signature.CopyTo(signatureField);
    }

    /// <summary>True when the Signature field matches the message. The message bytes are exactly as they were
    /// when this returns, whatever the result; a message shorter than a header is simply not valid.</summary>
    public bool Verify(Span<byte> message) => VerifyCore(message, ReadOnlySpan<byte>.Empty, split: false);

    /// <summary>Verify for a message received in two pieces, <paramref name="head"/> ‖ <paramref name="tail"/>
    /// (for a READ response: header, body and padding up to DataOffset in a small buffer, the data straight in
    /// the caller's memory). The MAC runs over the pieces in order without joining or copying
    /// <paramref name="tail"/>. The Signature field is in <paramref name="head"/>, which must hold the whole
    /// 64-byte header; it is exactly as it was when this returns.</summary>
    public bool Verify(Span<byte> head, ReadOnlySpan<byte> tail) => VerifyCore(head, tail, split: true);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DisposeCore();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes the 16-byte signature of <paramref name="message"/> (Signature field already zero).
    /// <paramref name="receiving"/> picks the verify-side state so signing and verifying never share it.</summary>
    protected abstract void ComputeSignature(ReadOnlySpan<byte> message, Span<byte> signature, bool receiving);

    /// <summary>Writes the 16-byte signature of <paramref name="head"/> ‖ <paramref name="tail"/> (Signature
    /// field in head already zero), using the verify-side state: only the receive path calls it.</summary>
    protected abstract void ComputeSplitSignature(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, Span<byte> signature);

    protected abstract void DisposeCore();

    private bool VerifyCore(Span<byte> head, ReadOnlySpan<byte> tail, bool split)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (head.Length < HeaderSize)
        {
            return false;
        }

        Span<byte> signatureField = head.Slice(SignatureOffset, SignatureSize);
        Span<byte> received = stackalloc byte[SignatureSize];
        Span<byte> expected = stackalloc byte[SignatureSize];
        signatureField.CopyTo(received);
        try
        {
            signatureField.Clear();
            if (split)
            {
                ComputeSplitSignature(head, tail, expected);
            }
            else
            {
                ComputeSignature(head, expected, receiving: true);
            }
        }
        finally
        {
            received.CopyTo(signatureField);
        }

        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
