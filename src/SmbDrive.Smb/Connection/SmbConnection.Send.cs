using System.Buffers;
using System.Buffers.Binary;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Connection;

internal sealed partial class SmbConnection
{
    private async Task<SmbResponse[]> SendChainAsync(ISmb2Request[] requests, uint treeId, CancellationToken cancellationToken,
        Memory<byte> readDestination, Action<ReadOnlySpan<byte>>? onEncoded, ulong sessionIdOverride)
    {
        if (IsBroken) throw Failure;
        int count = requests.Length;
        var charges = new int[count];
        int totalCharge = 0;
        int plainLength = 0;
        for (int i = 0; i < count; i++)
        {
            charges[i] = ChargeOf(requests[i]);
            totalCharge += charges[i];
            int size = Smb2Header.Size + requests[i].BodySize;
            plainLength += i < count - 1 ? Align8(size) : size;
        }

        ulong firstId = await _credits.AcquireAsync(totalCharge, cancellationToken).ConfigureAwait(false);
        var security = Security;
        ulong sessionId = sessionIdOverride != ulong.MaxValue ? sessionIdOverride : security?.SessionId ?? 0;
        bool encrypt = security is { EncryptAll: true, Cipher: not null } && requests[0].Command is not (Smb2Command.Negotiate or Smb2Command.SessionSetup);

        byte[] plain = ArrayPool<byte>.Shared.Rent(4 + plainLength);
        byte[]? sealedBuffer = null;
        var pendings = new PendingRequest[count];
        bool sent = false;
        try
        {
            long deadline = Environment.TickCount64 + _options.RequestTimeoutSeconds * 1000L;
            ulong messageId = firstId;
            int pos = 4;
            for (int i = 0; i < count; i++)
            {
                var request = requests[i];
                int size = Smb2Header.Size + request.BodySize;
                int next = i < count - 1 ? Align8(size) : 0;
                Span<byte> message = plain.AsSpan(pos, next == 0 ? size : next);
                message.Clear();
                var header = new Smb2Header
                {
                    CreditCharge = Dialect == SmbDialect.Smb202 ? (ushort)0 : (ushort)charges[i],
                    Command = request.Command,
                    Credits = _credits.CreditRequest(charges[i], _options.CreditTarget),
                    Flags = i > 0 ? Smb2Flags.RelatedOperations : Smb2Flags.None,
                    NextCommand = (uint)next,
                    MessageId = messageId,
                    TreeId = treeId,
                    SessionId = sessionId,
                };
                bool sign = !encrypt && security?.Signer is not null && sessionId == security.SessionId &&
                            (security.SignRequests || (Dialect == SmbDialect.Smb311 && request.Command == Smb2Command.TreeConnect));
                if (sign) header.Flags |= Smb2Flags.Signed;
                header.Write(message);
                request.WriteBody(message.Slice(Smb2Header.Size, request.BodySize));
                if (sign) security!.Signer!.Sign(message);
                onEncoded?.Invoke(message[..size]);

                pendings[i] = new PendingRequest(messageId, charges[i], request.Command, i == 0 ? readDestination : default, deadline);
                _pending[messageId] = pendings[i];
                Counters.CountRequest(request.Command);
                messageId += (ulong)charges[i];
                pos += next == 0 ? size : next;
            }

            ReadOnlyMemory<byte> frame;
            if (encrypt)
            {
                int sealedLength = TransformCipher.HeaderSize + plainLength;
                sealedBuffer = ArrayPool<byte>.Shared.Rent(4 + sealedLength);
                security!.Cipher!.Encrypt(plain.AsSpan(4, plainLength), sessionId, sealedBuffer.AsSpan(4, sealedLength));
                WriteFrameLength(sealedBuffer, sealedLength);
                frame = sealedBuffer.AsMemory(0, 4 + sealedLength);
            }
            else
            {
                WriteFrameLength(plain, plainLength);
                frame = plain.AsMemory(0, 4 + plainLength);
            }

            if (IsBroken) throw Failure; // the receive loop may have died while we encoded
            await _sendLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                // Never cancel half a frame: the stream would be out of step for every other caller.
                await _stream.WriteAsync(frame, CancellationToken.None).ConfigureAwait(false);
                sent = true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                Abort(new SmbConnectionException($"{Endpoint}: connection lost while sending ({e.Message})", e));
                throw Failure;
            }
            finally
            {
                _sendLock.Release();
            }
        }
        finally
        {
            if (!sent) Unregister(pendings, totalCharge);
            ArrayPool<byte>.Shared.Return(plain);
            if (sealedBuffer is not null) ArrayPool<byte>.Shared.Return(sealedBuffer);
        }

        var responses = new SmbResponse[count];
        try
        {
            for (int i = 0; i < count; i++)
                responses[i] = await WaitAsync(pendings[i], cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var r in responses) r?.Dispose();
            for (int i = 0; i < count; i++) Abandon(pendings[i]);
            throw;
        }
        return responses;
    }

    /// <summary>Nothing reached the wire: forget the MessageIds and give their credits back, or the
    /// watchdog would wait for answers that can never come.</summary>
    private void Unregister(PendingRequest[] pendings, int totalCharge)
    {
        foreach (var p in pendings)
            if (p is not null) _pending.TryRemove(p.MessageId, out _);
        _credits.Grant(totalCharge, totalCharge);
    }

    private static async Task<SmbResponse> WaitAsync(PendingRequest pending, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled) return await pending.Completion.Task.ConfigureAwait(false);
        using (cancellationToken.UnsafeRegister(static s => Abandon((PendingRequest)s!), pending))
            return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>The caller stops waiting. Its credits come back when the server's answer arrives; if the
    /// receive loop is already writing into the caller's buffer, the caller waits for that to finish.</summary>
    private static void Abandon(PendingRequest pending)
    {
        if (Interlocked.CompareExchange(ref pending.State, 2, 0) == 0)
            pending.Completion.TrySetCanceled();
    }

    private static void WriteFrameLength(byte[] buffer, int length)
    {
        if (length > MaxFrameBytes) throw new SmbProtocolException($"message of {length} bytes exceeds the direct TCP frame limit");
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)length);
    }

    private static int Align8(int value) => (value + 7) & ~7;
}
