using System.Buffers.Binary;
using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>A LOCKING_ANDX the server holds, against a scripted peer: cancelling it sends one NT_CANCEL naming the
/// held request (its MID, TID, UID and PID) and still waits for the server's answer to the lock itself.</summary>
public class Smb1LockConnectionTests
{
    private const ushort Tid = 9;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // a failure bound, never a synchronisation

    private static async Task<Smb1Connection> ConnectAsync(Smb1ScriptedServer server, int requestTimeoutSeconds = 30)
    {
        var connection = await Smb1Connection.ConnectAsync("127.0.0.1", server.Port, new SmbClientOptions { RequestTimeoutSeconds = requestTimeoutSeconds },
            Serilog.Core.Logger.None, CancellationToken.None);
        await connection.NegotiateAsync(Smb1Tuning.Default, CancellationToken.None);
        connection.Uid = 0x0777;
        return connection;
    }

    private static byte[] LockAnswer(ushort mid, NtStatus status) =>
        status == NtStatus.STATUS_SUCCESS
            ? Smb1ResponseBuilder.Message(Smb1Command.LockingAndX, [0xFF, 0, 0, 0], [], mid: mid)
            : Smb1ResponseBuilder.Message(Smb1Command.LockingAndX, [], [], status: (uint)status, mid: mid);

    /// <summary>A peer that holds every LOCKING_ANDX and reports it, reports every NT_CANCEL, and echoes.</summary>
    private sealed class HoldingPeer
    {
        public TaskCompletionSource<byte[]> Lock { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<byte[]> Cancel { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task OnRequest(Smb1Header header, byte[] message, Smb1ScriptedServer server)
        {
            switch (header.Command)
            {
                case Smb1Command.LockingAndX: Lock.TrySetResult(message); break;
                case Smb1Command.NtCancel: Cancel.TrySetResult(message); break;
                case Smb1Command.Echo:
                    await server.SendAsync(Smb1ResponseBuilder.Message(Smb1Command.Echo, [1, 0], "SmbDrive"u8.ToArray(), mid: header.Mid));
                    break;
            }
        }
    }

    private static Task<(Smb1Response Response, bool CancelSent)> WaitingLock(Smb1Connection connection, CancellationToken token) =>
        connection.SendCancellableAsync(LockingAndXRequest.Lock(3, connection.ProcessId, 0, 10, shared: false, wait: true, largeFiles: true), Tid,
            waitsIndefinitely: true, token);

    [TestCase(NtStatus.STATUS_FILE_LOCK_CONFLICT, TestName = "Cancel_AnsweredAsSambaDoes_FileLockConflict")]
    [TestCase(NtStatus.STATUS_SUCCESS, TestName = "Cancel_CrossedByTheGrant_Success")]
    [CancelAfter(10_000)]
    public async Task Cancel_NtCancelNamesTheHeldLock_TheLocksOwnAnswerIsReturned(NtStatus answer)
    {
        var peer = new HoldingPeer();
        await using var server = new Smb1ScriptedServer(50, peer.OnRequest);
        await using var connection = await ConnectAsync(server);
        using var cts = new CancellationTokenSource();

        var waiting = WaitingLock(connection, cts.Token);
        var lockRequest = Smb1Header.Read(await peer.Lock.Task.WaitAsync(Bound));
        Assert.That(waiting.IsCompleted, Is.False, "the peer holds the lock");
        await cts.CancelAsync();

        var cancel = await peer.Cancel.Task.WaitAsync(Bound);
        var header = Smb1Header.Read(cancel);
        Assert.Multiple(() =>
        {
            Assert.That(header.Mid, Is.EqualTo(lockRequest.Mid), "MID of the held request");
            Assert.That(header.Tid, Is.EqualTo(Tid));
            Assert.That(header.Uid, Is.EqualTo(0x0777));
            Assert.That(header.PidLow, Is.EqualTo(lockRequest.PidLow));
            Assert.That(cancel, Has.Length.EqualTo(32 + 3), "WordCount 0, ByteCount 0");
        });
        Assert.That(waiting.IsCompleted, Is.False, "the caller still waits for the server's answer to the lock");

        await server.SendAsync(LockAnswer(lockRequest.Mid, answer));
        var (response, cancelSent) = await waiting.WaitAsync(Bound);
        using (response)
        {
            Assert.That(response.Status, Is.EqualTo(answer));
            Assert.That(cancelSent, Is.True);
        }
        Assert.That(connection.Counters.Cancels, Is.EqualTo(1));
        Assert.That(connection.IsBroken, Is.False);
        // Nothing of the lock is left behind: its MID is free and its slot given back.
        using var echo = await connection.SendAsync(Smb1SimpleRequest.Echo("SmbDrive"u8.ToArray()), Tid, CancellationToken.None).WaitAsync(Bound);
        Assert.That(echo.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS));
    }

    [Test, CancelAfter(10_000)]
    public async Task Cancel_AnswerAlreadyIn_NoNtCancelSent()
    {
        var peer = new HoldingPeer();
        await using var server = new Smb1ScriptedServer(50, peer.OnRequest);
        await using var connection = await ConnectAsync(server);
        using var cts = new CancellationTokenSource();

        var waiting = WaitingLock(connection, cts.Token);
        var lockRequest = Smb1Header.Read(await peer.Lock.Task.WaitAsync(Bound));
        await server.SendAsync(LockAnswer(lockRequest.Mid, NtStatus.STATUS_SUCCESS));
        var (response, cancelSent) = await waiting.WaitAsync(Bound);
        response.Dispose();
        await cts.CancelAsync();
        Assert.That(cancelSent, Is.False);
        Assert.That(connection.Counters.Cancels, Is.Zero);
    }

    [Test, CancelAfter(20_000)]
    public async Task Cancel_ServerNeverAnswers_ConnectionAbandonedAfterRequestTimeout()
    {
        // A waiting lock has no deadline, but once cancelled the server owes a prompt answer: the request timeout
        // applies again, or a server that ignores NT_CANCEL would leave the caller waiting for ever.
        var peer = new HoldingPeer();
        await using var server = new Smb1ScriptedServer(50, peer.OnRequest);
        await using var connection = await ConnectAsync(server, requestTimeoutSeconds: 1);
        using var cts = new CancellationTokenSource();

        var waiting = WaitingLock(connection, cts.Token);
        await peer.Lock.Task.WaitAsync(Bound);
        await cts.CancelAsync();
        await peer.Cancel.Task.WaitAsync(Bound);
        var e = Assert.ThrowsAsync<SmbConnectionException>(async () => await waiting.WaitAsync(Bound));
        Assert.That(e!.Message, Does.Contain("LockingAndX").And.Contain("within 1 s"));
    }
}
