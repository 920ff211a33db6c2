using System.Diagnostics;
using Serilog;
using Serilog.Events;
using SmbDrive.Smb;
using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.Drive;

/// <summary>Lost connections, on real time with short timeouts (backoff delays are real waits).</summary>
public class ReconnectTests
{
    private const int KiB = 1024, MiB = 1024 * 1024;
    private static readonly CancellationToken None = CancellationToken.None;

    private static VfsOptions Options(double reconnectTimeoutSeconds = 10) =>
        TestDrives.Options(o => o.ReconnectTimeoutSeconds = reconnectTimeoutSeconds);

    [Test]
    public async Task Read_ConnectionDropsDuringSequentialRead_CompletesWithRightBytes()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(24 * MiB);
        server.AddFile("big.bin", content);
        int reads = 0;
        server.Interceptor = (op, _) =>
        {
            if (op.Kind == FakeOperationKind.Read && Interlocked.Increment(ref reads) == 10) server.DropConnections();
            return ValueTask.CompletedTask;
        };
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        await using var drive = await TestDrives.ConnectAsync(server, Options(), TimeProvider.System, logger);
        var handle = await TestDrives.OpenAsync(drive, "big.bin");

        var copy = new byte[content.Length];
        for (int offset = 0; offset < content.Length; offset += 128 * KiB)
        {
            var result = await drive.ReadAsync(handle, offset, copy.AsMemory(offset, 128 * KiB), None);
            Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"at {offset}");
        }

        TestDrives.AssertSameBytes(copy, content);
        Assert.That(drive.Counters.Snapshot().Reconnects, Is.EqualTo(1));
        Assert.That(server.Count(FakeOperationKind.Connect), Is.EqualTo(2));
        Assert.That(sink.Events.Where(e => e.Level == LogEventLevel.Warning).Select(e => e.RenderMessage()),
            Has.Some.Contains("Reconnected"));
    }

    [Test]
    public async Task Read_ServerBackWithinTimeout_CallerJustWaits()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(3 * MiB);
        server.AddFile("f.bin", content);
        await using var drive = await TestDrives.ConnectAsync(server, Options(), TimeProvider.System);
        var handle = await TestDrives.OpenAsync(drive, "f.bin");
        await TestDrives.ReadAsync(drive, handle, 0, 10);

        server.IsDown = true;
        server.DropConnections();
        var pending = drive.ReadAsync(handle, 2 * MiB, new byte[100 * KiB], None).AsTask();
        await Task.Delay(700);
        Assert.That(pending.IsCompleted, Is.False, "the read waits for the server");
        server.IsDown = false;
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.Value, Is.EqualTo(100 * KiB));
        Assert.That(server.Count(FakeOperationKind.Connect), Is.GreaterThan(2), "it retried while the server was down");
    }

    [Test]
    public async Task Read_ServerStaysDown_ClearNetworkErrorAfterTimeoutAndHealsLater()
    {
        var server = new FakeSmbServer();
        server.AddFile("f.bin", TestDrives.Content(3 * MiB));
        server.AddDirectory("other");
        await using var drive = await TestDrives.ConnectAsync(server, Options(reconnectTimeoutSeconds: 1), TimeProvider.System);
        var handle = await TestDrives.OpenAsync(drive, "f.bin");
        await TestDrives.ReadAsync(drive, handle, 0, 10);

        server.IsDown = true;
        server.DropConnections();
        var watch = Stopwatch.StartNew();
        var result = await drive.ReadAsync(handle, 2 * MiB, new byte[10], None).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var waited = watch.Elapsed;

        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_CONNECTION_DISCONNECTED));
        Assert.That(waited, Is.GreaterThan(TimeSpan.FromSeconds(0.8)).And.LessThan(TimeSpan.FromSeconds(8)));
        Assert.That(StatusMap.ToWin32Error(result.Status), Is.EqualTo(64), "ERROR_NETNAME_DELETED on Windows");

        // Once the timeout has passed, later requests fail quickly instead of waiting again.
        watch.Restart();
        var listing = await drive.ListAsync("other", null, None);
        Assert.That(listing.Status, Is.EqualTo(VfsStatus.STATUS_CONNECTION_DISCONNECTED));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));

        server.IsDown = false;
        Assert.That((await drive.ReadAsync(handle, 2 * MiB, new byte[10], None)).Value, Is.EqualTo(10));
        Assert.That((await drive.ListAsync("other", null, None)).Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
    }

    [Test]
    public async Task Read_FileChangedWhileDisconnected_HandleFailsWithFileInvalid()
    {
        var server = new FakeSmbServer();
        server.AddFile("f.bin", TestDrives.Content(3 * MiB, seed: 1));
        await using var drive = await TestDrives.ConnectAsync(server, Options(), TimeProvider.System);
        var handle = await TestDrives.OpenAsync(drive, "f.bin");
        await TestDrives.ReadAsync(drive, handle, 0, 10);

        server.DropConnections();
        server.ChangeFile("f.bin", TestDrives.Content(3 * MiB, seed: 2), FakeSmbServer.BaseTime.AddDays(1));
        var afterChange = await drive.ReadAsync(handle, 2 * MiB, new byte[10], None);
        var cachedRange = await drive.ReadAsync(handle, 0, new byte[10], None);

        Assert.That(afterChange.Status, Is.EqualTo(VfsStatus.STATUS_FILE_INVALID));
        Assert.That(cachedRange.Status, Is.EqualTo(VfsStatus.STATUS_FILE_INVALID), "the handle stays failed");
        var fresh = await TestDrives.OpenAsync(drive, "f.bin");
        byte[] bytes = await TestDrives.ReadAsync(drive, fresh, 2 * MiB, 10);
        TestDrives.AssertSameBytes(bytes, TestDrives.Content(3 * MiB, seed: 2).AsSpan(2 * MiB, 10));
    }

    [Test]
    public async Task Reconnect_OpenHandles_AreReopenedAndStillRead()
    {
        var server = new FakeSmbServer();
        byte[] content = TestDrives.Content(2 * MiB);
        server.AddFile("a.bin", content);
        server.AddFile("b.bin", content);
        await using var drive = await TestDrives.ConnectAsync(server, Options(), TimeProvider.System);
        var a = await TestDrives.OpenAsync(drive, "a.bin");
        var b = await TestDrives.OpenAsync(drive, "b.bin");
        await TestDrives.ReadAsync(drive, a, 0, 1);
        await TestDrives.ReadAsync(drive, b, 0, 1);
        int opensBefore = server.Count(FakeOperationKind.Open);

        server.DropConnections();
        await drive.GetInfoAsync("elsewhere", None); // any request notices and reconnects
        await WaitUntilAsync(() => server.Count(FakeOperationKind.Open) >= opensBefore + 2);

        TestDrives.AssertSameBytes(await TestDrives.ReadAsync(drive, b, MiB, 1000), content.AsSpan(MiB, 1000));
        Assert.That(server.Count(FakeOperationKind.Open), Is.EqualTo(opensBefore + 2), "each handle re-opened once, by path");
    }

    [Test]
    public async Task GetInfoAndList_ConnectionDrops_RetriedTransparently()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"d\x.txt", [1]);
        bool dropped = false;
        server.Interceptor = (op, _) =>
        {
            if (op.Kind is FakeOperationKind.GetInfo or FakeOperationKind.List && !dropped)
            {
                dropped = true;
                server.DropConnections();
            }
            return ValueTask.CompletedTask;
        };
        await using var drive = await TestDrives.ConnectAsync(server, Options(), TimeProvider.System);

        var info = await drive.GetInfoAsync(@"d\x.txt", None);
        dropped = false;
        var list = await drive.ListAsync("d", null, None);

        Assert.That(info.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(list.Value, Has.Count.EqualTo(1));
        Assert.That(drive.Counters.Snapshot().Reconnects, Is.EqualTo(2));
        Assert.That(drive.Counters.Snapshot().RetriedRequests, Is.EqualTo(2));
    }

    [Test]
    public async Task ConnectAsync_ServerDown_FailsFastWithClientException()
    {
        var server = new FakeSmbServer { IsDown = true };
        Assert.That(async () => await TestDrives.ConnectAsync(server), Throws.TypeOf<SmbConnectionException>());
        var options = TestDrives.Options(o => o.BlockSizeKB = 3);
        Assert.That(async () => await TestDrives.ConnectAsync(new FakeSmbServer(), options), Throws.ArgumentException);
    }

    [Test]
    public async Task KeepAlive_IdleConnection_SendsEchoes()
    {
        var server = new FakeSmbServer();
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.KeepAliveSeconds = 0.2), TimeProvider.System);

        await WaitUntilAsync(() => server.Count(FakeOperationKind.Echo) >= 2);

        Assert.That(drive.Counters.Snapshot().ServerEchoes, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task KeepAlive_EchoFindsDeadConnection_NextRequestReconnects()
    {
        var server = new FakeSmbServer();
        server.AddFile("a", [1]);
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.KeepAliveSeconds = 0.2), TimeProvider.System);
        server.DropConnections(silently: true);
        await WaitUntilAsync(() => drive.Counters.Snapshot().ServerEchoes >= 1);

        Assert.That((await drive.GetInfoAsync("a", None)).Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(server.Count(FakeOperationKind.Connect), Is.EqualTo(2));
        Assert.That(drive.Counters.Snapshot().RetriedRequests, Is.Zero, "the request went straight to a new connection");
    }

    [Test]
    public async Task Read_CallerCancels_CancelledStatus()
    {
        var server = new FakeSmbServer();
        server.AddFile("slow.bin", TestDrives.Content(MiB));
        server.Interceptor = async (op, ct) =>
        {
            if (op.Kind == FakeOperationKind.Read) await Task.Delay(TimeSpan.FromSeconds(30), ct);
        };
        await using var drive = await TestDrives.ConnectAsync(server, Options(), TimeProvider.System);
        var handle = await TestDrives.OpenAsync(drive, "slow.bin");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var result = await drive.ReadAsync(handle, 0, new byte[10], cancel.Token);

        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_CANCELLED));
    }

    [Test]
    public async Task Operations_EachLogOneDebugEventWithStructuredProperties()
    {
        var server = new FakeSmbServer();
        server.AddFile(@"d\f.bin", TestDrives.Content(1000));
        var sink = new CollectingSink();
        var logger = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        await using var drive = await TestDrives.ConnectAsync(server, logger: logger);

        var handle = await TestDrives.OpenAsync(drive, @"d\f.bin");
        await TestDrives.ReadAsync(drive, handle, 10, 20);
        await TestDrives.ReadAsync(drive, handle, 10, 20);
        await drive.GetInfoAsync(@"d\nothere", None);

        var events = sink.Events.Where(e => e.Properties.ContainsKey("Operation")).ToArray();
        Assert.That(events.Select(e => Scalar(e, "Operation")), Is.EqualTo(new[] { "Open", "Read", "Read", "GetInfo" }));
        var firstRead = events[1];
        Assert.That(firstRead.Level, Is.EqualTo(LogEventLevel.Debug));
        Assert.That(Scalar(firstRead, "Path"), Is.EqualTo(@"d\f.bin"));
        Assert.That(Scalar(firstRead, "Offset"), Is.EqualTo(10L));
        Assert.That(Scalar(firstRead, "Length"), Is.EqualTo(20L));
        Assert.That(Scalar(firstRead, "Status"), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        Assert.That(Scalar(firstRead, "DurationMs"), Is.TypeOf<double>());
        Assert.That(Scalar(firstRead, "Cache")!.ToString(), Is.EqualTo("Miss"));
        Assert.That(Scalar(events[2], "Cache")!.ToString(), Is.EqualTo("Hit"));
        Assert.That(Scalar(events[3], "Status"), Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND));
    }

    private static object? Scalar(LogEvent logEvent, string property)
    {
        Assert.That(logEvent.Properties, Contains.Key(property));
        return ((ScalarValue)logEvent.Properties[property]).Value;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10)) Assert.Fail("condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
