using System.Buffers;
using System.Buffers.Binary;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Connection;

internal sealed partial class SmbConnection
{
    // A READ response's header and fixed body: enough to decide whether its data can go straight from the
    // socket into the caller's buffer.
    private const int ReadPrefix = Smb2Header.Size + ReadResponse.BodySize;

    private async Task ReceiveLoopAsync()
    {
        byte[] prefix = new byte[4 + ReadPrefix];
        try
        {
            while (true)
            {
                await FillAsync(prefix.AsMemory(0, 4)).ConfigureAwait(false);
                if (prefix[0] != 0) throw new SmbProtocolException($"{Endpoint}: not an SMB direct-TCP frame (first byte 0x{prefix[0]:X2})");
                int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(prefix) & 0xFFFFFF);
                if (length < Smb2Header.Size && !(length >= TransformCipher.HeaderSize))
                    throw new SmbProtocolException($"{Endpoint}: {length}-byte message is shorter than an SMB2 header");

                int have = 0;
                if (length >= ReadPrefix)
                {
                    await FillAsync(prefix.AsMemory(4, ReadPrefix)).ConfigureAwait(false);
                    have = ReadPrefix;
                    if (await TryReceiveIntoDestinationAsync(prefix.AsMemory(4, ReadPrefix), length).ConfigureAwait(false))
                        continue;
                }

                byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
                prefix.AsSpan(4, have).CopyTo(buffer);
                await FillAsync(buffer.AsMemory(have, length - have)).ConfigureAwait(false);
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

    /// <summary>Reads exactly <c>buffer.Length</c> bytes. Stream.ReadExactlyAsync would allocate a state machine
    /// whenever it waits; this one is pooled.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FillAsync(Memory<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = await _stream.ReadAsync(buffer).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException();
            buffer = buffer[n..];
        }
    }

    /// <summary>The fast path for plain READ responses: the data is read from the socket directly into the
    /// caller's memory, with no intermediate buffer.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> TryReceiveIntoDestinationAsync(ReadOnlyMemory<byte> head, int length)
    {
        if (!TryMatchPlainRead(head.Span, length, out var pending, out var header, out int dataLength)) return false;
        await FillAsync(pending!.ReadDestination[..dataLength]).ConfigureAwait(false);
        pending.ReadHeader = header;
        pending.BytesDelivered = dataLength;
        Complete(pending, null, header);
        Counters.CountRead(dataLength);
        return true;
    }

    private bool TryMatchPlainRead(ReadOnlySpan<byte> head, int length, out PendingRequest? pending, out Smb2Header header, out int dataLength)
    {
        pending = null;
        header = default;
        dataLength = 0;
        if (!Smb2Header.IsSmb2(head) || BinaryPrimitives.ReadUInt16LittleEndian(head[4..]) != Smb2Header.Size) return false;
        header = Smb2Header.Read(head);
        if (header.Command != Smb2Command.Read || !header.IsResponse || header.IsSigned || header.NextCommand != 0 ||
            header.Status != NtStatus.STATUS_SUCCESS)
            return false;
        if (Security is { } security && (security.RequireSignedResponses || security.EncryptAll) && header.SessionId == security.SessionId)
            return false;
        if (!_pending.TryGet(header.MessageId, out var p) || p.ReadDestination.IsEmpty) return false;
        ushort structureSize = BinaryPrimitives.ReadUInt16LittleEndian(head[Smb2Header.Size..]);
        byte dataOffset = head[Smb2Header.Size + 2];
        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(head[(Smb2Header.Size + 4)..]);
        if (structureSize != 17 || dataOffset != ReadPrefix || declared != (uint)(length - ReadPrefix) || declared > (uint)p.ReadDestination.Length)
            return false;
        if (Interlocked.CompareExchange(ref p.State, 1, 0) != 0) return false; // caller gave up: take the slow path, which discards
        pending = p;
        dataLength = (int)declared;
        return true;
    }

    /// <summary>Decrypts if needed, splits a compound response and dispatches each part. Takes ownership of
    /// <paramref name="buffer"/>.</summary>
    private void ProcessMessage(byte[] buffer, int length)
    {
        bool handedOver = false;
        try
        {
            int start = 0, end = length;
            bool encrypted = false;
            if (TransformCipher.IsTransformMessage(buffer.AsSpan(0, length)))
            {
                var security = Security;
                if (security?.Cipher is null)
                    throw new SmbProtocolException($"{Endpoint}: encrypted message without an encrypted session");
                if (!security.Cipher.TryDecrypt(buffer.AsSpan(0, length), out ulong sessionId, out int plainLength))
                    throw new SmbProtocolException($"{Endpoint}: STATUS_DECRYPTION_FAILED: a message failed its authentication tag; connection closed");
                if (sessionId != security.SessionId)
                    throw new SmbProtocolException($"{Endpoint}: encrypted message for an unknown session");
                start = TransformCipher.HeaderSize;
                end = start + plainLength;
                encrypted = true;
            }
            else if (length < Smb2Header.Size)
            {
                throw new SmbProtocolException($"{Endpoint}: {length}-byte message is shorter than an SMB2 header");
            }

            int pos = start;
            while (true)
            {
                var header = Smb2Header.Read(buffer.AsSpan(pos, end - pos));
                int messageLength = end - pos;
                if (header.NextCommand != 0)
                {
                    if (header.NextCommand < Smb2Header.Size || header.NextCommand > (uint)(end - pos) || (header.NextCommand & 7) != 0)
                        throw new SmbProtocolException($"{Endpoint}: compound response with a bad NextCommand offset");
                    messageLength = (int)header.NextCommand;
                }
                bool single = pos == start && header.NextCommand == 0;
                handedOver |= Dispatch(header, buffer, pos, messageLength, encrypted, canTakeBuffer: single);
                if (header.NextCommand == 0) break;
                pos += messageLength;
            }
        }
        finally
        {
            if (!handedOver) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Hands one response to its waiter. Returns true when the waiter now owns <paramref name="buffer"/>.</summary>
    private bool Dispatch(Smb2Header header, byte[] buffer, int offset, int length, bool encrypted, bool canTakeBuffer)
    {
        Span<byte> message = buffer.AsSpan(offset, length);
        if (!header.IsResponse) throw new SmbProtocolException($"{Endpoint}: the server sent a request ({header.Command})");
        if (header.MessageId == ulong.MaxValue)
        {
            // An oplock or lease break: we never ask for either, so there is nothing to acknowledge.
            _log.Debug("Ignoring unsolicited {Command} from {Endpoint}", header.Command, Endpoint);
            return false;
        }
        if (!_pending.TryGet(header.MessageId, out var pending))
        {
            _log.Debug("Response to unknown MessageId {MessageId} from {Endpoint}", header.MessageId, Endpoint);
            return false;
        }
        if (header.Status == NtStatus.STATUS_PENDING && header.IsAsync)
        {
            // Interim response (MS-SMB2 3.2.5.1.5): not signed, grants credits, the final answer follows.
            pending.DeadlineTicks = Environment.TickCount64 + _options.RequestTimeoutSeconds * 1000L;
            _credits.Grant(header.Credits, 0);
            return false;
        }
        VerifyIntegrity(header, message, encrypted);

        if (pending.Command == Smb2Command.Read && !pending.ReadDestination.IsEmpty &&
            header.Status is NtStatus.STATUS_SUCCESS or NtStatus.STATUS_BUFFER_OVERFLOW)
        {
            var (dataOffset, dataLength) = ReadResponse.Locate(message, pending.ReadDestination.Length);
            if (Interlocked.CompareExchange(ref pending.State, 1, 0) == 0)
                message.Slice(dataOffset, dataLength).CopyTo(pending.ReadDestination.Span);
            Counters.CountRead(dataLength);
            pending.ReadHeader = header;
            pending.BytesDelivered = dataLength;
            Complete(pending, null, header);
            return false;
        }
        if (canTakeBuffer)
        {
            Complete(pending, new SmbResponse(header, buffer, offset, length, encrypted), header);
            return true;
        }
        byte[] copy = ArrayPool<byte>.Shared.Rent(length);
        message.CopyTo(copy);
        Complete(pending, new SmbResponse(header, copy, 0, length, encrypted), header);
        return false;
    }

    private void Complete(PendingRequest pending, SmbResponse? response, Smb2Header header)
    {
        _pending.TryRemove(pending.MessageId);
        _credits.Grant(header.Credits, pending.Charge);
        if (!pending.TryComplete(response)) response?.Dispose();
    }

    /// <summary>A response must be encrypted when the session encrypts, and signed when the session signs;
    /// a signature that does not verify ends the connection before any byte reaches a caller.</summary>
    private void VerifyIntegrity(Smb2Header header, Span<byte> message, bool encrypted)
    {
        var security = Security;
        if (security is null || header.SessionId != security.SessionId || encrypted) return;
        if (security.EncryptAll && security.Cipher is not null)
            throw new SmbProtocolException($"{Endpoint}: unencrypted {header.Command} response on an encrypted session; connection closed");
        if (header.IsSigned && security.Signer is not null)
        {
            if (!security.Signer.Verify(message))
                throw new SmbProtocolException($"{Endpoint}: STATUS_INVALID_SIGNATURE: bad signature on a {header.Command} response; connection closed");
        }
        else if (security.RequireSignedResponses &&
                 !(header.Command == Smb2Command.SessionSetup && header.Status == NtStatus.STATUS_MORE_PROCESSING_REQUIRED))
        {
            throw new SmbProtocolException($"{Endpoint}: unsigned {header.Command} response where signing is required; connection closed");
        }
    }
}
