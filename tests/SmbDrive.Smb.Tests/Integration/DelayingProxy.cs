using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>A loopback TCP relay that holds every piece of data for a fixed time in each direction, without
/// limiting how much is in transit: a long link, as far as the client can tell.</summary>
internal sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly TimeSpan _oneWay;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    public DelayingProxy(int serverPort, TimeSpan oneWay)
    {
        _serverPort = serverPort;
        _oneWay = oneWay;
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                _ = RelayAsync(client.GetStream(), server.GetStream());
                _ = RelayAsync(server.GetStream(), client.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    /// <summary>One direction: a reader stamps each piece with the time it is due, a writer sends it then.</summary>
    private async Task RelayAsync(NetworkStream from, NetworkStream to)
    {
        var queue = Channel.CreateUnbounded<(long Due, byte[] Data, int Length)>();
        Task writer = Task.Run(async () =>
        {
            try
            {
                await foreach (var (due, data, length) in queue.Reader.ReadAllAsync(_stop.Token))
                {
                    var wait = Stopwatch.GetElapsedTime(0, due) - Stopwatch.GetElapsedTime(0, Stopwatch.GetTimestamp());
                    if (wait > TimeSpan.Zero) await Task.Delay(wait, _stop.Token);
                    await to.WriteAsync(data.AsMemory(0, length), _stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
            to.Close();
        });
        try
        {
            while (true)
            {
                var data = new byte[256 * 1024];
                int n = await from.ReadAsync(data, _stop.Token);
                if (n == 0) break;
                long due = Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency);
                queue.Writer.TryWrite((due, data, n));
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        queue.Writer.TryComplete();
        await writer;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accept; } catch (Exception) { }
    }
}
