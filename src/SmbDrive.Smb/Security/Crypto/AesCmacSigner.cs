namespace SmbDrive.Smb.Security.Crypto;

/// <summary>SMB 3.x signing with AES-128-CMAC (RFC 4493), MS-SMB2 3.1.4.1.</summary>
internal sealed class AesCmacSigner : SmbSigner
{
    private readonly AesCmac _sendMac;
    private readonly AesCmac _receiveMac;

    public AesCmacSigner(ReadOnlySpan<byte> key)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException("An SMB 3.x signing key is 16 bytes long.", nameof(key));
        }

        _sendMac = new AesCmac(key);
        _receiveMac = new AesCmac(key);
    }

    public override SigningAlgorithm Algorithm => SigningAlgorithm.AesCmac;

    protected override void ComputeSignature(ReadOnlySpan<byte> message, Span<byte> signature, bool receiving) =>
        (receiving ? _receiveMac : _sendMac).Compute(message, signature);

    protected override void ComputeSplitSignature(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, Span<byte> signature) =>
        _receiveMac.Compute(head, tail, signature);

    protected override void DisposeCore()
    {
        _sendMac.Dispose();
        _receiveMac.Dispose();
    }
}
