using System.Buffers;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Connection;

// Requests the server may hold open for as long as it likes (a LOCK that waits for a range to free), and the
// CANCEL that ends them. The request goes out and is matched like any other; only the caller's cancellation
// differs: instead of abandoning the request it asks the server to stop and still waits for the final answer.
internal sealed partial class SmbConnection
{
    /// <summary>Sends one request and waits for its final response, however long the server keeps it pending after
    /// an interim response. Cancelling <paramref name="cancellationToken"/> sends SMB2 CANCEL (MS-SMB2 3.2.4.24) and
    /// keeps waiting: the response is then STATUS_CANCELLED, or whatever the server had decided before the CANCEL
    /// reached it, so the caller always learns what the server did (a lock granted in that race is held).</summary>
    public async Task<SmbResponse> SendCancellableAsync(ISmb2Request request, uint treeId, CancellationToken cancellationToken)
    {
        var pendings = await SendRequestsAsync([request], treeId, cancellationToken, null, ulong.MaxValue).ConfigureAwait(false);
        var pending = pendings[0];
        SmbResponse? response;
        using (cancellationToken.UnsafeRegister(static s =>
               {
                   var (connection, p, tree) = ((SmbConnection, PendingRequest, uint))s!;
                   connection.RequestCancel(p, tree);
               }, (this, pending, treeId)))
        {
            response = await pending.WaitAsync().ConfigureAwait(false);
        }
        _pendingPool.Return(pending);
        return response ?? throw new SmbProtocolException($"{Endpoint}: a {request.Command} response without a message");
    }

    /// <summary>The caller gave up on <paramref name="pending"/>: one CANCEL goes out, unless the answer is in.
    /// Runs in the cancellation callback, so the send goes on in the background; it needs no response.</summary>
    private void RequestCancel(PendingRequest pending, uint treeId)
    {
        if (!pending.TryBeginCancel(NewDeadline(), out ulong messageId, out ulong? asyncId)) return;
        _ = SendCancelAsync(messageId, asyncId, treeId);
    }

    /// <summary>Frames, signs or encrypts and writes one CANCEL, through the one writer like every request. A failure
    /// here is the connection's failure, which reaches the waiting caller through the pending table.</summary>
    private async Task SendCancelAsync(ulong messageId, ulong? asyncId, uint treeId)
    {
        var security = Security;
        bool encrypt = security is { EncryptAll: true, Cipher: not null };
        bool sign = ShouldSign(Smb2Command.Cancel, security, encrypt);
        int plainLength = CancelRequest.Size;
        int frameLength = encrypt ? TransformCipher.HeaderSize + plainLength : plainLength;
        byte[] frame = ArrayPool<byte>.Shared.Rent(4 + frameLength + (encrypt ? plainLength : 0));
        try
        {
            Span<byte> message = encrypt ? frame.AsSpan(4 + frameLength, plainLength) : frame.AsSpan(4, plainLength);
            CancelRequest.Write(message, messageId, asyncId, treeId, security?.SessionId ?? 0, sign);
            Sign(message, Smb2Command.Cancel, security, encrypt);
            if (encrypt) security!.Cipher!.Encrypt(message, security.SessionId, frame.AsSpan(4, frameLength));
            WriteFrameLength(frame, frameLength);
            Counters.CountRequest(Smb2Command.Cancel);
            await WriteFrameAsync(frame.AsMemory(0, 4 + frameLength)).ConfigureAwait(false);
            Log.Debug("Sent CANCEL for MessageId {MessageId} (AsyncId {AsyncId}) to {Endpoint}", messageId, asyncId, Endpoint);
        }
        catch (SmbException e)
        {
            Log.Debug("CANCEL for MessageId {MessageId} not sent to {Endpoint}: {Reason}", messageId, Endpoint, e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
