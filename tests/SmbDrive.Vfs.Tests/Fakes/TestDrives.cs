using Serilog;
using Serilog.Core;

namespace SmbDrive.Vfs.Tests.Fakes;

/// <summary>Builds drives over a <see cref="FakeSmbServer"/> and test content.</summary>
internal static class TestDrives
{
    /// <summary>Defaults of the drive, with keep-alive off (its timer would run on real time) unless asked for.</summary>
    public static VfsOptions Options(Action<VfsOptions>? configure = null)
    {
        var options = new VfsOptions { KeepAliveSeconds = 0 };
        configure?.Invoke(options);
        return options;
    }

    public static Task<SmbDriveFileSystem> ConnectAsync(FakeSmbServer server, VfsOptions? options = null,
        TimeProvider? time = null, ILogger? logger = null) =>
        SmbDriveFileSystem.ConnectAsync(server.ConnectAsync, options ?? Options(), logger ?? Logger.None, time);

    /// <summary>Content where every byte depends on its offset and the seed, so misplaced bytes show.</summary>
    public static byte[] Content(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)((i * 31) ^ (i >> 9) ^ (seed * 101));
        return bytes;
    }

    /// <summary>Byte-for-byte comparison that stays fast for megabytes (NUnit's collection equality does
    /// not) and names the first differing offset.</summary>
    public static void AssertSameBytes(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected, string? what = null)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), $"length {what}");
        int mismatch = actual.CommonPrefixLength(expected);
        Assert.That(mismatch, Is.EqualTo(actual.Length), $"first differing byte at {mismatch} {what}");
    }

    /// <summary>Every byte equals <paramref name="value"/>; names the first one that does not.</summary>
    public static void AssertAllBytes(ReadOnlySpan<byte> actual, byte value, string? what = null)
    {
        int wrong = actual.IndexOfAnyExcept(value);
        Assert.That(wrong, Is.EqualTo(-1), $"byte {wrong} of {actual.Length} is not 0x{value:X2} {what}");
    }

    public static async Task<VfsHandle> OpenAsync(SmbDriveFileSystem drive, string path, VfsOpenIntent intent = VfsOpenIntent.ReadData)
    {
        var result = await drive.OpenAsync(path, intent, CancellationToken.None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"open {path}");
        return result.Value!;
    }

    public static async Task<byte[]> ReadAsync(SmbDriveFileSystem drive, VfsHandle handle, long offset, int length)
    {
        var buffer = new byte[length];
        var result = await drive.ReadAsync(handle, offset, buffer, CancellationToken.None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"read {handle} at {offset}");
        return buffer.AsSpan(0, result.Value).ToArray();
    }
}
