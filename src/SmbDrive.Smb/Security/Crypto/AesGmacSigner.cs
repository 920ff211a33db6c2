using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>SMB 3.1.1 signing with AES-128-GMAC (RFC 4543), MS-SMB2 3.1.4.1: the GCM tag of an empty
/// plaintext with the whole message as associated data. Nonce (12 bytes) = MessageId (offset 24, 8 bytes LE)
/// ‖ 4 bytes whose bit 0 is set for a server-to-client message and bit 1 for an SMB2 CANCEL.
/// AesGcm instances are not thread-safe, so each direction has its own, behind its own lock. A message verified
/// in two pieces goes through <see cref="AesGmac"/> instead (AesGcm takes associated data only in one piece),
/// which has its own lock and is used only by the receive path.</summary>
internal sealed class AesGmacSigner : SmbSigner
{
    private const int NonceSize = 12;
    private const int FlagsOffset = 16;
    private const int CommandOffset = 12;
    private const int MessageIdOffset = 24;
    private const uint ServerToRedirFlag = 0x1;
    private const ushort CancelCommand = 0x0C;

    private readonly AesGcm _sendGcm;
    private readonly AesGcm _receiveGcm;
    private readonly object _sendLock = new();
    private readonly object _receiveLock = new();
    private readonly AesGmac _receiveSplitGmac;

    public AesGmacSigner(ReadOnlySpan<byte> key)
        : this(key, GHash.FastestEngine)
    {
    }

    /// <summary>Test seam: <paramref name="engine"/> picks the GHASH multiply of two-piece verification.</summary>
    internal AesGmacSigner(ReadOnlySpan<byte> key, GHashEngine engine)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("An SMB 3.x signing key is 16 bytes long.", nameof(key));
        }

        _sendGcm = new AesGcm(key, SignatureSize);
        _receiveGcm = new AesGcm(key, SignatureSize);
        _receiveSplitGmac = new AesGmac(key, engine);
    }

    public override SigningAlgorithm Algorithm => SigningAlgorithm.AesGmac;

    protected override void ComputeSignature(ReadOnlySpan<byte> message, Span<byte> signature, bool receiving)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(message, nonce);

        AesGcm gcm = receiving ? _receiveGcm : _sendGcm;
        lock (receiving ? _receiveLock : _sendLock)
        {
            gcm.Encrypt(nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, signature[..SignatureSize], message);
        }
    }

    protected override void ComputeSplitSignature(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, Span<byte> signature)
    {
        Span<byte> nonce = stackalloc byte[NonceSize];
        WriteNonce(head, nonce);
        _receiveSplitGmac.Compute(nonce, head, tail, signature);
    }

    private static void WriteNonce(ReadOnlySpan<byte> header, Span<byte> nonce)
    {
        header.Slice(MessageIdOffset, 8).CopyTo(nonce);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(header[FlagsOffset..]);
        ushort command = BinaryPrimitives.ReadUInt16LittleEndian(header[CommandOffset..]);
        uint role = (flags & ServerToRedirFlag) != 0 ? 1u : 0u;
        uint cancel = command == CancelCommand ? 2u : 0u;
        BinaryPrimitives.WriteUInt32LittleEndian(nonce[8..], role | cancel);
    }

    protected override void DisposeCore()
    {
        lock (_sendLock)
        {
            _sendGcm.Dispose();
        }

        lock (_receiveLock)
        {
            _receiveGcm.Dispose();
        }

        _receiveSplitGmac.Dispose();
    }
}
