using System.Buffers;
using SmbDrive.Smb.Smb1.Protocol;

namespace SmbDrive.Smb.Smb1.Connection;

/// <summary>The answer to one SMB1 request: the message in a pooled buffer (returned on Dispose), or for a read
/// the byte count the receive loop copied into the caller's memory, or for a TRANS2 request the reassembled
/// parameters and data.</summary>
internal sealed class Smb1Response : IDisposable
{
    private byte[]? _buffer;
    private readonly int _length;

    public Smb1Response(Smb1Header header, byte[]? buffer, int length)
    {
        Header = header;
        Status = header.Status;
        _buffer = buffer;
        _length = length;
    }

    public Smb1Header Header { get; }

    /// <summary>The status as an NTSTATUS, DOS errors already mapped.</summary>
    public NtStatus Status { get; }

    /// <summary>The whole message, header first. Empty for reads and transactions.</summary>
    public ReadOnlySpan<byte> Message => _buffer is null ? default : _buffer.AsSpan(0, _length);

    public int BytesDelivered { get; init; }
    public byte[] Parameters { get; init; } = [];
    public byte[] Data { get; init; } = [];

    public void Dispose()
    {
        byte[]? b = Interlocked.Exchange(ref _buffer, null);
        if (b is not null) ArrayPool<byte>.Shared.Return(b);
    }
}
