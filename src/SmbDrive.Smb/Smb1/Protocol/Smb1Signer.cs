using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>SMB1 message signing (MS-CIFS 3.1.4.1 and 3.1.5.1, MS-SMB 3.1.4.1): the 8-byte SecuritySignature is
/// the first half of MD5(MACKey ‖ message), computed with the field holding the sequence number (4 bytes LE)
/// followed by 4 zero bytes. With extended security the MACKey is the 16-byte session key. The connection numbers
/// its messages: a request takes n, its response n + 1.</summary>
/// <remarks>Not thread-safe per direction: <see cref="Sign"/> runs under the connection's send lock and
/// <see cref="Verify"/> on its single receive loop; each has its own hash object.</remarks>
internal sealed class Smb1Signer : IDisposable
{
    private readonly byte[] _macKey;
    private readonly IncrementalHash _signHash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private readonly IncrementalHash _verifyHash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private bool _disposed;

    public Smb1Signer(ReadOnlySpan<byte> macKey)
    {
        if (macKey.IsEmpty) throw new ArgumentException("An SMB1 MAC key is never empty.", nameof(macKey));
        _macKey = macKey.ToArray();
    }

    /// <summary>Writes the signature of <paramref name="message"/> (header first, no transport frame) as message
    /// number <paramref name="sequence"/>.</summary>
    public void Sign(Span<byte> message, uint sequence)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (message.Length < Smb1Header.Size) throw new ArgumentException("An SMB1 message is at least 32 bytes long.", nameof(message));
        Span<byte> mac = stackalloc byte[16];
        Compute(_signHash, message, sequence, mac);
        mac[..Smb1Header.SignatureSize].CopyTo(message[Smb1Header.SignatureOffset..]);
    }

    /// <summary>True when the signature in <paramref name="message"/> is right for message number
    /// <paramref name="sequence"/>. The message itself is not changed.</summary>
    public bool Verify(ReadOnlySpan<byte> message, uint sequence)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (message.Length < Smb1Header.Size) return false;
        Span<byte> mac = stackalloc byte[16];
        Compute(_verifyHash, message, sequence, mac);
        return CryptographicOperations.FixedTimeEquals(mac[..Smb1Header.SignatureSize],
            message.Slice(Smb1Header.SignatureOffset, Smb1Header.SignatureSize));
    }

    private void Compute(IncrementalHash hash, ReadOnlySpan<byte> message, uint sequence, Span<byte> mac)
    {
        Span<byte> sequenceField = stackalloc byte[Smb1Header.SignatureSize];
        BinaryPrimitives.WriteUInt32LittleEndian(sequenceField, sequence);
        sequenceField[4..].Clear();
        hash.AppendData(_macKey);
        hash.AppendData(message[..Smb1Header.SignatureOffset]);
        hash.AppendData(sequenceField);
        hash.AppendData(message[(Smb1Header.SignatureOffset + Smb1Header.SignatureSize)..]);
        hash.GetHashAndReset(mac);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CryptographicOperations.ZeroMemory(_macKey);
        _signHash.Dispose();
        _verifyHash.Dispose();
    }

    public override string ToString() => "SMB1 MD5 signer";
}
