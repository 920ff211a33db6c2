using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>A loopback TCP relay between the client and Samba that can rewrite server messages. The rule
/// sees each server-to-client SMB message (without the 4-byte frame) with its index and may change it in
/// place; returning false drops the connection instead.</summary>
internal sealed class TamperingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly Func<int, byte[], bool> _rule;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private int _index;

    public TamperingProxy(int serverPort, Func<int, byte[], bool> rule)
    {
        _serverPort = serverPort;
        _rule = rule;
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Set by the rule when it actually changed something, so a test can prove the attack happened.</summary>
    public bool Tampered { get; set; }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                _ = Task.Run(() => PumpAsync(client.GetStream(), server.GetStream(), null));
                _ = Task.Run(() => PumpAsync(server.GetStream(), client.GetStream(), _rule));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Func<int, byte[], bool>? rule)
    {
        var frame = new byte[4];
        try
        {
            while (true)
            {
                await from.ReadExactlyAsync(frame, _stop.Token);
                var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(frame) & 0xFFFFFF];
                await from.ReadExactlyAsync(message, _stop.Token);
                if (rule is not null && !rule(Interlocked.Increment(ref _index) - 1, message))
                {
                    from.Close();
                    to.Close();
                    return;
                }
                await to.WriteAsync(frame, _stop.Token);
                await to.WriteAsync(message, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            from.Close();
            to.Close();
        }
    }

    public static bool IsSmb2(byte[] m) => m.Length >= 64 && m[0] == 0xFE && m[1] == 'S';
    public static bool IsTransform(byte[] m) => m.Length >= 52 && m[0] == 0xFD && m[1] == 'S';
    public static ushort Command(byte[] m) => BinaryPrimitives.ReadUInt16LittleEndian(m.AsSpan(12));

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accept; } catch (Exception) { }
    }
}
