using SmbDrive.CommandLine;

namespace SmbDrive.Cli.Tests.CommandLine;

public class StandardOutputStreamTests
{
    [Test]
    public void Write_BrokenPipe_ThrowsOutputClosed()
    {
        using var stream = new StandardOutputStream(new FailingStream(new IOException("Broken pipe") { HResult = 32 }));

        Assert.Throws<StandardOutputClosedException>(() => stream.Write([1, 2, 3], 0, 3));
    }

    [Test]
    public void WriteAsync_OtherFailure_ThrowsIOExceptionNamingStandardOutput()
    {
        using var stream = new StandardOutputStream(new FailingStream(new IOException("No space left on device") { HResult = 28 }));

        var error = Assert.ThrowsAsync<IOException>(async () => await stream.WriteAsync(new byte[3]));

        Assert.That(error, Is.Not.InstanceOf<StandardOutputClosedException>());
        Assert.That(error!.Message, Is.EqualTo("standard output: No space left on device"));
    }

    [Test]
    public void Report_OutputClosed_ExitsQuietlyWith141()
    {
        var error = new StringWriter();

        int code = FailureReporter.Report(new StandardOutputClosedException(new IOException("Broken pipe")), error, verbose: false);

        Assert.That(code, Is.EqualTo(141));
        Assert.That(error.ToString(), Is.Empty);
    }

    private sealed class FailingStream(IOException failure) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count) => throw failure;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(failure);
    }
}
