using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Connection;

internal sealed partial class Smb1Connection
{
    private readonly SemaphoreSlim _slots = new(1);
    private readonly PendingTable<ushort, Smb1PendingRequest> _pending = new();
    private ushort _lastMid;
    private Smb1Signer? _signer;
    private uint _nextSequence;

    /// <summary>Flags2 bits that SESSION_SETUP_ANDX adds while signing is being negotiated.</summary>
    public Smb1Flags2 SigningNegotiationFlags { get; set; }

    /// <summary>Sends one request and waits for its response.</summary>
    public Task<Smb1Response> SendAsync(ISmb1Request request, ushort tid, CancellationToken cancellationToken) =>
        SendCoreAsync(request, tid, new Smb1PendingRequest(request.Command, NewDeadline()), cancellationToken);

    /// <summary>Sends a TRANS2 request and waits for all parts of its response.</summary>
    public Task<Smb1Response> TransactAsync(Trans2Request request, ushort tid, CancellationToken cancellationToken) =>
        SendCoreAsync(request, tid, new Smb1PendingRequest(request.Command, NewDeadline())
        {
            Transaction = new Trans2Assembler(request.MaxParameterCount, request.MaxDataCount),
        }, cancellationToken);

    /// <summary>Sends a READ_ANDX or SMB_COM_READ; the receive loop copies the data into <paramref name="destination"/>.
    /// Returns the status and the byte count.</summary>
    public async Task<(NtStatus Status, int Bytes)> ReadAsync(ISmb1Request request, Memory<byte> destination, ushort tid, CancellationToken cancellationToken)
    {
        var pending = new Smb1PendingRequest(request.Command, NewDeadline()) { ReadDestination = destination, ReadRequested = destination.Length };
        long started = Stopwatch.GetTimestamp();
        ReadWindow.Started(started);
        int bytes = 0;
        try
        {
            using var response = await SendCoreAsync(request, tid, pending, cancellationToken).ConfigureAwait(false);
            bytes = response.BytesDelivered;
            return (response.Status, bytes);
        }
        finally
        {
            ReadWindow.Completed(started, Stopwatch.GetTimestamp(), bytes);
        }
    }

    /// <summary>Sends a WRITE_ANDX and waits for its response; counted so that tests can see writes kept in flight.</summary>
    public Task<Smb1Response> WriteAsync(WriteAndXRequest request, ushort tid, CancellationToken cancellationToken) =>
        SendCoreAsync(request, tid, new Smb1PendingRequest(request.Command, NewDeadline()) { IsWrite = true }, cancellationToken);

    /// <summary>Starts signing with <paramref name="macKey"/> if the final SESSION_SETUP_ANDX response carries a
    /// signature made with it (sequence number 1: the request that completed authentication was 0); the next request
    /// is then number 2 (MS-CIFS 3.2.5.3, Samba smb1_signing_activate). False when the server did not sign.</summary>
    public bool TryActivateSigning(ReadOnlySpan<byte> macKey, ReadOnlySpan<byte> finalSessionSetupResponse)
    {
        var signer = new Smb1Signer(macKey);
        if (!signer.Verify(finalSessionSetupResponse, 1))
        {
            signer.Dispose();
            return false;
        }
        _nextSequence = 2;
        Volatile.Write(ref _signer, signer);
        return true;
    }


    private async Task<Smb1Response> SendCoreAsync(ISmb1Request request, ushort tid, Smb1PendingRequest pending, CancellationToken cancellationToken)
    {
        await PostAsync(request, tid, pending, cancellationToken).ConfigureAwait(false);
        return await WaitAsync(pending, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes a slot and a MID for <paramref name="pending"/> and writes the request; returns once it is on
    /// the wire (or throws, and then nothing was sent). <paramref name="cancellationToken"/> only ends the wait for
    /// a slot.</summary>
    private async Task PostAsync(ISmb1Request request, ushort tid, Smb1PendingRequest pending, CancellationToken cancellationToken)
    {
        if (IsBroken) throw Failure;
        var strings = Strings;
        int messageLength = Smb1Header.Size + request.BodySize(strings);
        if (messageLength > MaxFrameBytes) throw new SmbException($"{Endpoint}: a {messageLength}-byte SMB1 request exceeds the transport's frame limit");
        if (Negotiated is { } n && messageLength > n.MaxBufferSize && !request.MayExceedMaxBufferSize)
            throw new SmbException($@"\\{Endpoint}: a {messageLength}-byte {request.Command} request exceeds the server's MaxBufferSize of {n.MaxBufferSize}");

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (IsBroken)
        {
            _slots.Release();
            throw Failure;
        }
        byte[] frame = ArrayPool<byte>.Shared.Rent(4 + messageLength);
        bool registered = false, sent = false;
        try
        {
            ushort mid = Register(pending);
            registered = true;
            // Counted from registration on, so that every path that unregisters it (Unregister, Complete, Abort) pairs with this.
            if (pending.IsRead) Counters.ReadSent(request.Command == Smb1Command.Read);
            if (pending.IsWrite) Counters.WriteSent();
            Span<byte> message = frame.AsSpan(4, messageLength);
            new Smb1Header
            {
                Command = request.Command,
                Flags = Smb1Flags.CaseInsensitive | Smb1Flags.CanonicalizedPaths,
                Flags2 = RequestFlags2(),
                PidLow = ProcessId,
                Tid = tid,
                Uid = Uid,
                Mid = mid,
            }.Write(message);
            request.WriteBody(message, strings);
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)messageLength);
            Counters.CountRequest();
            await WriteSignedAsync(frame, 4 + messageLength, pending).ConfigureAwait(false);
            sent = true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
            if (registered && !sent) Unregister(pending);
            else if (!registered) _slots.Release();
        }
    }

    private Smb1Flags2 RequestFlags2()
    {
        var flags = Smb1Flags2.LongNames | Smb1Flags2.IsLongName | Smb1Flags2.ExtendedSecurity | SigningNegotiationFlags;
        if (Strings.IsUnicode) flags |= Smb1Flags2.Unicode;
        if (UsesNtStatus) flags |= Smb1Flags2.NtStatus;
        if (IsSigning) flags |= Smb1Flags2.SecuritySignature;
        return flags;
    }

    /// <summary>Signs (when signing is on) and writes under the send lock: sequence numbers must reach the server
    /// in the order they were given out, so numbering, signing and writing are one step. A request takes two
    /// numbers, its own and its response's; one without a response (<paramref name="pending"/> null: NT_CANCEL)
    /// takes one (MS-CIFS 3.2.4.1's special case; Samba's client numbers it one-way, and its server steps back one
    /// for it in smb1_srv_cancel_sign_response).</summary>
    private ValueTask WriteSignedAsync(byte[] frame, int length, Smb1PendingRequest? pending) =>
        WriteFrameAsync(frame.AsMemory(0, length), static s =>
        {
            var (connection, frame, length, pending) = s;
            if (Volatile.Read(ref connection._signer) is not { } signer) return;
            uint sequence = connection._nextSequence;
            connection._nextSequence += pending is null ? 1u : 2u;
            if (pending is not null) pending.ResponseSequence = sequence + 1;
            signer.Sign(frame.AsSpan(4, length - 4), sequence);
        }, (this, frame, length, pending));

    /// <summary>Gives the request a MID no other outstanding request holds, skipping 0 and 0xFFFF (the MID of
    /// unsolicited oplock breaks), and records it.</summary>
    private ushort Register(Smb1PendingRequest pending)
    {
        ushort mid = _pending.AddUnderFreeKey(pending, Volatile.Read(ref _lastMid), static m =>
        {
            do m++;
            while (m is 0 or Smb1Header.UnsolicitedMid);
            return m;
        });
        Volatile.Write(ref _lastMid, mid);
        pending.Mid = mid;
        return mid;
    }

    /// <summary>Nothing reached the wire: forget the MID and free the slot.</summary>
    private void Unregister(Smb1PendingRequest pending)
    {
        if (!_pending.TryRemove(pending.Mid)) return; // an abort already failed it
        if (pending.IsRead) Counters.ReadDone();
        if (pending.IsWrite) Counters.WriteDone();
        _slots.Release();
    }

    private static async Task<Smb1Response> WaitAsync(Smb1PendingRequest pending, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled) return await pending.Task.ConfigureAwait(false);
        using (cancellationToken.UnsafeRegister(static s => Abandon((Smb1PendingRequest)s!), pending))
            return await pending.Task.ConfigureAwait(false);
    }

    /// <summary>The caller stops waiting. The MID and the slot stay taken until the server's answer arrives (it
    /// cannot be unsent); if the receive loop is already copying into the caller's buffer, the caller waits for it.</summary>
    private static void Abandon(Smb1PendingRequest pending)
    {
        if (pending.Delivery.TryAbandon())
            pending.TryFail(new OperationCanceledException());
    }
}
