using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Serilog;

namespace SmbDrive.Smb.Connection;

/// <summary>The connection core that SMB2/3 (<see cref="SmbConnection"/>) and SMB1
/// (<c>Smb1Connection</c>) share: one TCP socket that many callers use at once. It owns the socket, the send
/// lock that keeps frames whole, the one receive loop that reads direct-TCP frames and hands each message to the
/// protocol, the watchdog that declares the connection dead when a request goes unanswered past its deadline,
/// and the abort that fails everything in flight exactly once. The protocols supply the hooks: how to read and
/// dispatch one message, which request is overdue, and what to fail when the connection ends.</summary>
internal abstract class MultiplexedConnection : IAsyncDisposable
{
    /// <summary>Direct TCP (MS-SMB2 2.1): a 24-bit length after a zero type byte.</summary>
    protected const int MaxFrameBytes = 0xFFFFFF;

    /// <summary>NetBIOS session message types; 0x85 is a keep-alive, which servers may send on port 445 too.</summary>
    private const byte SessionMessage = 0x00, SessionKeepAlive = 0x85;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Timer _watchdog;
    private Task? _receiveLoop;
    private Exception? _failure;

    protected MultiplexedConnection(Socket socket, string host, int port, SmbClientOptions options, ILogger log)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Host = host;
        Port = port;
        Options = options;
        Log = log;
        _watchdog = new Timer(static s => ((MultiplexedConnection)s!).CheckDeadlines(), this, Timeout.Infinite, Timeout.Infinite);
    }

    public string Host { get; }
    public int Port { get; }
    public string Endpoint => Port == SmbAddress.DefaultPort ? Host : $"{Host}:{Port}";
    public bool IsBroken => Volatile.Read(ref _failure) is not null;

    protected SmbClientOptions Options { get; }
    protected ILogger Log { get; }

    /// <summary>Why the connection ended, for every caller that arrives afterwards.</summary>
    protected Exception Failure => Volatile.Read(ref _failure) ?? new SmbConnectionException($"{Endpoint}: connection closed");

    /// <summary>Whether a NetBIOS session keep-alive (type 0x85) is a message to skip: SMB1 servers may send it;
    /// SMB2's direct TCP header must start with zero (MS-SMB2 2.1).</summary>
    protected virtual bool SkipsKeepAlives => false;

    /// <summary>"SMB1 " or "" for log lines.</summary>
    protected abstract string ProtocolLabel { get; }

    /// <summary>Starts the receive loop and the watchdog; called once by the protocol's constructor, when its
    /// own fields are ready.</summary>
    protected void Start()
    {
        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _watchdog.Change(1000, 1000);
    }

    /// <summary>Deadline of a request sent now.</summary>
    protected long NewDeadline() => Environment.TickCount64 + Options.RequestTimeoutSeconds * 1000L;

    /// <summary>Reads one message of <paramref name="length"/> bytes (the frame header is consumed) and
    /// dispatches it; throwing ends the connection.</summary>
    protected abstract ValueTask ReceiveMessageAsync(int length);

    /// <summary>The command of a request past its deadline, if any.</summary>
    protected abstract string? FindOverdueRequest(long nowTicks);

    /// <summary>Fails every request in flight and releases what waits for the connection; called once.</summary>
    protected abstract void OnAborted(Exception failure);

    private async Task ReceiveLoopAsync()
    {
        byte[] frameHeader = new byte[4];
        try
        {
            while (true)
            {
                await FillAsync(frameHeader).ConfigureAwait(false);
                int length = (int)(BinaryPrimitives.ReadUInt32BigEndian(frameHeader) & 0xFFFFFF);
                if (frameHeader[0] == SessionKeepAlive && length == 0 && SkipsKeepAlives) continue;
                if (frameHeader[0] != SessionMessage)
                    throw new SmbProtocolException($"{Endpoint}: not a direct-TCP SMB frame (type 0x{frameHeader[0]:X2})");
                await ReceiveMessageAsync(length).ConfigureAwait(false);
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected async ValueTask FillAsync(Memory<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = await _stream.ReadAsync(buffer).ConfigureAwait(false);
            if (n == 0) throw new EndOfStreamException();
            buffer = buffer[n..];
        }
    }

    /// <summary>Writes one whole frame under the send lock. <paramref name="beforeWrite"/>, if given, runs under
    /// the lock first (SMB1 numbers and signs there, because sequence numbers must reach the server in order).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected async ValueTask WriteFrameAsync<TState>(ReadOnlyMemory<byte> frame, Action<TState>? beforeWrite, TState state)
    {
        if (IsBroken) throw Failure; // the receive loop may have died while we encoded
        await _sendLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (IsBroken) throw Failure;
            beforeWrite?.Invoke(state);
            // Never cancel half a frame: the stream would be out of step for every other caller.
            await _stream.WriteAsync(frame, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Abort(new SmbConnectionException($"{Endpoint}: connection lost while sending ({e.Message})", e));
            throw Failure;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    protected ValueTask WriteFrameAsync(ReadOnlyMemory<byte> frame) => WriteFrameAsync<object?>(frame, null, null);

    /// <summary>Fails the connection: every waiter gets <paramref name="failure"/>, once; the socket closes.</summary>
    public void Abort(Exception failure)
    {
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null) return;
        if (failure is not SmbConnectionException { Message: var m } || !m.EndsWith("connection closed"))
            Log.Warning("{Protocol}connection to {Endpoint} failed: {Reason}", ProtocolLabel, Endpoint, failure.Message);
        _watchdog.Dispose();
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
        _stream.Dispose();
        OnAborted(failure);
    }

    public virtual ValueTask DisposeAsync()
    {
        Abort(new SmbConnectionException($"{Endpoint}: connection closed"));
        return ValueTask.CompletedTask;
    }

    private void CheckDeadlines()
    {
        if (FindOverdueRequest(Environment.TickCount64) is { } command)
            Abort(new SmbConnectionException(
                $"{Endpoint}: no response to {ProtocolLabel}{command} within {Options.RequestTimeoutSeconds} s; connection abandoned"));
    }

    protected static void WriteFrameLength(Span<byte> frame, int length)
    {
        if (length > MaxFrameBytes) throw new SmbProtocolException($"message of {length} bytes exceeds the direct TCP frame limit");
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)length);
    }
}
