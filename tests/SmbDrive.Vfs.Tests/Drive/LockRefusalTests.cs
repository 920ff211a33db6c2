using Serilog;
using SmbDrive.Vfs.Tests.Fakes;

namespace SmbDrive.Vfs.Tests.Drive;

/// <summary>Locks the drive refuses without the server's say.</summary>
public class LockRefusalTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Test]
    public async Task Lock_ShareWhoseFilesCannotLock_IsNotSupportedAndLogged_AndTheHandleStillReads()
    {
        // The fake share's files do not implement ISmbLockableFile (every real SMB2/3 and SMB1 file does).
        var server = new FakeSmbServer();
        server.AddFile("a.txt", [1, 2, 3]);
        var sink = new CollectingSink();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(sink).CreateLogger();
        await using var drive = await TestDrives.ConnectAsync(server, logger: log);
        var handle = await TestDrives.OpenAsync(drive, "a.txt");

        Assert.That(await drive.LockAsync(handle, 0, 3, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_NOT_SUPPORTED));
        Assert.That(await drive.UnlockAsync(handle, 0, 3, None), Is.EqualTo(VfsStatus.STATUS_NOT_SUPPORTED));
        Assert.That(sink.Rendered.ToList(), Has.Some.Contains("byte-range locks"));
        Assert.That(await TestDrives.ReadAsync(drive, handle, 0, 3), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public async Task Lock_OnADirectoryOrAClosedHandle_IsRefused()
    {
        var server = new FakeSmbServer();
        server.AddDirectory("d");
        server.AddFile("a.txt", [1]);
        await using var drive = await TestDrives.ConnectAsync(server);
        var directory = await TestDrives.OpenAsync(drive, "d", VfsOpenIntent.Directory);
        Assert.That(await drive.LockAsync(directory, 0, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_INVALID_DEVICE_REQUEST));
        var file = await TestDrives.OpenAsync(drive, "a.txt");
        await drive.CloseAsync(file);
        Assert.That(await drive.LockAsync(file, 0, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_FILE_CLOSED));
        Assert.That(server.OpenFiles, Is.Zero, "nothing was opened on the server for them");
    }
}
