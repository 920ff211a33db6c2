using Serilog.Core;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Connection;

/// <summary>A request the server holds (STATUS_PENDING) and the SMB2 CANCEL that ends it, against a scripted peer
/// that records what the client sent.</summary>
public class CancelTests
{
    private static readonly SmbClientOptions Options = new() { RequestTimeoutSeconds = 3, ConnectTimeoutSeconds = 3 };
    private static readonly LockRequest Lock = new(default, new Smb2LockElement(0, 1, Smb2LockFlags.Exclusive));

    private static Task<SmbConnection> ConnectAsync(ScriptedServer server) =>
        SmbConnection.ConnectAsync("127.0.0.1", server.Port, Options, Logger.None, CancellationToken.None);

    [Test, CancelAfter(20000)]
    public async Task Cancel_AfterInterim_AsyncCancelNamesAsyncIdAndFinalAnswerReturned()
    {
        const ulong asyncId = 0x5EED;
        var cancelSeen = new TaskCompletionSource<Smb2Header>(TaskCreationOptions.RunContinuationsAsynchronously);
        Smb2Header lockHeader = default;
        await using var server = new ScriptedServer(async (h, s) =>
        {
            switch (h.Command)
            {
                case Smb2Command.Lock:
                    lockHeader = h;
                    await s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_PENDING, [9, 0, 0, 0, 0, 0, 0, 0, 0], Smb2Flags.AsyncCommand, asyncId: asyncId));
                    break;
                case Smb2Command.Cancel:
                    cancelSeen.TrySetResult(h);
                    await s.WriteAsync(ScriptedServer.Response(lockHeader, NtStatus.STATUS_CANCELLED, [9, 0, 0, 0, 0, 0, 0, 0, 0], Smb2Flags.AsyncCommand, asyncId: asyncId));
                    break;
                default:
                    await s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody()));
                    break;
            }
        });
        await using var connection = await ConnectAsync(server);
        using var cts = new CancellationTokenSource();
        var locking = connection.SendCancellableAsync(Lock, 1, cts.Token);
        // The receive loop handles messages in order: once an ECHO sent after the LOCK is answered, the interim is in.
        using (await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None)) { }
        Assert.That(locking.IsCompleted, Is.False, "an interim response is not the answer");

        await cts.CancelAsync();
        using var response = await locking;
        var cancel = await cancelSeen.Task;
        Assert.That(response.Status, Is.EqualTo(NtStatus.STATUS_CANCELLED), "the caller gets the server's final answer");
        Assert.That(cancel.IsAsync, Is.True, "ASYNC_COMMAND after an interim");
        Assert.That(cancel.AsyncId, Is.EqualTo(asyncId));
        Assert.That(cancel.MessageId, Is.EqualTo(lockHeader.MessageId), "the target's MessageId");
        Assert.That(cancel.CreditCharge, Is.Zero);
        using (var after = await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None))
            Assert.That(after.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS), "the connection still works");
        Assert.That(connection.IsBroken, Is.False);
    }

    [Test, CancelAfter(20000)]
    public async Task Cancel_BeforeInterim_SyncCancelNamesMessageIdAndTree()
    {
        var lockSeen = new TaskCompletionSource<Smb2Header>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelSeen = new TaskCompletionSource<Smb2Header>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedServer(async (h, s) =>
        {
            if (h.Command == Smb2Command.Lock)
            {
                lockSeen.TrySetResult(h); // and no answer yet
                return;
            }
            cancelSeen.TrySetResult(h);
            await s.WriteAsync(ScriptedServer.Response(await lockSeen.Task, NtStatus.STATUS_CANCELLED, [4, 0, 0, 0]));
        });
        await using var connection = await ConnectAsync(server);
        using var cts = new CancellationTokenSource();
        var locking = connection.SendCancellableAsync(Lock, 7, cts.Token);
        var lockHeader = await lockSeen.Task;

        await cts.CancelAsync();
        using var response = await locking;
        var cancel = await cancelSeen.Task;
        Assert.That(cancel.Command, Is.EqualTo(Smb2Command.Cancel));
        Assert.That(cancel.IsAsync, Is.False, "no AsyncId known yet: the synchronous form");
        Assert.That(cancel.MessageId, Is.EqualTo(lockHeader.MessageId));
        Assert.That(cancel.TreeId, Is.EqualTo(7u));
        Assert.That(response.Status, Is.EqualTo(NtStatus.STATUS_CANCELLED));
    }

    [Test, CancelAfter(20000)]
    public async Task Cancel_ServerNeverAnswersCancelledRequest_ConnectionDeclaredDeadNotHung()
    {
        // After a CANCEL the server owes a prompt answer; the request timeout applies again.
        await using var server = new ScriptedServer((h, s) => h.Command == Smb2Command.Lock
            ? s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_PENDING, [9, 0, 0, 0, 0, 0, 0, 0, 0], Smb2Flags.AsyncCommand, asyncId: 3)).AsTask()
            : h.Command == Smb2Command.Echo ? s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody())).AsTask()
            : Task.CompletedTask);
        await using var connection = await ConnectAsync(server);
        using var cts = new CancellationTokenSource();
        var locking = connection.SendCancellableAsync(Lock, 1, cts.Token);
        using (await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None)) { }
        await cts.CancelAsync();
        var e = Assert.ThrowsAsync<SmbConnectionException>(async () => await locking);
        Assert.That(e!.Message, Does.Contain("no response to Lock within 3 s"));
    }
}
