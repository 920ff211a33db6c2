using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Session;

namespace SmbDrive.Smb.Rpc;

/// <summary>A message-mode named pipe opened on an IPC$ tree (MS-SMB2 3.2.4.3 CREATE on IPC$, 3.2.4.20.1
/// FSCTL_PIPE_TRANSCEIVE, 3.2.4.6 READ). One message is one DCE/RPC fragment; a message larger than the buffer
/// comes in pieces, each but the last answered with STATUS_BUFFER_OVERFLOW.</summary>
internal sealed class SmbNamedPipe : IAsyncDisposable
{
    public const uint FsctlPipeTransceive = 0x0011C017;
    // FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_READ_EA | FILE_WRITE_EA | FILE_READ_ATTRIBUTES
    // | FILE_WRITE_ATTRIBUTES | READ_CONTROL | SYNCHRONIZE, as Windows opens an RPC pipe.
    private const uint PipeAccess = 0x0012019F;

    private readonly SmbTree _tree;
    private readonly Smb2FileId _fileId;
    private int _closed;

    private SmbNamedPipe(SmbTree tree, Smb2FileId fileId, string where)
    {
        _tree = tree;
        _fileId = fileId;
        Where = where;
    }

    /// <summary><c>\\host\IPC$\name</c>, for messages.</summary>
    public string Where { get; }

    public static async Task<SmbNamedPipe> OpenAsync(SmbTree ipc, string name, CancellationToken cancellationToken)
    {
        string where = ipc.Where(name);
        using var response = await ipc.Connection.SendAsync(new CreateRequest(name, PipeAccess, 0), ipc.TreeId, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, where);
        return new SmbNamedPipe(ipc, CreateResponse.Parse(response.Message).FileId, where);
    }

    /// <summary>Writes <paramref name="message"/> and returns the whole answering message, at most
    /// <paramref name="maxMessage"/> bytes.</summary>
    public async Task<byte[]> TransceiveAsync(byte[] message, int maxMessage, CancellationToken cancellationToken)
    {
        var into = new MessageBuffer(maxMessage, Where);
        bool more;
        using (var response = await _tree.Connection.SendAsync(
                   new IoctlRequest(FsctlPipeTransceive, _fileId, message, maxMessage), _tree.TreeId, cancellationToken).ConfigureAwait(false))
        {
            more = CheckStatus(response.Status);
            into.Append(IoctlResponse.Output(response.Message));
        }
        if (more) await ReadRestAsync(into, cancellationToken).ConfigureAwait(false);
        return into.ToArray();
    }

    /// <summary>Reads the next whole message, at most <paramref name="maxMessage"/> bytes.</summary>
    public async Task<byte[]> ReadMessageAsync(int maxMessage, CancellationToken cancellationToken)
    {
        var into = new MessageBuffer(maxMessage, Where);
        await ReadRestAsync(into, cancellationToken).ConfigureAwait(false);
        return into.ToArray();
    }

    private async Task ReadRestAsync(MessageBuffer into, CancellationToken cancellationToken)
    {
        byte[] chunk = new byte[Math.Max(1, into.Room)];
        bool more = true;
        while (more)
        {
            if (into.Room == 0) throw new SmbProtocolException($"{Where}: a pipe message longer than {into.Limit} bytes");
            var (status, delivered) = await _tree.Connection.ReadAsync(_fileId, 0, chunk.AsMemory(0, into.Room), 0, _tree.TreeId, cancellationToken)
                .ConfigureAwait(false);
            more = CheckStatus(status);
            if (delivered == 0 && more) throw new SmbProtocolException($"{Where}: empty pipe read that says more data follows");
            into.Append(chunk.AsSpan(0, delivered));
        }
    }

    /// <summary>True when the message continues (STATUS_BUFFER_OVERFLOW); any other failure is thrown.</summary>
    private bool CheckStatus(NtStatus status) => status switch
    {
        NtStatus.STATUS_SUCCESS => false,
        NtStatus.STATUS_BUFFER_OVERFLOW => true,
        _ => throw new SmbStatusException(status, Where),
    };

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        await _tree.CloseQuietlyAsync(_fileId).ConfigureAwait(false);
    }

    /// <summary>Collects one message and refuses to grow past its limit.</summary>
    private sealed class MessageBuffer(int limit, string where)
    {
        private readonly MemoryStream _bytes = new();

        public int Limit => limit;
        public int Room => limit - (int)_bytes.Length;

        public void Append(ReadOnlySpan<byte> data)
        {
            if (data.Length > Room) throw new SmbProtocolException($"{where}: a pipe message longer than {limit} bytes");
            _bytes.Write(data);
        }

        public byte[] ToArray() => _bytes.ToArray();
    }
}
