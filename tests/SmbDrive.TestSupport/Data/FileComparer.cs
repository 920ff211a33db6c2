using NUnit.Framework;

namespace SmbDrive.TestSupport;

/// <summary>Compares bytes a test read through SMB with the file on disk, naming the first differing offset.</summary>
public static class FileComparer
{
    private const int ChunkSize = 1 << 20;
    private const int ContextBytes = 16;

    /// <summary>Asserts that <paramref name="actual"/> equals the bytes of <paramref name="diskPath"/> at <paramref name="offset"/>.</summary>
    public static void AssertRangeEquals(string diskPath, long offset, ReadOnlySpan<byte> actual)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        using var handle = File.OpenHandle(diskPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var fileLength = RandomAccess.GetLength(handle);
        if (offset > fileLength || actual.Length > fileLength - offset)
        {
            Assert.Fail($"{diskPath} is {fileLength} bytes long, but {actual.Length} bytes were compared from offset {offset} (past the end).");
        }

        var expected = new byte[Math.Min(ChunkSize, actual.Length)];
        for (var done = 0; done < actual.Length;)
        {
            var length = Math.Min(expected.Length, actual.Length - done);
            var chunk = expected.AsSpan(0, length);
            ReadExactly(handle, chunk, offset + done);
            var same = chunk.CommonPrefixLength(actual.Slice(done, length));
            if (same < length)
            {
                var at = done + same;
                Assert.Fail(
                    $"{diskPath}: first difference at offset {offset + at} (byte {at} of the {actual.Length} compared from offset {offset}): " +
                    $"disk has {Hex(chunk[same..])}, actual has {Hex(actual[at..])}.");
            }

            done += length;
        }
    }

    private static void ReadExactly(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                Assert.Fail($"The file ended early at offset {offset}.");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }

    private static string Hex(ReadOnlySpan<byte> bytes) =>
        Convert.ToHexString(bytes[..Math.Min(ContextBytes, bytes.Length)]) + (bytes.Length > ContextBytes ? "…" : "");
}
