using System.Diagnostics;
using System.Security.Cryptography;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>A server crash in the middle of a read through the mount: the reader waits, the drive reconnects
/// once the server is back, and the reader gets every byte right. Runs its own server, which it kills.</summary>
[TestFixture]
[Category("Integration")]
[Category("Fuse")]
[NonParallelizable]
public sealed class SambaOutageTests
{
    private const long FileSize = 512L << 20;
    private const int Seed = 5;
    private const string Share = "cache";

    [Test, CancelAfter(180_000)]
    public async Task CatToSha256sum_ServerKilledAndRestartedMidway_CompletesWithTheRightHash(CancellationToken cancellationToken)
    {
        string file = TestData.CachedRandomFile(FileSize, Seed);
        var expectedHash = Task.Run(() =>
        {
            using var stream = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }, cancellationToken);
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(Share, TestData.CacheDirectory));
        await using var server = await SambaServer.StartAsync(options, cancellationToken);
        await using var mount = await SambaMount.StartAsync(server, Share, new VfsOptions { ReconnectTimeoutSeconds = 60 });

        var start = new ProcessStartInfo("/bin/bash", ["-c", "set -o pipefail; cat -- \"$1\" | sha256sum", "bash", mount.PathOf(Path.GetFileName(file))])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var pipeline = Process.Start(start)!;
        var output = pipeline.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = pipeline.StandardError.ReadToEndAsync(cancellationToken);
        long readAtKill;
        bool runningAtKill, runningWhileDown;
        try
        {
            while ((readAtKill = mount.Drive.Counters.Snapshot().ServerBytesRead) < FileSize / 4 && !pipeline.HasExited)
                await Task.Delay(5, cancellationToken);
            runningAtKill = !pipeline.HasExited;
            server.Kill();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            runningWhileDown = !pipeline.HasExited;
            await server.StartAgainAsync(cancellationToken);
            await pipeline.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        }
        finally
        {
            if (!pipeline.HasExited)
                pipeline.Kill(entireProcessTree: true);
        }

        var counters = mount.Drive.Counters.Snapshot();
        string hash = (await output).Split(' ')[0], stderr = await errors, expected = await expectedHash;
        TestContext.Out.WriteLine($"killed after {readAtKill >> 20} MiB; {counters.Reconnects} reconnect(s), {counters.RetriedRequests} retried request(s)");
        Assert.Multiple(() =>
        {
            Assert.That(runningAtKill, Is.True, "the server was killed while cat was reading");
            Assert.That(readAtKill, Is.LessThan(FileSize / 2));
            Assert.That(runningWhileDown, Is.True, "cat waited for the server instead of failing or ending early");
            Assert.That(pipeline.ExitCode, Is.Zero, stderr);
            Assert.That(hash, Is.EqualTo(expected));
            Assert.That(counters.Reconnects, Is.GreaterThanOrEqualTo(1));
            Assert.That(mount.Log.Errors.Select(e => e.RenderMessage()), Is.Empty, "a lost connection is a warning, not an error");
        });
    }
}
