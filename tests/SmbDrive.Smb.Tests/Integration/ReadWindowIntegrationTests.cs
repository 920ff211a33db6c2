using SmbDrive.Smb.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>The adaptive read window on a real connection to Samba, made long by a proxy that delays each
/// direction (50 ms): the window must grow past its floor while the bytes stay those on the server's disk.</summary>
[Category("Integration")]
public class ReadWindowIntegrationTests
{
    [Test]
    public async Task LongLink_WindowGrowsAndTheBytesAreRight()
    {
        // 50 ms each way: the floor (4 MiB) then carries only 42 MB/s, so the window must grow as soon as the link
        // gives more than half of that, which a loaded 2-core machine still does (with 15 ms it sometimes did not).
        await using var proxy = new DelayingProxy(SambaFixture.Server.Port, TimeSpan.FromMilliseconds(50));
        var options = new SmbClientOptions { RequireSigning = false, ConnectionsPerShare = 1 };
        await using var share = await SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, "big", ""),
            SambaFixture.User, options, null, CancellationToken.None);
        var window = ((SmbTree)share).Connection.ReadWindow;
        await using var file = await share.OpenAsync(SambaFixture.BigFile, SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[128 * 1024 * 1024];
        const long offset = 64L * 1024 * 1024;

        int n = await file.ReadAsync(offset, buffer, 0, CancellationToken.None);

        Assert.That(n, Is.EqualTo(buffer.Length));
        FileComparer.AssertRangeEquals(TestData.CachedRandomFile(SambaFixture.BigFileSize, 1), offset, buffer);
        TestContext.Out.WriteLine($"window {window.TargetBytes / 1048576.0:F1} MiB (floor {window.FloorBytes / 1048576} MiB), " +
            $"round trip {window.MinRoundTrip?.TotalMilliseconds:F1} ms, {window.BytesPerSecond / 1e6:F0} MB/s");
        Assert.That(window.MinRoundTrip, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(100)), "the proxy's delay is seen");
        Assert.That(window.TargetBytes, Is.GreaterThan(window.FloorBytes), "grown past the floor on a 100 ms link");
        Assert.That(window.TargetBytes, Is.LessThanOrEqualTo(options.ReadWindowBytes));
    }
}
