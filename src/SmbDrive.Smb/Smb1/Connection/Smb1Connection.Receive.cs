using System.Buffers;
using System.Buffers.Binary;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Connection;

internal sealed partial class Smb1Connection
{
    protected override async ValueTask ReceiveMessageAsync(int length)
    {
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
                    Log.Debug("Ignoring unsolicited SMB1 {Command} from {Endpoint}", header.Command, Endpoint);
                    return;
                }
                throw new SmbProtocolException($"{Endpoint}: the server sent a request ({header.Command})");
            }
            if (!_pending.TryGet(header.Mid, out var pending))
            {
                Log.Debug("SMB1 response to unknown MID {Mid} from {Endpoint}", header.Mid, Endpoint);
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
                Volatile.Write(ref pending.DeadlineTicks, NewDeadline());
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
                if (pending.Delivery.TryBeginDelivery())
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
        if (_pending.TryRemove(pending.Mid))
        {
            if (pending.IsRead) Counters.ReadDone();
            if (pending.IsWrite) Counters.WriteDone();
            _slots.Release();
        }
        return pending.TryComplete(response);
    }
}
