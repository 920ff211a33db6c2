using System.Net.Sockets;
using Serilog;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;
using SmbDrive.Smb.Transport;

namespace SmbDrive.Smb.Smb1.Connection;

/// <summary>One TCP connection speaking SMB1 (NT LM 0.12), on the same <see cref="MultiplexedConnection"/> core as
/// SMB2: many callers share it, each request takes a slot (at most the server's MaxMpxCount outstanding, MS-CIFS 3.2.4.1.3 — the
/// SMB1 counterpart of credits) and a MID, is signed and written under the send lock; one receive loop reads every
/// response and completes the caller waiting on that MID. A transport failure, timeout, malformed message or bad
/// signature aborts the connection and fails every request in flight, exactly once.</summary>
internal sealed partial class Smb1Connection : MultiplexedConnection
{
    private const int MaxOutstanding = 1024;

    private Smb1Connection(Socket socket, string host, int port, SmbClientOptions options, ILogger log)
        : base(socket, host, port, options, log)
    {
        // The server's MaxMpxCount plays the part of SMB2's credits: each request takes one slot.
        IoBudget = new Io.IoBudget(Io.ReadWindow.For(options), readBytes => MaxMpxCount * (long)readBytes);
        ProcessId = (ushort)Environment.ProcessId;
        Start();
    }

    protected override string ProtocolLabel => "SMB1 ";
    protected override bool SkipsKeepAlives => true;
    public Smb1Counters Counters { get; } = new();

    /// <summary>PIDLow of every request; PIDHigh stays 0.</summary>
    public ushort ProcessId { get; }

    public Smb1NegotiateResponse? Negotiated { get; private set; }

    /// <summary>Unicode once CAP_UNICODE is negotiated, OEM otherwise.</summary>
    public Smb1Strings Strings { get; private set; } = Smb1Strings.Unicode;

    public bool UsesNtStatus { get; private set; } = true;

    /// <summary>UID of the session once SESSION_SETUP_ANDX has assigned it.</summary>
    public ushort Uid { get; set; }

    public bool IsSigning => Volatile.Read(ref _signer) is not null;

    public Smb1Capabilities Capabilities => Negotiated?.Capabilities ?? Smb1Capabilities.None;

    public static async Task<Smb1Connection> ConnectAsync(string host, int port, SmbClientOptions options, ILogger log, CancellationToken cancellationToken)
    {
        var socket = await TcpConnector.OpenAsync(host, port, options, cancellationToken).ConfigureAwait(false);
        log.Debug("Connected to {Host}:{Port} for SMB1", host, port);
        return new Smb1Connection(socket, host, port, options, log);
    }

    /// <summary>SMB_COM_NEGOTIATE offering NT LM 0.12 only (MS-CIFS 3.2.4.2.2, MS-SMB 3.2.4.2.2). The lead's
    /// multi-protocol probe has already established that the server will not pick SMB2.</summary>
    public async Task NegotiateAsync(Smb1Tuning tuning, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new Smb1NegotiateRequest([Smb1NegotiateRequest.NtLm012]), 0xFFFF, cancellationToken).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS)
            throw new SmbStatusException(response.Status, $@"\\{Endpoint} (SMB1 negotiate)");
        var negotiated = Smb1NegotiateResponse.Parse(response.Message);
        if (negotiated.DialectIndex == Smb1NegotiateResponse.NoDialect)
            throw new SmbException($@"\\{Endpoint}: the server does not speak SMB1 (it refused the NT LM 0.12 dialect)");
        if (negotiated.DialectIndex != 0)
            throw new SmbProtocolException($@"\\{Endpoint}: the server chose dialect {negotiated.DialectIndex}, which we did not offer");
        if (!negotiated.ExtendedSecurity)
            throw new SmbException($@"\\{Endpoint}: the SMB1 server does not offer extended security (SPNEGO), which SmbDrive needs for NTLMv2 logons");
        if ((negotiated.SecurityMode & Smb1SecurityMode.UserLevel) == 0)
            throw new SmbException($@"\\{Endpoint}: the SMB1 server uses share-level security, which SmbDrive does not support");

        Negotiated = negotiated;
        Strings = tuning.UseUnicode && (negotiated.Capabilities & Smb1Capabilities.Unicode) != 0 ? Smb1Strings.Unicode : Smb1Strings.Oem;
        UsesNtStatus = tuning.UseNtStatus && (negotiated.Capabilities & Smb1Capabilities.Status32) != 0;
        // Windows and Samba offer 50; the cap keeps a hostile value from exhausting the 65534 usable MIDs.
        int mpx = Math.Clamp((int)negotiated.MaxMpxCount, 1, MaxOutstanding);
        if (mpx > 1) _slots.Release(mpx - 1);
        MaxMpxCount = mpx;
        Log.Debug("Negotiated SMB1 NT LM 0.12 with {Endpoint}: MaxMpx {Mpx}, MaxBuffer {MaxBuffer}, capabilities {Caps}, security mode {Mode}",
            Endpoint, mpx, negotiated.MaxBufferSize, negotiated.Capabilities, negotiated.SecurityMode);
    }

    /// <summary>Requests the server lets us have outstanding at once (1 until negotiated).</summary>
    public int MaxMpxCount { get; private set; } = 1;

    /// <summary>Bytes of READs the read scheduler keeps in flight on this connection: its window, sized from its
    /// throughput and round trip, within the server's <see cref="MaxMpxCount"/>.</summary>
    public Io.IoBudget IoBudget { get; }
    public Io.ReadWindow ReadWindow => IoBudget.Window;

    protected override string? FindOverdueRequest(long nowTicks) => _pending.FindOverdue(nowTicks);

    protected override void OnAborted(Exception failure)
    {
        // Outside any lock: completions may run code that calls back into the connection.
        foreach (var p in _pending.TakeAll())
        {
            if (p.IsRead) Counters.ReadDone();
            if (p.IsWrite) Counters.WriteDone();
            p.TryFail(failure);
        }
        // Wake every caller still waiting for a slot; each sees the failure and throws.
        _slots.Release(short.MaxValue);
        Interlocked.Exchange(ref _signer, null)?.Dispose();
    }
}
