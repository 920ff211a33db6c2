using System.Buffers.Binary;
using System.Net.Sockets;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>A loopback relay that passes everything until a given number of its connections have each delivered
/// READ data, then holds every further server message until <see cref="Release"/>: a read spread over those
/// connections is caught mid-way, with requests outstanding on each, at a moment the test knows without timing.</summary>
internal sealed class HoldingProxy : LoopbackRelay
{
    private readonly int _connectionsBeforeHold;
    private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connectionsWithData;

    public HoldingProxy(int serverPort, int connectionsBeforeHold) : base(serverPort)
    {
        _connectionsBeforeHold = connectionsBeforeHold;
        Start();
    }

    /// <summary>Completes once the connections have delivered READ data and the proxy holds the rest.</summary>
    public Task Holding => _holding.Task;

    /// <summary>Completes once a server message is held: an answer the client is still waiting for.</summary>
    public Task FirstHeld => _firstHeld.Task;

    /// <summary>Connections that have delivered at least one READ response with data.</summary>
    public int ConnectionsWithData => Volatile.Read(ref _connectionsWithData);

    /// <summary>Lets the held messages and everything after them through.</summary>
    public void Release() => _released.TrySetResult();

    protected override Task RelayAsync(NetworkStream from, NetworkStream to, bool fromServer) =>
        fromServer ? PumpResponsesAsync(from, to) : CopyAsync(from, to);

    private async Task CopyAsync(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, Stopping.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        from.Close();
        to.Close();
    }

    private async Task PumpResponsesAsync(NetworkStream from, NetworkStream to)
    {
        var frame = new byte[4];
        bool deliveredData = false;
        try
        {
            while (true)
            {
                await from.ReadExactlyAsync(frame, Stopping.Token);
                var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(frame) & 0xFFFFFF];
                await from.ReadExactlyAsync(message, Stopping.Token);
                if (_holding.Task.IsCompleted && !_released.Task.IsCompleted)
                {
                    _firstHeld.TrySetResult();
                    await _released.Task.WaitAsync(Stopping.Token);
                }
                await to.WriteAsync(frame, Stopping.Token);
                await to.WriteAsync(message, Stopping.Token);
                if (!deliveredData && IsReadData(message))
                {
                    deliveredData = true;
                    if (Interlocked.Increment(ref _connectionsWithData) == _connectionsBeforeHold)
                        _holding.TrySetResult();
                }
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            from.Close();
            to.Close();
        }
    }

    /// <summary>A successful SMB2 READ response carrying data (MS-SMB2 2.2.20: DataLength at body offset 4).</summary>
    public static bool IsReadData(byte[] m) =>
        TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == 8 && (BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(16)) & 1) != 0 &&
        BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(8)) == 0 && m.Length >= 64 + 16 && BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(64 + 4)) > 0;
}
