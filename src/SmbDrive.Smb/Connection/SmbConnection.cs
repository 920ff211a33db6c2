using System.Net.Sockets;
using Serilog;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Security.Crypto;
using SmbDrive.Smb.Transport;

namespace SmbDrive.Smb.Connection;

/// <summary>One TCP connection to an SMB2/3 server, on the shared <see cref="MultiplexedConnection"/> core.
/// Many callers on many threads share it: each request takes credits and MessageIds, is framed, signed or
/// encrypted and written under the send lock; the receive loop hands each response to the caller waiting on
/// that MessageId. Any transport failure, timeout, malformed message or bad signature aborts the connection and
/// fails every request in flight, exactly once.</summary>
internal sealed partial class SmbConnection : MultiplexedConnection
{
    private readonly PendingTable<ulong, PendingRequest> _pending = new();
    private readonly CreditManager _credits = new(1);

    private SmbConnection(Socket socket, string host, int port, SmbClientOptions options, ILogger log)
        : base(socket, host, port, options, log)
    {
        IoBudget = new Io.IoBudget(Io.ReadWindow.For(options), _ => _credits.Granted * 65536L);
        Start();
    }

    protected override string ProtocolLabel => "";
    public NegotiateResponse? Negotiated { get; private set; }
    public SmbDialect Dialect { get; private set; }
    public SessionSecurity? Security { get; set; }
    public SmbConnectionCounters Counters { get; } = new();

    /// <summary>Bytes of READs the read scheduler keeps in flight on this connection: its window, sized from its
    /// throughput and round trip, within what its credits pay for.</summary>
    public Io.IoBudget IoBudget { get; }
    public Io.ReadWindow ReadWindow => IoBudget.Window;
    internal CreditManager Credits => _credits;

    /// <summary>Multi-credit requests are allowed (MS-SMB2 3.1.5.2).</summary>
    public bool LargeMtu => Dialect > SmbDialect.Smb202 && Negotiated is { } n && (n.Capabilities & SmbCapabilities.LargeMtu) != 0;

    public static async Task<SmbConnection> ConnectAsync(string host, int port, SmbClientOptions options, ILogger log, CancellationToken cancellationToken)
    {
        var socket = await TcpConnector.OpenAsync(host, port, options, cancellationToken).ConfigureAwait(false);
        socket.SendBufferSize = 1024 * 1024;
        log.Debug("Connected to {Host}:{Port}", host, port);
        return new SmbConnection(socket, host, port, options, log);
    }

    /// <summary>Sends one request and waits for its final response (READ has its own path, <see cref="ReadAsync"/>).</summary>
    public async Task<SmbResponse> SendAsync(ISmb2Request request, uint treeId, CancellationToken cancellationToken,
        Action<ReadOnlySpan<byte>>? onEncoded = null, ulong sessionId = ulong.MaxValue)
    {
        var responses = await SendChainAsync([request], treeId, cancellationToken, onEncoded, sessionId).ConfigureAwait(false);
        return responses[0];
    }

    /// <summary>Sends a compound chain (MS-SMB2 3.2.4.1.4): every request after the first is related to the
    /// one before it and uses its FileId. Returns one response per request, in order.</summary>
    public Task<SmbResponse[]> SendCompoundAsync(ISmb2Request[] requests, uint treeId, CancellationToken cancellationToken) =>
        SendChainAsync(requests, treeId, cancellationToken, null, ulong.MaxValue);

    public override ValueTask DisposeAsync()
    {
        if (!IsBroken && ReadWindow.MinRoundTrip is { } rtt)
            Log.Debug("Closing {Endpoint}: {Reads} reads, {Bytes} bytes; read window {WindowKiB} KiB, smallest round trip {RoundTripMs:F2} ms, {MBps} MB/s",
                Endpoint, Counters.Reads, Counters.BytesRead, ReadWindow.TargetBytes / 1024, rtt.TotalMilliseconds, ReadWindow.BytesPerSecond / 1_000_000);
        return base.DisposeAsync();
    }

    protected override string? FindOverdueRequest(long nowTicks) => _pending.FindOverdue(nowTicks);

    protected override void OnAborted(Exception failure)
    {
        _credits.Fail(failure);
        // Snapshot, then complete outside any lock: continuations may run inline and call back into us.
        foreach (var p in _pending.TakeAll())
            p.TryFail(failure);
        Security?.Dispose();
    }
}

/// <summary>Counts kept for tests and benchmarks.</summary>
internal sealed class SmbConnectionCounters
{
    private long _requests, _reads, _bytesRead;
    public long Requests => Interlocked.Read(ref _requests);
    public long Reads => Interlocked.Read(ref _reads);
    public long BytesRead => Interlocked.Read(ref _bytesRead);
    internal void CountRequest(Smb2Command command)
    {
        Interlocked.Increment(ref _requests);
        if (command == Smb2Command.Read) Interlocked.Increment(ref _reads);
    }
    internal void CountRead(int bytes) => Interlocked.Add(ref _bytesRead, bytes);
}
