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

    private readonly byte[] _readPrefix = new byte[ReadPrefix];

    /// <summary>A READ response's head is read first: a plain one whose data can go straight from the socket into
    /// the caller's memory takes the fast path; everything else is read whole into a pooled buffer.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask ReceiveMessageAsync(int length)
    {
        if (length < Smb2Header.Size && !(length >= TransformCipher.HeaderSize))
            throw new SmbProtocolException($"{Endpoint}: {length}-byte message is shorter than an SMB2 header");
        int have = 0;
        if (length >= ReadPrefix)
        {
            await FillAsync(_readPrefix).ConfigureAwait(false);
            have = ReadPrefix;
            if (await TryReceiveIntoDestinationAsync(_readPrefix, length).ConfigureAwait(false))
                return;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _readPrefix.AsSpan(0, have).CopyTo(buffer);
            await FillAsync(buffer.AsMemory(have, length - have)).ConfigureAwait(false);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        ProcessMessage(buffer, length);
    }

    /// <summary>The fast path for READ responses that are not encrypted: the data is read from the socket directly
    /// into the caller's memory, with no intermediate buffer. A signed response is verified there, over the head
    /// and the data in place, before the read completes; a bad signature fails the read and the connection, so
    /// the bytes are never reported as read.</summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> TryReceiveIntoDestinationAsync(Memory<byte> head, int length)
    {
        if (!TryMatchRead(head.Span, length, out var pending, out var header, out int dataLength, out var signer)) return false;
        var data = pending!.ReadDestination[..dataLength];
        await FillAsync(data).ConfigureAwait(false);
        if (signer is not null && !signer.Verify(head.Span, data.Span))
            throw new SmbProtocolException($"{Endpoint}: STATUS_INVALID_SIGNATURE: bad signature on a READ response; connection closed");
        pending.ReadHeader = header;
        pending.BytesDelivered = dataLength;
        Complete(pending, null, header);
        Counters.CountRead(dataLength);
        return true;
    }

    /// <summary>Whether a response whose head is <paramref name="head"/> is a READ whose data can land in the
    /// caller's memory: a single successful READ, laid out as we asked (data right after the body), for a caller
    /// still waiting. <paramref name="signer"/> is set when its signature must be checked once the data is in;
    /// anything the slow path must judge (unsigned where signing is required, plain on an encrypted session)
    /// goes there.</summary>
    private bool TryMatchRead(ReadOnlySpan<byte> head, int length, out PendingRequest? pending, out Smb2Header header, out int dataLength,
        out SmbSigner? signer)
    {
        pending = null;
        header = default;
        dataLength = 0;
        signer = null;
        if (!Smb2Header.IsSmb2(head) || BinaryPrimitives.ReadUInt16LittleEndian(head[4..]) != Smb2Header.Size) return false;
        header = Smb2Header.Read(head);
        if (header.Command != Smb2Command.Read || !header.IsResponse || header.NextCommand != 0 || header.Status != NtStatus.STATUS_SUCCESS)
            return false;
        if (Security is { } security && header.SessionId == security.SessionId)
        {
            if (security.EncryptAll) return false;
            if (header.IsSigned && security.Signer is { } s) signer = s;
            else if (security.RequireSignedResponses) return false;
        }
        else if (header.IsSigned)
        {
            return false;
        }
        if (!_pending.TryGet(header.MessageId, out var p) || p.ReadDestination.IsEmpty) return false;
        ushort structureSize = BinaryPrimitives.ReadUInt16LittleEndian(head[Smb2Header.Size..]);
        byte dataOffset = head[Smb2Header.Size + 2];
        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(head[(Smb2Header.Size + 4)..]);
        if (structureSize != 17 || dataOffset != ReadPrefix || declared != (uint)(length - ReadPrefix) || declared > (uint)p.ReadDestination.Length)
            return false;
        if (!p.Delivery.TryBeginDelivery()) return false; // caller gave up: take the slow path, which discards
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
            DispatchBreak(header, message);
            return false;
        }
        if (!_pending.TryGet(header.MessageId, out var pending))
        {
            Log.Debug("Response to unknown MessageId {MessageId} from {Endpoint}", header.MessageId, Endpoint);
            return false;
        }
        if (header.Status == NtStatus.STATUS_PENDING && header.IsAsync)
        {
            // Interim response (MS-SMB2 3.2.5.1.5): not signed, grants credits, the final answer follows whenever
            // the server is done, with the same MessageId; its AsyncId is what a CANCEL names.
            pending.OnInterim(header.AsyncId);
            _credits.Grant(header.Credits, 0);
            return false;
        }
        VerifyIntegrity(header, message, encrypted);

        if (pending.Command == Smb2Command.Read && !pending.ReadDestination.IsEmpty &&
            header.Status is NtStatus.STATUS_SUCCESS or NtStatus.STATUS_BUFFER_OVERFLOW)
        {
            var (dataOffset, dataLength) = ReadResponse.Locate(message, pending.ReadDestination.Length);
            if (pending.Delivery.TryBeginDelivery())
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
