using System.Buffers;
using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Connection;

/// <summary>One SMB2 response message in a pooled buffer. The receiver hands ownership to the waiting caller,
/// who disposes it to return the buffer.</summary>
internal sealed class SmbResponse : IDisposable
{
    private byte[]? _buffer;
    private readonly int _offset;
    private readonly int _length;

    public SmbResponse(Smb2Header header, byte[] buffer, int offset, int length, bool wasEncrypted)
    {
        Header = header;
        _buffer = buffer;
        _offset = offset;
        _length = length;
        WasEncrypted = wasEncrypted;
    }

    public Smb2Header Header { get; }
    public NtStatus Status => Header.Status;
    public bool WasEncrypted { get; }

    /// <summary>The whole SMB2 message, header first.</summary>
    public ReadOnlySpan<byte> Message => (_buffer ?? throw new ObjectDisposedException(nameof(SmbResponse))).AsSpan(_offset, _length);

    /// <summary>Bytes a READ response copied straight into the caller's buffer (only for reads).</summary>
    public int BytesDelivered { get; init; }

    public void Dispose()
    {
        byte[]? b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null && b.Length > 0) ArrayPool<byte>.Shared.Return(b);
    }
}
