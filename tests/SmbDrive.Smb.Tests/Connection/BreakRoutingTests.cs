using System.Buffers.Binary;
using System.Collections.Concurrent;
using Serilog.Core;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Protocol.Messages.Leases;
using SmbDrive.Smb.Tests.Protocol;

namespace SmbDrive.Smb.Tests.Connection;

/// <summary>Unsolicited breaks against a scripted peer: valid ones reach the connection's receiver, malformed ones
/// are dropped, and either way the connection and the requests on it go on.</summary>
public class BreakRoutingTests
{
    private static readonly SmbClientOptions Options = new() { RequestTimeoutSeconds = 5, ConnectTimeoutSeconds = 3 };
    private static readonly Guid Key = Guid.NewGuid();

    private sealed class Recorder : IServerBreakReceiver
    {
        public ConcurrentQueue<object> Seen { get; } = new();
        public void OnLeaseBreak(LeaseBreakNotification notification) => Seen.Enqueue(notification);
        public void OnOplockBreak(OplockBreakNotification notification) => Seen.Enqueue(notification);
    }

    private static byte[] Framed(byte[] message)
    {
        var frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)message.Length);
        message.CopyTo(frame, 4);
        return frame;
    }

    [Test, CancelAfter(20000)]
    public async Task MalformedBreaksDropped_ValidOnesDelivered_ConnectionGoesOn()
    {
        var shortLease = LeaseMessageTests.Break(LeaseMessageTests.LeaseBreakBody(Key, 7, 3, 2, 1))[..100];
        var wrongSize = LeaseMessageTests.LeaseBreakBody(Key, 7, 3, 2, 1);
        wrongSize[0] = 30;
        var headerOnly = LeaseMessageTests.Break([]);
        byte[][] breaks =
        [
            shortLease, LeaseMessageTests.Break(wrongSize), headerOnly,
            LeaseMessageTests.Break(LeaseMessageTests.LeaseBreakBody(Key, 7, 3, 2, 1)),
            LeaseMessageTests.Break(LeaseMessageTests.OplockBreakBody(1, 5, 6)),
        ];
        await using var server = new ScriptedServer(async (h, s) =>
        {
            // Breaks in their own frames, then the answer, as a server sends them in between responses.
            foreach (var b in breaks) await s.WriteAsync(Framed(b));
            await s.WriteAsync(ScriptedServer.Response(h, NtStatus.STATUS_SUCCESS, ScriptedServer.EchoBody()));
        });
        await using var connection = await SmbConnection.ConnectAsync("127.0.0.1", server.Port, Options, Logger.None, CancellationToken.None);
        var recorder = new Recorder();
        connection.BreakReceiver = recorder;

        using (var response = await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None))
            Assert.That(response.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS));
        using (var again = await connection.SendAsync(EmptyRequest.Echo, 0, CancellationToken.None))
            Assert.That(again.Status, Is.EqualTo(NtStatus.STATUS_SUCCESS), "the connection survives malformed breaks");

        Assert.That(connection.IsBroken, Is.False);
        // Both rounds: the valid lease break and the valid oplock break, nothing of the malformed ones.
        Assert.That(recorder.Seen, Is.EqualTo(new object[]
        {
            new LeaseBreakNotification(Key, SmbLeaseState.All, SmbLeaseState.ReadHandle, 2, true),
            new OplockBreakNotification(OplockLevel.LevelII, new Smb2FileId(5, 6)),
            new LeaseBreakNotification(Key, SmbLeaseState.All, SmbLeaseState.ReadHandle, 2, true),
            new OplockBreakNotification(OplockLevel.LevelII, new Smb2FileId(5, 6)),
        }));
    }
}
