using System.Collections.Concurrent;
using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>The SMB1 connection against a scripted peer: reads in flight matched by MID whatever the order of the
/// answers, MaxMpxCount honoured, and every protocol violation ending the connection for all callers at once.</summary>
public class Smb1ConnectionTests
{
    private static async Task<Smb1Connection> ConnectAsync(Smb1ScriptedServer server, int timeoutSeconds = 30)
    {
        var connection = await Smb1Connection.ConnectAsync("127.0.0.1", server.Port,
            new SmbClientOptions { RequestTimeoutSeconds = timeoutSeconds }, Serilog.Core.Logger.None, CancellationToken.None);
        await connection.NegotiateAsync(Smb1Tuning.Default, CancellationToken.None);
        return connection;
    }

    private static Task<(NtStatus Status, int Bytes)> Read(Smb1Connection connection, long offset, byte[] destination) =>
        connection.ReadAsync(new ReadAndXRequest(1, offset, destination.Length, 0, largeOffsets: true), destination, 1, CancellationToken.None);

    /// <summary>Invariant: a response lands in the buffer of the request with the same MID, not in the next one
    /// waiting. The peer holds eight reads and answers them last-first.</summary>
    [Test, CancelAfter(10_000)]
    public async Task Read_AnswersInReverseOrder_EachMatchedByMid()
    {
        const int Reads = 8;
        var held = new ConcurrentQueue<byte[]>();
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) =>
        {
            held.Enqueue(message);
            if (held.Count < Reads) return;
            foreach (var request in held.Reverse())
            {
                var h = Smb1Header.Read(request);
                var (offset, count) = Smb1ScriptedServer.ReadRequest(request);
                await peer.SendAsync(Smb1ResponseBuilder.ReadAndX(Smb1ScriptedServer.Content(offset, count), h.Mid));
            }
        });
        await using var connection = await ConnectAsync(server);
        var buffers = Enumerable.Range(0, Reads).Select(_ => new byte[1000]).ToArray();
        var results = await Task.WhenAll(Enumerable.Range(0, Reads).Select(i => Read(connection, i * 5000L, buffers[i])));
        for (int i = 0; i < Reads; i++)
        {
            Assert.That(results[i], Is.EqualTo((NtStatus.STATUS_SUCCESS, 1000)));
            Assert.That(buffers[i], Is.EqualTo(Smb1ScriptedServer.Content(i * 5000L, 1000)), $"read {i}");
        }
        Assert.That(connection.Counters.MaxReadsInFlight, Is.EqualTo(Reads));
        Assert.That(held.Select(m => Smb1Header.Read(m).Mid).Distinct().Count(), Is.EqualTo(Reads));
    }

    [Test, CancelAfter(10_000)]
    public async Task Read_MaxMpxCountTwo_NeverMoreOutstanding()
    {
        int outstanding = 0, most = 0;
        await using var server = new Smb1ScriptedServer(2, async (header, message, peer) =>
        {
            int now = Interlocked.Increment(ref outstanding);
            InterlockedMax(ref most, now);
            await Task.Delay(20);
            var (offset, count) = Smb1ScriptedServer.ReadRequest(message);
            Interlocked.Decrement(ref outstanding);
            await peer.SendAsync(Smb1ResponseBuilder.ReadAndX(Smb1ScriptedServer.Content(offset, count), header.Mid));
        });
        await using var connection = await ConnectAsync(server);
        Assert.That(connection.MaxMpxCount, Is.EqualTo(2));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Read(connection, i, new byte[10])));
        Assert.That(Volatile.Read(ref most), Is.EqualTo(2));
        Assert.That(connection.Counters.MaxReadsInFlight, Is.LessThanOrEqualTo(2));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    [Test, CancelAfter(10_000)]
    public async Task Read_HostileDataOffset_ProtocolErrorForEveryCaller()
    {
        var arrived = new ConcurrentQueue<Smb1Header>();
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) =>
        {
            arrived.Enqueue(header);
            if (arrived.Count == 2)
                await peer.SendAsync(Smb1ResponseBuilder.ReadAndX(new byte[10], header.Mid, dataOffset: 0xFFF0));
        });
        await using var connection = await ConnectAsync(server);
        var first = Read(connection, 0, new byte[10]);
        var second = Read(connection, 100, new byte[10]);
        Assert.ThrowsAsync<SmbProtocolException>(async () => await first);
        Assert.ThrowsAsync<SmbProtocolException>(async () => await second);
        Assert.That(connection.IsBroken, Is.True);
        Assert.ThrowsAsync<SmbProtocolException>(() => Read(connection, 0, new byte[10]));
    }

    [Test, CancelAfter(10_000)]
    public async Task Response_UnknownMidIgnored_WrongCommandFatal()
    {
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) =>
        {
            await peer.SendAsync(Smb1ResponseBuilder.ReadAndX([1, 2, 3], (ushort)(header.Mid + 100)));
            await peer.SendAsync(Smb1ResponseBuilder.Message(Smb1Command.Close, [], [], mid: header.Mid));
        });
        await using var connection = await ConnectAsync(server);
        var e = Assert.ThrowsAsync<SmbProtocolException>(() => Read(connection, 0, new byte[3]));
        Assert.That(e!.Message, Does.Contain("Close response answered MID"));
    }

    [Test, CancelAfter(10_000)]
    public async Task Request_FromServer_ProtocolError()
    {
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) =>
        {
            var request = Smb1ResponseBuilder.Message(Smb1Command.Echo, [1, 0], [], mid: header.Mid);
            request[9] = 0; // no SMB_FLAGS_REPLY
            await peer.SendAsync(request);
        });
        await using var connection = await ConnectAsync(server);
        var e = Assert.ThrowsAsync<SmbProtocolException>(() => connection.SendAsync(Smb1SimpleRequest.Echo([1]), 1, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("sent a request"));
    }

    [Test, CancelAfter(10_000)]
    public async Task Read_CallerCancels_SlotFreedWhenAnswerArrives()
    {
        var release = new TaskCompletionSource();
        int calls = 0;
        await using var server = new Smb1ScriptedServer(1, async (header, message, peer) =>
        {
            if (Interlocked.Increment(ref calls) == 1) await release.Task;
            var (offset, count) = Smb1ScriptedServer.ReadRequest(message);
            await peer.SendAsync(Smb1ResponseBuilder.ReadAndX(Smb1ScriptedServer.Content(offset, count), header.Mid));
        });
        await using var connection = await ConnectAsync(server);
        using var cts = new CancellationTokenSource();
        var buffer = new byte[10];
        var abandoned = connection.ReadAsync(new ReadAndXRequest(1, 0, 10, 0, true), buffer, 1, cts.Token);
        await Task.Delay(100);
        await cts.CancelAsync();
        Assert.That(async () => await abandoned, Throws.InstanceOf<OperationCanceledException>());
        var next = Read(connection, 50, new byte[10]);
        await Task.Delay(100);
        Assert.That(next.IsCompleted, Is.False, "MaxMpxCount 1: the abandoned read still holds the only slot");
        release.SetResult();
        Assert.That(await next, Is.EqualTo((NtStatus.STATUS_SUCCESS, 10)));
        Assert.That(buffer, Is.EqualTo(new byte[10]), "nothing is written into the buffer of a caller who gave up");
    }

    [Test, CancelAfter(10_000)]
    public async Task Request_NoAnswer_ConnectionAbandonedAfterTimeout()
    {
        await using var server = new Smb1ScriptedServer(50, (_, _, _) => Task.CompletedTask);
        await using var connection = await ConnectAsync(server, timeoutSeconds: 1);
        var e = Assert.ThrowsAsync<SmbConnectionException>(() => connection.SendAsync(Smb1SimpleRequest.Echo([1]), 1, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("no response to SMB1 Echo"));
        Assert.That(connection.IsBroken, Is.True);
    }

    [Test, CancelAfter(10_000)]
    public async Task Transaction_ResponseInParts_Reassembled()
    {
        byte[] data = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        await using var server = new Smb1ScriptedServer(50, async (header, message, peer) =>
        {
            foreach (var (from, to) in new[] { (0, 100), (100, 250), (250, 300) })
            {
                var part = Smb1ResponseBuilder.Trans2Part(2, 300, from == 0 ? [9, 8] : [], 0, data[from..to], from);
                part[30] = (byte)header.Mid;
                part[31] = (byte)(header.Mid >> 8);
                await peer.SendAsync(part);
            }
        });
        await using var connection = await ConnectAsync(server);
        using var response = await connection.TransactAsync(new Trans2Request(Trans2Request.QueryFsInformation, [1, 0], [], 2, 1024), 1, CancellationToken.None);
        Assert.That(response.Parameters, Is.EqualTo(new byte[] { 9, 8 }));
        Assert.That(response.Data, Is.EqualTo(data));
        Assert.That(connection.Counters.TransactionParts, Is.EqualTo(3));
    }

    [Test, CancelAfter(10_000)]
    public async Task Transaction_WarningWithoutWords_CompletesWithStatus()
    {
        await using var server = new Smb1ScriptedServer(50, (header, _, peer) =>
            peer.SendAsync(Smb1ResponseBuilder.Message(Smb1Command.Transaction2, [], [], status: (uint)NtStatus.STATUS_NO_MORE_FILES, mid: header.Mid)));
        await using var connection = await ConnectAsync(server);
        using var response = await connection.TransactAsync(new Trans2Request(Trans2Request.FindNext2, [1, 0], [], 8, 1024), 1, CancellationToken.None);
        Assert.That(response.Status, Is.EqualTo(NtStatus.STATUS_NO_MORE_FILES));
        Assert.That((response.Parameters.Length, response.Data.Length), Is.EqualTo((0, 0)));
        Assert.That(connection.IsBroken, Is.False);
    }
}
