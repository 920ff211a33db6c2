using System.Net;
using System.Net.Sockets;

namespace SmbDrive.TestSupport;

/// <summary>The frame of the test proxies: a loopback listener that connects each client it accepts to the
/// server's port and hands both streams to <see cref="RelayAsync"/>, once per direction.</summary>
public abstract class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private Task _accept = Task.CompletedTask;

    protected LoopbackRelay(int serverPort) => _serverPort = serverPort;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Cancelled when the relay is disposed.</summary>
    protected CancellationTokenSource Stopping { get; } = new();

    /// <summary>Called by the subclass once its own fields are set.</summary>
    protected void Start()
    {
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    /// <summary>Moves bytes from <paramref name="from"/> to <paramref name="to"/> until either side closes.
    /// <paramref name="fromServer"/> tells the server-to-client direction.</summary>
    protected abstract Task RelayAsync(NetworkStream from, NetworkStream to, bool fromServer);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(Stopping.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, Stopping.Token);
                _ = Task.Run(() => RelayAsync(client.GetStream(), server.GetStream(), fromServer: false));
                _ = Task.Run(() => RelayAsync(server.GetStream(), client.GetStream(), fromServer: true));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        Stopping.Cancel();
        _listener.Stop();
        try { await _accept; } catch (Exception) { }
    }
}
