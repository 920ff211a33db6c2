using System.Buffers;
using System.Buffers.Binary;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Connection;

internal sealed partial class Smb1Connection
{
    /// <summary>NetBIOS session message type; 0x85 is a session keep-alive, which servers may send on port 445 too.</summary>
    private const byte SessionMessage = 0x00, SessionKeepAlive = 0x85;

    private async Task ReceiveLoopAsync()
    {
        byte[] prefix = new byte[4];
        try
        {
            while (true)
            {
                await FillAsync(prefix).ConfigureAwait(false);
                int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(prefix) & 0xFFFFFF);
                if (prefix[0] == SessionKeepAlive && length == 0) continue;
                if (prefix[0] != SessionMessage)
                    throw new SmbProtocolException($"{Endpoint}: not a direct-TCP SMB frame (type 0x{prefix[0]:X2})");
                if (length < Smb1Header.Size)
                    throw new SmbProtocolException($"{Endpoint}: {length}-byte message is shorter than an SMB1 header");
                byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    await FillAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
                ProcessMessage(buffer, length);
            }
        }
        catch (Exception e)
        {
            Abort(e switch
            {
                SmbException => e,
                EndOfStreamException => new SmbConnectionException($"{Endpoint}: the server closed the connection", e),
                ObjectDisposedException => new SmbConnectionException($"{Endpoint}: connection closed", e),
                _ => new SmbConnectionException($"{Endpoint}: connection lost ({e.Message})", e),
            });
        }
    }

    private async ValueTask FillAsync(Memory<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = await _stream.ReadAsync(buffer).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException();
            buffer = buffer[n..];
        }
    }

    /// <summary>Checks and dispatches one response. Takes ownership of <paramref name="buffer"/>.</summary>
    private void ProcessMessage(byte[] buffer, int length)
    {
        bool handedOver = false;
        try
        {
            ReadOnlySpan<byte> message = buffer.AsSpan(0, length);
            if (!Smb1Header.IsSmb1(message))
            {
                throw message.Length >= 4 && message[0] == 0xFE
                    ? new SmbProtocolException($"{Endpoint}: the server answered in SMB2 on an SMB1 connection")
                    : new SmbProtocolException($"{Endpoint}: not an SMB1 message");
            }
            var header = Smb1Header.Read(message);
            if (!header.IsReply)
            {
                // An oplock break (LOCKING_ANDX with MID 0xFFFF): we never ask for oplocks, so there is nothing to
                // acknowledge. Such breaks are exempt from signing (MS-CIFS 3.2.5.1.2).
                if (header.Mid == Smb1Header.UnsolicitedMid)
                {
                    _log.Debug("Ignoring unsolicited SMB1 {Command} from {Endpoint}", header.Command, Endpoint);
                    return;
                }
                throw new SmbProtocolException($"{Endpoint}: the server sent a request ({header.Command})");
            }
            Smb1PendingRequest? pending;
            lock (_pendingLock) _pending.TryGetValue(header.Mid, out pending);
            if (pending is null)
            {
                _log.Debug("SMB1 response to unknown MID {Mid} from {Endpoint}", header.Mid, Endpoint);
                return;
            }
            if (header.Command != pending.Command)
                throw new SmbProtocolException($"{Endpoint}: a {header.Command} response answered MID {header.Mid}, which carries a {pending.Command} request");
            VerifySignature(header, message, pending);
            handedOver = Dispatch(header, buffer, length, pending);
        }
        finally
        {
            if (!handedOver) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Once signing is active every response must carry the MAC for its sequence number (MS-CIFS
    /// 3.2.5.1.2); one that does not ends the connection before any of its bytes reach a caller.</summary>
    private void VerifySignature(Smb1Header header, ReadOnlySpan<byte> message, Smb1PendingRequest pending)
    {
        if (pending.ResponseSequence is not { } sequence) return;
        var signer = Volatile.Read(ref _signer) ?? throw Failure;
        if (!signer.Verify(message, sequence))
            throw new SmbProtocolException($"{Endpoint}: STATUS_INVALID_SIGNATURE: bad signature on an SMB1 {header.Command} response; connection closed");
        Counters.CountVerified();
    }

    /// <summary>Hands one response to its waiter. Returns true when the waiter now owns <paramref name="buffer"/>.</summary>
    private bool Dispatch(Smb1Header header, byte[] buffer, int length, Smb1PendingRequest pending)
    {
        ReadOnlySpan<byte> message = buffer.AsSpan(0, length);
        NtStatus status = header.Status;
        if (pending.Transaction is { } transaction)
        {
            Counters.CountTransactionPart();
            // An error, or a warning such as STATUS_NO_MORE_FILES, may come without the TRANS2 parameter words.
            bool carriesParts = message.Length > Smb1Header.Size && message[Smb1Header.Size] >= 10;
            if (status.IsError() || (status != NtStatus.STATUS_SUCCESS && !carriesParts))
            {
                Complete(pending, new Smb1Response(header, null, 0));
                return false;
            }
            if (!transaction.Add(message))
            {
                pending.DeadlineTicks = Deadline();
                return false;
            }
            Complete(pending, new Smb1Response(header, null, 0) { Parameters = transaction.Parameters, Data = transaction.Data });
            return false;
        }
        if (pending.IsRead)
        {
            int delivered = 0;
            if (status is NtStatus.STATUS_SUCCESS or NtStatus.STATUS_BUFFER_OVERFLOW)
            {
                var (offset, count) = header.Command == Smb1Command.Read
                    ? CoreReadResponse.Locate(message, pending.ReadRequested)
                    : ReadAndXResponse.Locate(message, pending.ReadRequested);
                if (Interlocked.CompareExchange(ref pending.State, 1, 0) == 0)
                    message.Slice(offset, count).CopyTo(pending.ReadDestination.Span);
                Counters.CountBytes(count);
                delivered = count;
            }
            Complete(pending, new Smb1Response(header, null, 0) { BytesDelivered = delivered });
            return false;
        }
        var response = new Smb1Response(header, buffer, length);
        if (!Complete(pending, response))
        {
            // The caller gave up; the buffer is ours to return, through the response.
            response.Dispose();
        }
        return true;
    }

    private bool Complete(Smb1PendingRequest pending, Smb1Response response)
    {
        bool removed;
        lock (_pendingLock) removed = _pending.Remove(pending.Mid);
        if (removed)
        {
            if (pending.IsRead) Counters.ReadDone();
            _slots.Release();
        }
        return pending.TryComplete(response);
    }
}
