using System.Text;

namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed unsafe class PathCodecTests
{
    [TestCase("/plain/ascii.txt")]
    [TestCase("/Ünïcødé/日本語.txt")]
    [TestCase("/emoji 😀 and 👍🏽.txt")]
    public void TryDecode_ValidUtf8_RoundTrips(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");

        fixed (byte* p = bytes)
        {
            Assert.That(PathCodec.TryDecode(p, out var decoded), Is.True);
            Assert.That(decoded, Is.EqualTo(path));
        }
    }

    [Test]
    public void TryDecode_InvalidUtf8_IsRejectedNotReplaced()
    {
        byte[] bytes = [(byte)'/', 0xFF, (byte)'a', 0];

        fixed (byte* p = bytes)
            Assert.That(PathCodec.TryDecode(p, out _), Is.False);
    }

    [Test]
    public void TryDecode_LongPath_UsesAPooledBuffer()
    {
        string path = "/" + new string('é', 2000);
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");

        fixed (byte* p = bytes)
        {
            Assert.That(PathCodec.TryDecode(p, out var decoded), Is.True);
            Assert.That(decoded, Is.EqualTo(path));
        }
    }

    [Test]
    public void TryEncodeName_SurrogatePair_IsFourUtf8BytesAndNulTerminated()
    {
        Span<byte> buffer = stackalloc byte[32];

        int length = PathCodec.TryEncodeName("😀", buffer);
        byte[] written = buffer[..5].ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(length, Is.EqualTo(4));
            Assert.That(written, Is.EqualTo(new byte[] { 0xF0, 0x9F, 0x98, 0x80, 0 }));
        });
    }

    [TestCase("")]
    [TestCase(".")]
    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase("a\0b")]
    public void TryEncodeName_NameLinuxCannotShow_IsRejected(string name)
    {
        Span<byte> buffer = stackalloc byte[32];

        Assert.That(PathCodec.TryEncodeName(name, buffer), Is.EqualTo(-1));
    }

    [TestCase(new[] { '\uD800' })]
    [TestCase(new[] { 'a', '\uDC00', 'b' })]
    [TestCase(new[] { '\uDBFF', 'x' })]
    public void TryEncodeName_LoneSurrogate_IsRejectedNotReplaced(char[] chars)
    {
        // Built from chars: attribute strings are stored as UTF-8, which would already replace a lone surrogate.
        Span<byte> buffer = stackalloc byte[32];

        Assert.That(PathCodec.TryEncodeName(new string(chars), buffer), Is.EqualTo(-1));
    }

    [Test]
    public void TryEncodeName_BufferWithoutRoomForNul_IsRejected()
    {
        Span<byte> buffer = stackalloc byte[3];

        Assert.That(PathCodec.TryEncodeName("abc", buffer), Is.EqualTo(-1));
    }
}
