using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Connection;

internal sealed partial class SmbConnection
{
    private readonly PendingRequestPool _pendingPool = new();

    /// <summary>The one credit-charge rule: a request that moves <paramref name="payloadBytes"/> costs one credit per
    /// 64 KiB with multi-credit requests (MS-SMB2 3.2.4.1.5), otherwise one.</summary>
    public int CreditChargeOf(long payloadBytes) => LargeMtu ? (int)Math.Max(1, (payloadBytes - 1) / 65536 + 1) : 1;

    /// <summary>The READ hot path: no request object, no arrays, a pooled awaitable, and the data written by
    /// the receive loop straight into <paramref name="destination"/>. Returns the status and the byte count.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(NtStatus Status, int Bytes)> ReadAsync(Smb2FileId fileId, long offset, Memory<byte> destination,
        uint remainingBytes, uint treeId, CancellationToken cancellationToken)
    {
        if (IsBroken) throw Failure;
        int charge = CreditChargeOf(destination.Length);
        ulong messageId = await _credits.AcquireAsync(charge, cancellationToken).ConfigureAwait(false);
        var security = Security;
        bool encrypt = security is { EncryptAll: true, Cipher: not null };
        int plainLength = Smb2Header.Size + ReadRequest.Size;
        int frameLength = encrypt ? TransformCipher.HeaderSize + plainLength : plainLength;
        byte[] frame = ArrayPool<byte>.Shared.Rent(4 + frameLength + (encrypt ? plainLength : 0));
        var pending = _pendingPool.Rent();
        pending.Initialize(messageId, charge, Smb2Command.Read, destination, NewDeadline());
        bool sent = false;
        long started = 0;
        try
        {
            // Encrypted: the plain message goes after the frame and is sealed into its place at the front.
            Span<byte> message = encrypt ? frame.AsSpan(4 + frameLength, plainLength) : frame.AsSpan(4, plainLength);
            WriteHeader(message, Smb2Command.Read, charge, messageId, treeId, security?.SessionId ?? 0, related: false, next: 0, security, encrypt);
            ReadRequest.Write(message[Smb2Header.Size..], fileId, offset, destination.Length, remainingBytes);
            Sign(message, Smb2Command.Read, security, encrypt);
            if (encrypt) security!.Cipher!.Encrypt(message, security.SessionId, frame.AsSpan(4, frameLength));
            WriteFrameLength(frame, frameLength);
            _pending.Add(pending.MessageId, pending);
            Counters.CountRequest(Smb2Command.Read);
            started = Stopwatch.GetTimestamp();
            ReadWindow.Started(started);
            await WriteFrameAsync(frame.AsMemory(0, 4 + frameLength)).ConfigureAwait(false);
            sent = true;
        }
        finally
        {
            if (!sent)
            {
                if (started != 0) ReadWindow.Completed(started, Stopwatch.GetTimestamp(), 0);
                _pending.TryRemove(messageId);
                _credits.Grant(charge, charge);
            }
            ArrayPool<byte>.Shared.Return(frame);
        }

        (NtStatus Status, int Bytes) result = (NtStatus.STATUS_SUCCESS, 0);
        try
        {
            using var response = await WaitAsync(pending, cancellationToken).ConfigureAwait(false);
            result = response is null ? (pending.ReadHeader.Status, pending.BytesDelivered) : (response.Status, 0);
        }
        finally
        {
            ReadWindow.Completed(started, Stopwatch.GetTimestamp(), result.Bytes);
        }
        _pendingPool.Return(pending);
        return result;
    }

    private async Task<SmbResponse[]> SendChainAsync(ISmb2Request[] requests, uint treeId, CancellationToken cancellationToken,
        Action<ReadOnlySpan<byte>>? onEncoded, ulong sessionIdOverride)
    {
        var pendings = await SendRequestsAsync(requests, treeId, cancellationToken, onEncoded, sessionIdOverride).ConfigureAwait(false);
        var responses = new SmbResponse[pendings.Length];
        try
        {
            for (int i = 0; i < pendings.Length; i++)
            {
                // Only READ answers without a message, and READ has a path of its own.
                responses[i] = await WaitAsync(pendings[i], cancellationToken).ConfigureAwait(false)
                    ?? throw new SmbProtocolException($"{Endpoint}: a {requests[i].Command} response without a message");
                _pendingPool.Return(pendings[i]);
            }
        }
        catch
        {
            foreach (var r in responses) r?.Dispose();
            foreach (var p in pendings) Abandon(p);
            throw;
        }
        return responses;
    }

    /// <summary>Takes credits, then numbers, encodes, signs or encrypts the chain and writes it as one frame. Returns
    /// the requests' entries in the pending table, for the caller to wait on; nothing is registered when nothing
    /// reached the wire. <paramref name="cancellationToken"/> only bounds the wait for credits.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<PendingRequest[]> SendRequestsAsync(ISmb2Request[] requests, uint treeId, CancellationToken cancellationToken,
        Action<ReadOnlySpan<byte>>? onEncoded, ulong sessionIdOverride)
    {
        if (IsBroken) throw Failure;
        int count = requests.Length;
        var charges = new int[count];
        int totalCharge = 0;
        int plainLength = 0;
        for (int i = 0; i < count; i++)
        {
            charges[i] = CreditChargeOf(requests[i].CreditPayloadSize);
            totalCharge += charges[i];
            int size = Smb2Header.Size + requests[i].BodySize;
            plainLength += i < count - 1 ? Align8(size) : size;
        }

        ulong firstId = await _credits.AcquireAsync(totalCharge, cancellationToken).ConfigureAwait(false);
        var security = Security;
        ulong sessionId = sessionIdOverride != ulong.MaxValue ? sessionIdOverride : security?.SessionId ?? 0;
        bool encrypt = security is { EncryptAll: true, Cipher: not null } && requests[0].Command is not (Smb2Command.Negotiate or Smb2Command.SessionSetup);
        bool signable = security is not null && sessionId == security.SessionId;

        int frameLength = encrypt ? TransformCipher.HeaderSize + plainLength : plainLength;
        byte[] frame = ArrayPool<byte>.Shared.Rent(4 + frameLength + (encrypt ? plainLength : 0));
        var pendings = new PendingRequest[count];
        bool sent = false;
        try
        {
            long deadline = NewDeadline();
            Span<byte> plain = encrypt ? frame.AsSpan(4 + frameLength, plainLength) : frame.AsSpan(4, plainLength);
            plain.Clear();
            ulong messageId = firstId;
            int pos = 0;
            for (int i = 0; i < count; i++)
            {
                var request = requests[i];
                int size = Smb2Header.Size + request.BodySize;
                int next = i < count - 1 ? Align8(size) : 0;
                // A compound member is signed up to the next member, padding included (MS-SMB2 3.2.4.1.4).
                Span<byte> message = plain.Slice(pos, next == 0 ? size : next);
                WriteHeader(message, request.Command, charges[i], messageId, treeId, sessionId, related: i > 0, next, signable ? security : null, encrypt);
                request.WriteBody(message.Slice(Smb2Header.Size, request.BodySize));
                Sign(message, request.Command, signable ? security : null, encrypt);
                onEncoded?.Invoke(message[..size]);

                var pending = _pendingPool.Rent();
                pending.Initialize(messageId, charges[i], request.Command, default, deadline);
                pendings[i] = pending;
                _pending.Add(pending.MessageId, pending);
                Counters.CountRequest(request.Command);
                messageId += (ulong)charges[i];
                pos += next == 0 ? size : next;
            }
            if (encrypt) security!.Cipher!.Encrypt(plain, sessionId, frame.AsSpan(4, frameLength));
            WriteFrameLength(frame, frameLength);
            await WriteFrameAsync(frame.AsMemory(0, 4 + frameLength)).ConfigureAwait(false);
            sent = true;
        }
        finally
        {
            if (!sent) Unregister(pendings, totalCharge);
            ArrayPool<byte>.Shared.Return(frame);
        }
        return pendings;
    }

    private void WriteHeader(Span<byte> message, Smb2Command command, int charge, ulong messageId, uint treeId, ulong sessionId,
        bool related, int next, SessionSecurity? security, bool encrypt)
    {
        var header = new Smb2Header
        {
            CreditCharge = Dialect == SmbDialect.Smb202 ? (ushort)0 : (ushort)charge,
            Command = command,
            Credits = _credits.CreditRequest(charge, Options.CreditTarget),
            Flags = related ? Smb2Flags.RelatedOperations : Smb2Flags.None,
            NextCommand = (uint)next,
            MessageId = messageId,
            TreeId = treeId,
            SessionId = sessionId,
        };
        if (ShouldSign(command, security, encrypt)) header.Flags |= Smb2Flags.Signed;
        header.Write(message);
    }

    /// <summary>Sign when the session signs everything, and always for a 3.1.1 TREE_CONNECT of a session with a
    /// key (MS-SMB2 3.2.4.1.1); encrypted messages are never signed.</summary>
    private bool ShouldSign(Smb2Command command, SessionSecurity? security, bool encrypt) =>
        !encrypt && security?.Signer is not null &&
        (security.SignRequests || (Dialect == SmbDialect.Smb311 && command == Smb2Command.TreeConnect));

    private void Sign(Span<byte> message, Smb2Command command, SessionSecurity? security, bool encrypt)
    {
        if (ShouldSign(command, security, encrypt)) security!.Signer!.Sign(message);
    }

    /// <summary>Nothing reached the wire: forget the MessageIds and give their credits back, or the
    /// watchdog would wait for answers that can never come.</summary>
    private void Unregister(PendingRequest[] pendings, int totalCharge)
    {
        foreach (var p in pendings)
            if (p is not null) _pending.TryRemove(p.MessageId);
        _credits.Grant(totalCharge, totalCharge);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<SmbResponse?> WaitAsync(PendingRequest pending, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled) return await pending.WaitAsync().ConfigureAwait(false);
        using (cancellationToken.UnsafeRegister(static s => Abandon((PendingRequest)s!), pending))
            return await pending.WaitAsync().ConfigureAwait(false);
    }

    /// <summary>The caller stops waiting. Its credits come back when the server's answer arrives; if the
    /// receive loop is already writing into the caller's buffer, the caller waits for that to finish.</summary>
    private static void Abandon(PendingRequest pending)
    {
        if (pending.Delivery.TryAbandon())
            pending.TryFail(new OperationCanceledException());
    }

    private static int Align8(int value) => (value + 7) & ~7;
}
