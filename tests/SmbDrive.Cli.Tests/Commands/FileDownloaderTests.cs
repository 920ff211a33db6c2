using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.Commands;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Commands;

public class FileDownloaderTests
{
    private const int Chunk = 64 * 1024;

    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    private static async Task<FakeFile> OpenAsync(byte[] data)
    {
        var share = new FakeShare().AddFile("f.bin", data);
        return (FakeFile)await share.OpenAsync("f.bin", SmbOpenKind.File, CancellationToken.None);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(Chunk - 1)]
    [TestCase(Chunk)]
    [TestCase(Chunk + 1)]
    [TestCase(5 * Chunk + 123)]
    public async Task CopyAsync_AnySize_CopiesEveryByteInOrder(int length)
    {
        byte[] data = Pattern(length);
        var file = await OpenAsync(data);
        var destination = new MemoryStream();

        long copied = await FileDownloader.CopyAsync(file, destination, null, CancellationToken.None);

        Assert.That(copied, Is.EqualTo(length));
        Assert.That(destination.ToArray(), Is.EqualTo(data));
    }

    [Test]
    public async Task CopyAsync_ReadFails_ThrowsTheShareError()
    {
        var file = await OpenAsync(Pattern(4 * Chunk));
        var failure = new SmbStatusException(NtStatus.STATUS_NETWORK_NAME_DELETED, @"\\h\s\f.bin");
        file.FailAt = (2 * Chunk, failure);

        var thrown = Assert.ThrowsAsync<SmbStatusException>(
            () => FileDownloader.CopyAsync(file, new MemoryStream(), null, CancellationToken.None));

        Assert.That(thrown, Is.SameAs(failure));
    }

    [Test]
    public async Task CopyAsync_WriteFails_ThrowsTheWriteError()
    {
        var file = await OpenAsync(Pattern(4 * Chunk));
        var destination = new GatedStream((_, _) => throw new IOException("disk full"));

        var thrown = Assert.ThrowsAsync<IOException>(() => FileDownloader.CopyAsync(file, destination, null, CancellationToken.None));

        Assert.That(thrown!.Message, Is.EqualTo("disk full"));
    }

    [Test]
    public async Task CopyAsync_Progress_ReportsTheRunningTotal()
    {
        var file = await OpenAsync(Pattern(2 * Chunk + 1));
        var reported = new List<long>();

        await FileDownloader.CopyAsync(file, new MemoryStream(), reported.Add, CancellationToken.None);

        Assert.That(reported, Is.EqualTo(new long[] { Chunk, 2 * Chunk, 2 * Chunk + 1 }));
    }

    /// <summary>A MemoryStream whose writes first run a hook with the write's position.</summary>
    private sealed class GatedStream(Func<long, CancellationToken, Task> beforeWrite) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await beforeWrite(Position, cancellationToken);
            await base.WriteAsync(buffer, cancellationToken);
        }
    }
}
