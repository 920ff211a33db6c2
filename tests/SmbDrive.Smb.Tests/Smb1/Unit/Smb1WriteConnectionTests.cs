using System.Buffers.Binary;
using System.Collections.Concurrent;
using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>WRITE_ANDX on the SMB1 connection against a scripted peer: writes in flight matched by MID, counted, and
/// only a large write allowed past the server's MaxBufferSize (16644 here, Samba's default).</summary>
public class Smb1WriteConnectionTests
{
    private static async Task<Smb1Connection> ConnectAsync(Smb1ScriptedServer server)
    {
        var connection = await Smb1Connection.ConnectAsync("127.0.0.1", server.Port, new SmbClientOptions { RequestTimeoutSeconds = 30 },
            Serilog.Core.Logger.None, CancellationToken.None);
        await connection.NegotiateAsync(Smb1Tuning.Default, CancellationToken.None);
        return connection;
    }

    private static int RequestedCount(byte[] request) =>
        BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(33 + 20)) | BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(33 + 18)) << 16;

    private static byte[] Answer(ushort mid, int count) => Smb1ResponseBuilder.Message(Smb1Command.WriteAndX,
        [0xFF, 0, 0, 0, (byte)count, (byte)(count >> 8), 0, 0, (byte)(count >> 16), (byte)(count >> 24), 0, 0], [], mid: mid);

    [Test, CancelAfter(10_000)]
    public async Task Write_EightHeldAndAnsweredInReverse_EachCountMatchedByMid()
    {
        const int Writes = 8;
        var held = new ConcurrentQueue<byte[]>();
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) =>
        {
            held.Enqueue(message);
            if (held.Count < Writes) return;
            foreach (var request in held.Reverse())
                await peer.SendAsync(Answer(Smb1Header.Read(request).Mid, RequestedCount(request)));
        });
        await using var connection = await ConnectAsync(server);
        var results = await Task.WhenAll(Enumerable.Range(0, Writes).Select(async i =>
        {
            var request = new WriteAndXRequest(1, i * 10_000L, new byte[100 + i], 0, largeOffsets: true, largeWrite: false);
            using var response = await connection.WriteAsync(request, 1, CancellationToken.None);
            return WriteAndXResponse.Count(response.Message, request.Count);
        }));
        Assert.That(results, Is.EqualTo(Enumerable.Range(0, Writes).Select(i => 100 + i).ToArray()));
        Assert.That(connection.Counters.MaxWritesInFlight, Is.EqualTo(Writes));
        Assert.That(connection.Counters.WritesInFlight, Is.Zero);
        Assert.That(connection.Counters.Writes, Is.EqualTo(Writes));
    }

    [Test, CancelAfter(10_000)]
    public async Task Write_LargeWritePastMaxBufferSize_SentWhole_OtherRequestsHeldToIt()
    {
        var received = new ConcurrentQueue<byte[]>();
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) =>
        {
            received.Enqueue(message);
            await peer.SendAsync(Answer(header.Mid, RequestedCount(message)));
        });
        await using var connection = await ConnectAsync(server);
        Assert.That(connection.Negotiated!.MaxBufferSize, Is.EqualTo(16644u));
        byte[] data = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        using (var response = await connection.WriteAsync(new WriteAndXRequest(1, 0, data, 0, largeOffsets: true, largeWrite: true), 1, CancellationToken.None))
            Assert.That(WriteAndXResponse.Count(response.Message, data.Length), Is.EqualTo(100_000));
        Assert.That(received.Single(), Has.Length.EqualTo(64 + 100_000));
        Assert.That(received.Single().AsSpan(64).SequenceEqual(data), Is.True);

        var small = new WriteAndXRequest(1, 0, new byte[20_000], 0, largeOffsets: true, largeWrite: false);
        var e = Assert.ThrowsAsync<SmbException>(() => connection.WriteAsync(small, 1, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("MaxBufferSize of 16644"));
        Assert.That(connection.IsBroken, Is.False, "refused before anything reached the wire");
        Assert.That(connection.Counters.WritesInFlight, Is.Zero);
    }

    [Test, CancelAfter(10_000)]
    public async Task Write_PeerHangsUp_WriteFailsWithConnectionError()
    {
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) => await peer.DisposeAsync());
        await using var connection = await ConnectAsync(server);
        var request = new WriteAndXRequest(1, 0, new byte[10], 0, largeOffsets: true, largeWrite: false);
        Assert.ThrowsAsync<SmbConnectionException>(() => connection.WriteAsync(request, 1, CancellationToken.None));
        Assert.That(connection.Counters.WritesInFlight, Is.Zero, "the aborted write is no longer counted in flight");
    }
}
