using System.Buffers;
using System.Buffers.Binary;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Connection;

// Requests the server may hold for as long as it likes (a LOCKING_ANDX that waits for a range to free), and the
// NT_CANCEL that ends them. The request goes out and is matched by its MID like any other; only the caller's
// cancellation differs: instead of abandoning the request it asks the server to stop and still waits for the answer.
internal sealed partial class Smb1Connection
{
    /// <summary>Sends one request and waits for its response. With <paramref name="waitsIndefinitely"/> the
    /// request has no deadline: SMB1 has no interim response that would tell a waiting LOCKING_ANDX from a dead
    /// server, and the server answers it only when the range frees, which may be hours away. Cancelling
    /// <paramref name="cancellationToken"/> sends NT_CANCEL (MS-CIFS 3.2.4.28) and keeps waiting, now within the
    /// request timeout: the answer is then the error the server ends a cancelled request with, or whatever it had
    /// decided before the NT_CANCEL reached it, so the caller always learns what the server did. NT_CANCEL names the
    /// request by its MID, exactly; Samba's own client cancels the same way (smb1cli_req_cancel).</summary>
    /// <returns>The response, and whether an NT_CANCEL went out for it.</returns>
    public async Task<(Smb1Response Response, bool CancelSent)> SendCancellableAsync(ISmb1Request request, ushort tid, bool waitsIndefinitely,
        CancellationToken cancellationToken)
    {
        var pending = new Smb1PendingRequest(request.Command, waitsIndefinitely ? long.MaxValue : NewDeadline());
        await PostAsync(request, tid, pending, cancellationToken).ConfigureAwait(false);
        Smb1Response response;
        using (cancellationToken.UnsafeRegister(static s =>
               {
                   var (connection, p, t) = ((Smb1Connection, Smb1PendingRequest, ushort))s!;
                   connection.RequestCancel(p, t);
               }, (this, pending, tid)))
        {
            response = await pending.Task.ConfigureAwait(false);
        }
        return (response, pending.CancelSent);
    }

    /// <summary>The caller gave up on <paramref name="pending"/>: one NT_CANCEL goes out, unless the answer is in.
    /// Runs in the cancellation callback, so the send goes on in the background.</summary>
    private void RequestCancel(Smb1PendingRequest pending, ushort tid)
    {
        if (!pending.TryBeginCancel(NewDeadline())) return;
        _ = SendNtCancelAsync(pending, tid);
    }

    /// <summary>Writes one NT_CANCEL with the MID, TID, UID and PID of <paramref name="pending"/>, through the one
    /// writer like every request. It takes no slot and no MID of its own: the server sends nothing back for it. A
    /// failure here is the connection's failure, which reaches the waiting caller through the pending table.</summary>
    private async Task SendNtCancelAsync(Smb1PendingRequest pending, ushort tid)
    {
        var request = NtCancelRequest.Instance;
        int messageLength = Smb1Header.Size + request.BodySize(Strings);
        byte[] frame = ArrayPool<byte>.Shared.Rent(4 + messageLength);
        try
        {
            Span<byte> message = frame.AsSpan(4, messageLength);
            new Smb1Header
            {
                Command = request.Command,
                Flags = Smb1Flags.CaseInsensitive | Smb1Flags.CanonicalizedPaths,
                Flags2 = RequestFlags2(),
                PidLow = ProcessId,
                Tid = tid,
                Uid = Uid,
                Mid = pending.Mid,
            }.Write(message);
            request.WriteBody(message, Strings);
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)messageLength);
            Counters.CountRequest();
            Counters.CountCancel();
            await WriteSignedAsync(frame, 4 + messageLength, pending: null).ConfigureAwait(false);
            Log.Debug("Sent NT_CANCEL for SMB1 {Command} MID {Mid} to {Endpoint}", pending.Command, pending.Mid, Endpoint);
        }
        catch (SmbException e)
        {
            Log.Debug("NT_CANCEL for MID {Mid} not sent to {Endpoint}: {Reason}", pending.Mid, Endpoint, e.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
