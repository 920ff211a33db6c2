using System.Security.Cryptography;

namespace SmbDrive.Smb.Security.Crypto;

/// <summary>SMB 3.1.1 pre-authentication integrity hash, MS-SMB2 3.1.1 / 3.2.5.2 / 3.3.5.5: starts as 64 zero
/// bytes; each Update sets H = SHA-512(H ‖ message), where message is the raw SMB2 message without the 4-byte
/// TCP frame. The connection hash covers NEGOTIATE request and response; each session clones it and folds in
/// its SESSION_SETUP requests and the responses that are not the final SUCCESS.
/// Not thread-safe: the handshake that feeds it is sequential.</summary>
internal sealed class PreauthIntegrityHash
{
    public const int Size = 64;

    private readonly byte[] _value = new byte[Size];

    /// <summary>The current 64-byte hash. A view that the next Update overwrites: copy it to keep it.</summary>
    public ReadOnlySpan<byte> Value => _value;

    public void Update(ReadOnlySpan<byte> message)
    {
        using IncrementalHash sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha512.AppendData(_value);
        sha512.AppendData(message);
        int written = sha512.GetHashAndReset(_value);
        if (written != Size)
        {
            throw new CryptographicException("SHA-512 returned an unexpected length.");
        }
    }

    public PreauthIntegrityHash Clone()
    {
        var copy = new PreauthIntegrityHash();
        _value.CopyTo(copy._value, 0);
        return copy;
    }
}
