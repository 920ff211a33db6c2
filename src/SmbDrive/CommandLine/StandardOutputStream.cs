using Microsoft.Win32.SafeHandles;

namespace SmbDrive.CommandLine;

/// <summary>Binary standard output. On Unix, when it is a pipe or socket, it writes to file descriptor 1 through a
/// FileStream rather than Console.OpenStandardOutput, whose stream silently drops writes to a closed pipe:
/// <c>smbdrive cat big | head</c> would otherwise download the whole file into the void. A closed pipe (EPIPE) becomes
/// <see cref="StandardOutputClosedException"/>; any other write failure an IOException naming standard output.</summary>
internal sealed class StandardOutputStream : Stream
{
    private const int BrokenPipeErrno = 32;

    private readonly Stream _inner;

    public StandardOutputStream(Stream inner) => _inner = inner;

    public static Stream Open()
    {
        if (OperatingSystem.IsWindows()) return Console.OpenStandardOutput();
        FileStream descriptor;
        try
        {
            descriptor = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            // Descriptor 1 closed or unusable: the console stream copes with that by discarding.
            return Console.OpenStandardOutput();
        }
        if (!descriptor.CanSeek) return new StandardOutputStream(descriptor);
        // A regular file: FileStream would write at its own position (pwrite) and ignore the offset it shares with
        // the shell and O_APPEND, so "(smbdrive cat a; smbdrive cat b) > out" would overwrite. Only pipes and
        // sockets can break, and they are not seekable.
        descriptor.Dispose();
        return Console.OpenStandardOutput();
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        try
        {
            _inner.Write(buffer, offset, count);
        }
        catch (IOException e)
        {
            throw Translate(e);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken);
        }
        catch (IOException e)
        {
            throw Translate(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        try
        {
            _inner.Flush();
        }
        catch (IOException e)
        {
            throw Translate(e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    private static IOException Translate(IOException e) => e.HResult == BrokenPipeErrno
        ? new StandardOutputClosedException(e)
        : new IOException($"standard output: {e.Message}", e);
}
