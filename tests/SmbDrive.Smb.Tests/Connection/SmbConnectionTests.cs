using System.Buffers.Binary;
using Serilog.Core;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Connection;

/// <summary>The connection against a scripted peer: every bad reply ends in one clear exception, never a
/// hang, a crash or data handed to the caller.</summary>
public class SmbConnectionTests
{
    private static readonly SmbClientOptions Options = new() { RequestTimeoutSeconds = 3, ConnectTimeoutSeconds = 3 };

    private static Task<SmbConnection> ConnectAsync(ScriptedServer server) =>
        SmbConnection.ConnectAsync("127.0.0.1", server.Port, Options, Logger.None, CancellationToken.None);

    [Test, CancelAfter(20000)]
    public async Task Send_ServerAnswers_ResponseMatchedByMessageId()
    {
        await using var server = new ScriptedServer((h, s) => s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody())).AsTask());
        await using var connection = await ConnectAsync(server);
        for (int i = 0; i < 5; i++)
        {
            using var response = await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None);
            Assert.That(response.Header.MessageId, Is.EqualTo((ulong)i));
            Assert.That(response.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS));
        }
    }

    [Test, CancelAfter(20000)]
    public async Task Send_ManyConcurrentCallers_EachGetsItsOwnResponse()
    {
        // The server answers in reverse order of arrival, in batches of 8: dispatch must go by MessageId.
        var batch = new List<Smb2Header>();
        await using var server = new ScriptedServer(async (h, s) =>
        {
            if (h.MessageId == 0)
            {
                // The first request opens the credit window wide enough for eight at once.
                await s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody(), credits: 16));
                return;
            }
            batch.Add(h);
            if (batch.Count < 8) return;
            foreach (var r in Enumerable.Reverse(batch))
                await s.WriteAsync(ScriptedServer.Response(r, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody(), credits: 8));
            batch.Clear();
        });
        await using var connection = await ConnectAsync(server);
        using (await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None)) { }
        var sends = Enumerable.Range(0, 8).Select(_ => connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None)).ToArray();
        var responses = await Task.WhenAll(sends);
        Assert.That(responses.Select(r => r.Header.MessageId).Distinct().Count(), Is.EqualTo(8));
        Assert.That(responses.All(r => r.Status == NtStatus.STATUS_SUCCESS), Is.True);
        foreach (var r in responses) r.Dispose();
    }

    [Test, CancelAfter(20000)]
    public async Task Send_PendingInterimThenFinal_ReturnsFinal()
    {
        await using var server = new ScriptedServer(async (h, s) =>
        {
            await s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_PENDING, [9, 0, 0, 0, 0, 0, 0, 0, 0], Smb2Flags.AsyncCommand, asyncId: 77));
            await Task.Delay(200);
            await s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody(), Smb2Flags.AsyncCommand, asyncId: 77));
        });
        await using var connection = await ConnectAsync(server);
        using var response = await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None);
        Assert.That(response.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS));
        Assert.That(response.Header.AsyncId, Is.EqualTo(77ul));
    }

    [Test, CancelAfter(20000)]
    public async Task Read_ResponseClaimsMoreDataThanMessage_ProtocolErrorNoDataDelivered()
    {
        await using var server = new ScriptedServer((h, s) =>
        {
            var body = new byte[16 + 8];
            BinaryPrimitives.WriteUInt16LittleEndian(body, 17);
            body[2] = 80;
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 4096); // says 4096, sends 8
            body.AsSpan(16).Fill(0xAB);
            return s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, body, extraFlags: Smb2Flags.Signed)).AsTask();
        });
        await using var connection = await ConnectAsync(server);
        var destination = new byte[4096];
        var e = Assert.ThrowsAsync<SmbProtocolException>(async () => await connection.ReadAsync(default, 0, destination, 0, 0, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("READ"));
        Assert.That(destination, Is.All.EqualTo(0), "no byte of a malformed message reaches the caller");
        Assert.That(connection.IsBroken, Is.True);
    }

    [Test, CancelAfter(20000)]
    public async Task Send_ServerClosesConnection_ConnectionExceptionForEveryWaiter()
    {
        await using var server = new ScriptedServer((h, s) => { s.Close(); return Task.CompletedTask; });
        await using var connection = await ConnectAsync(server);
        var e = Assert.ThrowsAsync<SmbConnectionException>(async () => await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("127.0.0.1"));
        Assert.ThrowsAsync<SmbConnectionException>(async () => await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None));
    }

    [Test, CancelAfter(20000)]
    public async Task Send_ServerNeverAnswers_TimesOutWithClearMessage()
    {
        await using var server = new ScriptedServer((h, s) => Task.CompletedTask);
        await using var connection = await ConnectAsync(server);
        var e = Assert.ThrowsAsync<SmbConnectionException>(async () => await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("no response to Echo within 3 s"));
    }

    [Test, CancelAfter(20000)]
    public async Task Send_GarbageFrame_ProtocolError()
    {
        await using var server = new ScriptedServer((h, s) => s.WriteAsync(new byte[] { 0x85, 0, 0, 0 }).AsTask());
        await using var connection = await ConnectAsync(server);
        Assert.ThrowsAsync<SmbProtocolException>(async () => await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None));
    }

    [Test, CancelAfter(20000)]
    public async Task Send_CallerCancels_OthersUnaffectedAndCreditsReturned()
    {
        int seen = 0;
        await using var server = new ScriptedServer(async (h, s) =>
        {
            if (Interlocked.Increment(ref seen) == 1) await Task.Delay(500); // the first answer comes late
            await s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody(), credits: 1));
        });
        await using var connection = await ConnectAsync(server);
        using var cts = new CancellationTokenSource(100);
        Assert.That(async () => await connection.SendAsync(EmptyRequest.Echo, 0, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        using var next = await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None);
        Assert.That(next.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS));
        Assert.That(connection.IsBroken, Is.False);
    }

    [Test]
    public void Connect_NothingListening_ConnectionExceptionNamesEndpoint()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var e = Assert.ThrowsAsync<SmbConnectionException>(() => SmbConnection.ConnectAsync("127.0.0.1", port, Options, Logger.None, CancellationToken.None));
        Assert.That(e!.Message, Does.StartWith($"127.0.0.1:{port}: cannot connect"));
    }
}
