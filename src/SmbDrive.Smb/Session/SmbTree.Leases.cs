using System.Collections.Concurrent;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Protocol.Messages.Leases;

namespace SmbDrive.Smb.Session;

// Leases and oplocks: what a CREATE asks for, what it got, and the breaks the server sends this connection.
// Leases belong to the connection's ClientGuid, so a break that arrives here is acknowledged here.
internal sealed partial class SmbTree : ISmbLeasingShare, IServerBreakReceiver
{
    /// <summary>Oplocks held by opens of this tree, by FileId: an oplock break names the open, not a key, so the
    /// caller's key and the level it holds are remembered here until the open is closed.</summary>
    private readonly ConcurrentDictionary<Smb2FileId, OplockHolding> _oplocks = new();

    /// <summary>Oplock breaks that arrived before their CREATE's caller recorded the oplock: the receive loop can
    /// read a break right after the CREATE response, before the caller's continuation has run. Claimed by
    /// <see cref="Granted"/>; <see cref="_oplocks"/> is the lock for both.</summary>
    private readonly Dictionary<Smb2FileId, OplockBreakNotification> _earlyOplockBreaks = new();
    private ISmbLeaseBreakHandler? _breakHandler;

    private const int MaxEarlyOplockBreaks = 256;

    private sealed record OplockHolding(Guid Key, OplockLevel Level);

    public SmbCachingKind CachingKind =>
        _connection.Negotiated is { } n && (n.Capabilities & SmbCapabilities.Leasing) != 0 && Dialect >= SmbDialect.Smb210
            ? Dialect.IsSmb3() ? SmbCachingKind.LeaseV2 : SmbCachingKind.LeaseV1
            : SmbCachingKind.Oplock;

    public ISmbLeaseBreakHandler? LeaseBreakHandler
    {
        get => Volatile.Read(ref _breakHandler);
        set => Volatile.Write(ref _breakHandler, value);
    }

    /// <summary>The CREATE for <paramref name="parameters"/>, with a lease context when the server has leases, else
    /// the oplock that stands in for the requested lease.</summary>
    private CreateRequest CreateRequestFor(string path, SmbCreateParameters parameters)
    {
        if (parameters.Lease is not { } lease) return new CreateRequest(path, parameters);
        return CachingKind switch
        {
            SmbCachingKind.LeaseV2 or SmbCachingKind.LeaseV1 => new CreateRequest(path, parameters)
            {
                RequestedOplockLevel = OplockLevel.Lease,
                Lease = LeaseContext.Request(CachingKind == SmbCachingKind.LeaseV2, lease),
            },
            _ => new CreateRequest(path, parameters) { RequestedOplockLevel = OplockLevels.ForLease(lease.State) },
        };
    }

    /// <summary>What the CREATE got, on the lease scale; an oplock is remembered for its breaks.</summary>
    private SmbLeaseGrant Granted(SmbCreateParameters parameters, CreateResponse created)
    {
        if (parameters.Lease is not { } request) return SmbLeaseGrant.None;
        if (created.Lease is { } lease)
        {
            if (lease.Key != request.Key)
                throw new SmbProtocolException($"{Where("")}: the server granted a lease for another key than the one asked for");
            return new SmbLeaseGrant(lease.V2 ? SmbCachingKind.LeaseV2 : SmbCachingKind.LeaseV1, lease.Key, lease.State, lease.Epoch);
        }
        if (created.OplockLevel is OplockLevel.None or OplockLevel.Lease) return new SmbLeaseGrant(SmbCachingKind.None, request.Key, SmbLeaseState.None, 0);
        var holding = new OplockHolding(request.Key, created.OplockLevel);
        OplockBreakNotification? early = null;
        lock (_oplocks)
        {
            _oplocks[created.FileId] = holding;
            if (_earlyOplockBreaks.Remove(created.FileId, out var e)) early = e;
        }
        if (early is { } n) DispatchOplockBreak(n, holding);
        return new SmbLeaseGrant(SmbCachingKind.Oplock, request.Key, created.OplockLevel.ToLeaseState(), 0);
    }

    void IServerBreakReceiver.OnLeaseBreak(LeaseBreakNotification n)
    {
        var kind = CachingKind == SmbCachingKind.LeaseV2 ? SmbCachingKind.LeaseV2 : SmbCachingKind.LeaseV1;
        Dispatch(new SmbLeaseBreak(kind, n.Key, n.CurrentState, n.NewState, n.NewEpoch, n.AcknowledgeRequired,
            (state, ct) => AcknowledgeLeaseAsync(n.Key, state, ct)));
    }

    void IServerBreakReceiver.OnOplockBreak(OplockBreakNotification n)
    {
        OplockHolding? holding;
        lock (_oplocks)
        {
            if (!_oplocks.TryGetValue(n.FileId, out holding))
            {
                // Its CREATE's caller has not recorded it yet (claimed then), or it was closed (the CLOSE ends the break).
                _log.Debug("{Share}: oplock break for an open not recorded yet ({FileId})", Share, n.FileId);
                // FileIds are not reused on a connection, so what a closed open left behind is only memory: bounded.
                if (_earlyOplockBreaks.Count >= MaxEarlyOplockBreaks) _earlyOplockBreaks.Clear();
                _earlyOplockBreaks[n.FileId] = n;
                return;
            }
        }
        DispatchOplockBreak(n, holding);
    }

    private void DispatchOplockBreak(OplockBreakNotification n, OplockHolding holding)
    {
        // Level II is broken to none without an acknowledgement (MS-SMB2 3.2.5.19.1); exclusive and batch wait for one.
        bool ackRequired = holding.Level is OplockLevel.Exclusive or OplockLevel.Batch;
        if (!ackRequired) _oplocks.TryUpdate(n.FileId, holding with { Level = n.NewLevel }, holding);
        Dispatch(new SmbLeaseBreak(SmbCachingKind.Oplock, holding.Key, holding.Level.ToLeaseState(), n.NewLevel.ToLeaseState(), 0, ackRequired,
            (state, ct) => AcknowledgeOplockAsync(n.FileId, OplockLevels.FromLeaseState(state), ct)));
    }

    /// <summary>Off the receive loop: the handler (or nobody) gets the break; whatever it did, a break that needs an
    /// acknowledgement gets one, so the server's other client never waits for the timeout.</summary>
    private void Dispatch(SmbLeaseBreak leaseBreak) => _ = Task.Run(() => HandleBreakAsync(leaseBreak));

    private async Task HandleBreakAsync(SmbLeaseBreak leaseBreak)
    {
        if (LeaseBreakHandler is { } handler)
        {
            try
            {
                await handler.OnBreakAsync(leaseBreak, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _log.Warning("{Share}: lease break handler failed on {Break}: {Reason}; acknowledging", Share, leaseBreak, e.Message);
            }
        }
        if (!leaseBreak.AcknowledgeRequired) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds));
            await leaseBreak.AcknowledgeAsync(cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmbException or OperationCanceledException)
        {
            // The connection died (its leases with it) or the server stopped waiting: nothing is left to acknowledge.
            _log.Debug("{Share}: acknowledging {Break} failed: {Reason}", Share, leaseBreak, e.Message);
        }
    }

    private Task AcknowledgeLeaseAsync(Guid key, SmbLeaseState state, CancellationToken cancellationToken) =>
        WithReauthenticationAsync(async () =>
        {
            using var response = await _connection.SendAsync(new LeaseBreakAcknowledgement(key, state), TreeId, cancellationToken).ConfigureAwait(false);
            if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, $"{Where("")} (lease break acknowledgement)");
            var (ackedKey, _) = LeaseBreakAcknowledgement.ParseResponse(response.Message);
            if (ackedKey != key) throw new SmbProtocolException($"{Where("")}: lease break response for another key");
            return true;
        }, cancellationToken);

    private Task AcknowledgeOplockAsync(Smb2FileId fileId, OplockLevel level, CancellationToken cancellationToken) =>
        WithReauthenticationAsync(async () =>
        {
            using var response = await _connection.SendAsync(new OplockBreakAcknowledgement(fileId, level), TreeId, cancellationToken).ConfigureAwait(false);
            if (response.Status != NtStatus.STATUS_SUCCESS) throw new SmbStatusException(response.Status, $"{Where("")} (oplock break acknowledgement)");
            var granted = OplockBreakNotification.Parse(response.Message, "oplock break");
            if (_oplocks.TryGetValue(fileId, out var holding)) _oplocks.TryUpdate(fileId, holding with { Level = granted.NewLevel }, holding);
            return true;
        }, cancellationToken);

    /// <summary>The open is closed: its oplock, and any break of it, ends with it.</summary>
    private void ForgetOplock(Smb2FileId fileId)
    {
        lock (_oplocks)
        {
            _oplocks.TryRemove(fileId, out _);
            _earlyOplockBreaks.Remove(fileId);
        }
    }
}
