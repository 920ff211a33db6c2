using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Tests.Connection;

/// <summary>A loopback peer that answers each request with whatever the test scripts, including hostile
/// bytes, for testing the connection's failure handling without a real server.</summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Smb2Header, NetworkStream, Task> _onRequest;
    private readonly Task _loop;

    public ScriptedServer(Func<Smb2Header, NetworkStream, Task> onRequest)
    {
        _onRequest = onRequest;
        _listener.Start();
        _loop = Task.Run(RunAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task RunAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var frame = new byte[4];
            while (true)
            {
                await stream.ReadExactlyAsync(frame);
                var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(frame) & 0xFFFFFF];
                await stream.ReadExactlyAsync(message);
                await _onRequest(Smb2Header.Read(message), stream);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            // The client went away or the test closed us.
        }
    }

    /// <summary>A response header for <paramref name="request"/> followed by <paramref name="body"/>.</summary>
    public static byte[] Response(Smb2Header request, NtStatus status, byte[] body, Smb2Flags extraFlags = 0, ushort credits = 10, ulong asyncId = 0)
    {
        var message = new byte[4 + 64 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(message, (uint)(64 + body.Length));
        new Smb2Header
        {
            Command = request.Command, Status = status, MessageId = request.MessageId, Credits = credits,
            Flags = Smb2Flags.ServerToRedir | extraFlags, AsyncId = asyncId, SessionId = request.SessionId,
        }.Write(message.AsSpan(4));
        body.CopyTo(message, 68);
        return message;
    }

    public static byte[] EchoBody() => [4, 0, 0, 0];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
    }
}
