using SmbDrive.TestSupport;

namespace SmbDrive.Vfs.Tests.Integration;

/// <summary>Each test here runs its own server, because it kills it.</summary>
[Category("Integration")]
public class RestartTests
{
    private const int MiB = 1024 * 1024;
    private static readonly CancellationToken None = CancellationToken.None;

    private static Task<SambaServer> StartOwnServerAsync()
    {
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("random", VfsSambaFixture.RandomDir));
        return SambaServer.StartAsync(options);
    }

    [Test, CancelAfter(180_000)]
    public async Task SequentialRead_SmbdKilledAndRestartedMidway_CompletesWithRightBytes()
    {
        await using var server = await StartOwnServerAsync();
        var options = new VfsOptions { CacheMemoryMB = 64, ReconnectTimeoutSeconds = 60 };
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("random", options, server);
        string name = VfsSambaFixture.RandomFileName(VfsSambaFixture.RestartFileSize, VfsSambaFixture.RestartSeed);
        var handle = (await drive.OpenAsync(name, VfsOpenIntent.ReadData, None)).Value!;

        var killer = Task.Run(async () =>
        {
            while (drive.Counters.Snapshot().ServerBytesRead < VfsSambaFixture.RestartFileSize / 4) await Task.Delay(5);
            server.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1));
            await server.StartAgainAsync();
        });
        var buffer = new byte[MiB];
        long total = 0;
        while (true)
        {
            var result = await drive.ReadAsync(handle, total, buffer, None);
            Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"at {total}");
            if (result.Value == 0) break;
            VfsSambaFixture.AssertRandomContent(buffer.AsSpan(0, result.Value), VfsSambaFixture.RestartSeed, total, name);
            total += result.Value;
        }
        await killer;

        Assert.That(total, Is.EqualTo(VfsSambaFixture.RestartFileSize));
        Assert.That(drive.Counters.Snapshot().Reconnects, Is.GreaterThanOrEqualTo(1));
    }

    [Test, CancelAfter(180_000)]
    public async Task Read_SmbdKeptDown_ClearNetworkErrorAfterTimeout_ThenRecovers()
    {
        await using var server = await StartOwnServerAsync();
        var options = new VfsOptions { ReconnectTimeoutSeconds = 3 };
        await using var drive = await VfsSambaFixture.ConnectDriveAsync("random", options, server);
        string name = VfsSambaFixture.RandomFileName(VfsSambaFixture.RestartFileSize, VfsSambaFixture.RestartSeed);
        var handle = (await drive.OpenAsync(name, VfsOpenIntent.ReadData, None)).Value!;
        Assert.That((await drive.ReadAsync(handle, 0, new byte[100], None)).Value, Is.EqualTo(100));

        server.Kill();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var failed = await drive.ReadAsync(handle, 200 * MiB, new byte[100], None).AsTask().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(failed.Status, Is.EqualTo(VfsStatus.STATUS_CONNECTION_DISCONNECTED));
        Assert.That(watch.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(2.5)).And.LessThan(TimeSpan.FromSeconds(30)));

        await server.StartAgainAsync();
        var bytes = new byte[100];
        var healed = await drive.ReadAsync(handle, 200 * MiB, bytes, None);
        Assert.That(healed.Value, Is.EqualTo(100));
        VfsSambaFixture.AssertRandomContent(bytes, VfsSambaFixture.RestartSeed, 200 * MiB, name);
    }
}
