using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>A loopback TCP relay between the SMB1 client and Samba that records every message in both directions
/// (without the 4-byte frame) and lets a rule change server messages in place before they reach the client.</summary>
internal sealed class Smb1RelayProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _serverPort;
    private readonly Func<byte[], bool>? _tamper;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;

    /// <param name="tamper">Sees each server-to-client message; may change it and returns true when it did.</param>
    public Smb1RelayProxy(int serverPort, Func<byte[], bool>? tamper = null)
    {
        _serverPort = serverPort;
        _tamper = tamper;
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<byte[]> Requests { get; } = new();
    public ConcurrentQueue<byte[]> Responses { get; } = new();
    public int TamperedCount;

    public SmbAddress Address(string share) => SmbAddress.Parse($"//127.0.0.1:{Port}/{share}");

    public static byte Command(byte[] message) => message[4];
    public static ushort Mid(byte[] message) => BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(30));
    public static byte WordCount(byte[] message) => message[32];
    public static ushort Word16(byte[] message, int wordsOffset) => BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33 + wordsOffset));
    public static uint Word32(byte[] message, int wordsOffset) => BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(33 + wordsOffset));

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                client.NoDelay = true;
                var server = new TcpClient { NoDelay = true };
                await server.ConnectAsync(IPAddress.Loopback, _serverPort, _stop.Token);
                _ = Task.Run(() => PumpAsync(client.GetStream(), server.GetStream(), Requests, null));
                _ = Task.Run(() => PumpAsync(server.GetStream(), client.GetStream(), Responses, _tamper));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, ConcurrentQueue<byte[]> record, Func<byte[], bool>? tamper)
    {
        var frame = new byte[4];
        try
        {
            while (true)
            {
                await from.ReadExactlyAsync(frame, _stop.Token);
                var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(frame) & 0xFFFFFF];
                await from.ReadExactlyAsync(message, _stop.Token);
                // Large reads are not kept whole: the header and parameters are what the tests look at.
                record.Enqueue(message.Length > 4096 ? message[..4096] : message.ToArray());
                if (tamper is not null && tamper(message)) Interlocked.Increment(ref TamperedCount);
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accept; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
