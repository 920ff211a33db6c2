using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>An RC4 keystream (MS-NLMP 6, "RC4K"/"RC4Init"), stateful across calls the way an NTLM sealing handle
/// is (3.4.3: the checksum of a sealed message is encrypted with the keystream that follows the data).
/// BCL has no RC4, so this wraps BouncyCastle's engine.</summary>
internal sealed class Rc4Cipher : IDisposable
{
    private readonly RC4Engine _engine = new();
    private bool _disposed;

    public Rc4Cipher(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
            throw new ArgumentException("RC4 key must not be empty", nameof(key));
        _engine.Init(forEncryption: true, new KeyParameter(key));
    }

    /// <summary>XORs the next <c>input.Length</c> keystream bytes into <paramref name="output"/> (may be the same span).</summary>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (output.Length < input.Length)
            throw new ArgumentException("output shorter than input", nameof(output));
        if (input.IsEmpty)
            return;
        _engine.ProcessBytes(input, output);
    }

    public byte[] Transform(ReadOnlySpan<byte> input)
    {
        var output = new byte[input.Length];
        Transform(input, output.AsSpan());
        return output;
    }

    /// <summary>One-shot RC4K(key, data) with a fresh keystream.</summary>
    public static byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input)
    {
        using var cipher = new Rc4Cipher(key);
        return cipher.Transform(input);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        // Re-keying with zeros overwrites the key-derived permutation held by the engine. BouncyCastle keeps private
        // copies of the key bytes we cannot reach; those are left to the GC.
        _engine.Init(forEncryption: true, new KeyParameter(new byte[16]));
        _disposed = true;
    }
}
