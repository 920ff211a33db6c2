using Serilog;
using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.Drive;

/// <summary>Writes that the drive refuses before reaching a server.</summary>
public class WriteRefusalTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task Writes_ShareWithoutWriteSide_AreNotSupportedAndLogged()
    {
        // The fake share has no write side (ISmbWritableShare).
        var server = new FakeSmbServer();
        server.AddFile("a.txt", [1, 2, 3]);
        var sink = new CollectingSink();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        await using var drive = await TestDrives.ConnectAsync(server, logger: log);
        var create = await drive.CreateAsync("a.txt", new VfsCreateRequest { Disposition = VfsCreateDisposition.Open }, None);
        Assert.That(create.Status, Is.EqualTo(VfsStatus.STATUS_NOT_SUPPORTED));
        Assert.That(await drive.CreateDirectoryAsync("d", None), Is.EqualTo(VfsStatus.STATUS_NOT_SUPPORTED));
        Assert.That(sink.Rendered.ToList(), Has.Some.Contains("offers no writing"));
        var read = await TestDrives.OpenAsync(drive, "a.txt");
        Assert.That(await TestDrives.ReadAsync(drive, read, 0, 3), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That((await drive.WriteAsync(read, 0, new byte[] { 9 }, None)).Status, Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED), "a read handle does not write");
    }

    [Test]
    public async Task Writes_ReadOnlyOption_AreWriteProtected()
    {
        var server = new FakeSmbServer();
        server.AddFile("a.txt", [1]);
        await using var drive = await TestDrives.ConnectAsync(server, TestDrives.Options(o => o.ReadOnly = true));
        Assert.That(drive.IsReadOnly, Is.True);
        Assert.That((await drive.CreateAsync("a.txt", new VfsCreateRequest { Disposition = VfsCreateDisposition.Open }, None)).Status,
            Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(await drive.SetSizeAsync("a.txt", 0, None), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        Assert.That(await drive.SetBasicInfoAsync("a.txt", new VfsBasicInfo { Attributes = FileAttributes.ReadOnly }, None), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
        var read = await TestDrives.OpenAsync(drive, "a.txt");
        Assert.That(await drive.SetSizeAsync(read, 0, None), Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED));
    }
}
