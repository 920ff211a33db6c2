using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SmbDrive.Smb.Smb1.Protocol;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>A loopback SMB1 peer that answers NEGOTIATE itself (NT LM 0.12, the given MaxMpxCount) and hands every
/// other request to the test, which replies with whatever it likes, including hostile bytes.</summary>
internal sealed class Smb1ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Smb1Header, byte[], Smb1ScriptedServer, Task> _onRequest;
    private readonly ushort _maxMpx;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _loop;
    private NetworkStream? _stream;

    public Smb1ScriptedServer(ushort maxMpx, Func<Smb1Header, byte[], Smb1ScriptedServer, Task> onRequest)
    {
        _maxMpx = maxMpx;
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
            client.NoDelay = true;
            _stream = client.GetStream();
            var frame = new byte[4];
            while (true)
            {
                await _stream.ReadExactlyAsync(frame);
                var message = new byte[BinaryPrimitives.ReadUInt32BigEndian(frame) & 0xFFFFFF];
                await _stream.ReadExactlyAsync(message);
                var header = Smb1Header.Read(message);
                if (header.Command == Smb1Command.Negotiate) await SendAsync(NegotiateResponse(header));
                else _ = Task.Run(() => _onRequest(header, message, this));
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException or SocketException)
        {
            // The client went away or the test closed us.
        }
    }

    public async Task SendAsync(byte[] message)
    {
        var frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)message.Length);
        message.CopyTo(frame, 4);
        await _writeLock.WaitAsync();
        try
        {
            await _stream!.WriteAsync(frame);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private byte[] NegotiateResponse(Smb1Header request)
    {
        var words = new byte[34];
        words[2] = 0x03; // user level, encrypted passwords
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(3), _maxMpx);
        BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(7), 16644);
        BinaryPrimitives.WriteUInt32LittleEndian(words.AsSpan(19), (uint)(Smb1Capabilities.ExtendedSecurity | Smb1Capabilities.Unicode |
            Smb1Capabilities.Status32 | Smb1Capabilities.LargeFiles | Smb1Capabilities.LargeReadX | Smb1Capabilities.NtSmbs));
        return Smb1ResponseBuilder.Message(Smb1Command.Negotiate, words, new byte[16], mid: request.Mid);
    }

    /// <summary>The READ_ANDX request's offset and count.</summary>
    public static (long Offset, int Count) ReadRequest(byte[] message) => (
        BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(33 + 6)) | (long)BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(33 + 20)) << 32,
        BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33 + 10)) | BinaryPrimitives.ReadUInt16LittleEndian(message.AsSpan(33 + 14)) << 16);

    /// <summary>Deterministic content: byte at file offset o is (o * 7) mod 251.</summary>
    public static byte[] Content(long offset, int count) => Enumerable.Range(0, count).Select(i => (byte)((offset + i) * 7 % 251)).ToArray();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _stream?.Dispose();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (TimeoutException) { }
    }
}
