namespace SmbDrive.Smb.Rpc;

/// <summary>A DCE/RPC association over a named pipe (C706 chapter 12, MS-RPCE 2.1.1.2): one bind with one
/// presentation context, then calls whose answers are reassembled from their fragments.</summary>
internal sealed class RpcPipeChannel
{
    /// <summary>The fragment size Windows clients offer; every server accepts it.</summary>
    public const ushort OfferedFragment = 4280;

    /// <summary>Most stub bytes accepted in one reply: far above any share list, far below a memory problem.</summary>
    public const int MaxReplyStub = 16 * 1024 * 1024;

    private const ushort ContextId = 0;
    private readonly SmbNamedPipe _pipe;
    private readonly RpcBindAck _ack;
    private uint _callId;

    private RpcPipeChannel(SmbNamedPipe pipe, RpcBindAck ack, uint callId)
    {
        _pipe = pipe;
        _ack = ack;
        _callId = callId;
    }

    public static async Task<RpcPipeChannel> BindAsync(SmbNamedPipe pipe, RpcSyntax syntax, CancellationToken cancellationToken)
    {
        const uint callId = 1;
        byte[] reply = await pipe.TransceiveAsync(RpcBindRequest.Encode(callId, syntax, OfferedFragment), OfferedFragment, cancellationToken).ConfigureAwait(false);
        var ack = RpcBindAck.Parse(reply, callId, pipe.Where);
        return new RpcPipeChannel(pipe, ack, callId);
    }

    /// <summary>Sends one request and returns the reply's stub, reassembled from all its fragments.</summary>
    public async Task<byte[]> CallAsync(ushort opnum, byte[] stub, CancellationToken cancellationToken)
    {
        uint callId = ++_callId;
        // The server's max_recv_frag bounds what we send; what it sends is bounded by what we offered.
        int sendLimit = Math.Min((int)_ack.MaxReceiveFragment, OfferedFragment);
        int receiveLimit = OfferedFragment;
        byte[] request = RpcRequestPdu.Encode(callId, ContextId, opnum, stub, sendLimit);
        byte[] message = await _pipe.TransceiveAsync(request, receiveLimit, cancellationToken).ConfigureAwait(false);
        return await ReassembleAsync(message, callId, receiveLimit, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ReassembleAsync(byte[] message, uint callId, int receiveLimit, CancellationToken cancellationToken)
    {
        var stub = new MemoryStream();
        bool first = true;
        while (true)
        {
            bool last = Take(message, callId, first, stub);
            if (last) return stub.ToArray();
            first = false;
            message = await _pipe.ReadMessageAsync(receiveLimit, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool Take(ReadOnlySpan<byte> message, uint callId, bool first, MemoryStream stub)
    {
        var fragment = RpcResponseFragment.Parse(message, callId, ContextId, _pipe.Where);
        if (fragment.Header.IsFirst != first)
            throw RpcHeader.Malformed("response", first ? "the first fragment lacks PFC_FIRST_FRAG" : "PFC_FIRST_FRAG in the middle of a reply");
        if (stub.Length + fragment.Stub.Length > MaxReplyStub)
            throw RpcHeader.Malformed("response", $"reply larger than {MaxReplyStub} bytes");
        stub.Write(fragment.Stub);
        return fragment.Header.IsLast;
    }
}
