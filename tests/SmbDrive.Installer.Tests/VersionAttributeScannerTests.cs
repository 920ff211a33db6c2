using System.Text;

namespace SmbDrive.Installer.Tests;

[TestFixture]
public class VersionAttributeScannerTests
{
    // An attribute blob as ECMA-335 II.23.3 lays it out: prolog 01 00, compressed length, UTF-8, NumNamed 00 00.
    private static byte[] Blob(string value)
    {
        byte[] text = Encoding.UTF8.GetBytes(value);
        byte[] length = text.Length < 0x80
            ? [(byte)text.Length]
            : [(byte)(0x80 | (text.Length >> 8)), (byte)text.Length];
        return [0x01, 0x00, .. length, .. text, 0x00, 0x00];
    }

    private static byte[] Image(params byte[][] parts) =>
        [0x4D, 0x5A, 0x90, 0x00, .. parts.SelectMany(p => p), 0xCC, 0xCC];

    [Test]
    public void Find_VersionWithCommitMetadata_ReturnsWholeString()
    {
        var image = Image(Blob("0.1.0+f611c3e56f98b45b939e5a6244fa156267cdbf71"));

        Assert.That(VersionAttributeScanner.Find(image, "0.1.0"),
            Is.EqualTo(new[] { "0.1.0+f611c3e56f98b45b939e5a6244fa156267cdbf71" }));
    }

    [Test]
    public void Find_PlainVersion_ReturnsIt()
    {
        Assert.That(VersionAttributeScanner.Find(Image(Blob("2.3.4")), "2.3.4"), Is.EqualTo(new[] { "2.3.4" }));
    }

    [TestCase(200)] // length 206: 0x80 0xCE
    [TestCase(250)] // length 256: 0x81 0x00, whose low byte alone would read as a one-byte length
    public void Find_LongStringWithTwoByteLength_ReturnsIt(int metadataLength)
    {
        string value = "1.0.0+" + new string('a', metadataLength);

        Assert.That(VersionAttributeScanner.Find(Image(Blob(value)), "1.0.0"), Is.EqualTo(new[] { value }));
    }

    [Test]
    public void Find_OtherVersionsAndLooseText_ReturnsNothing()
    {
        // A four-part file version that merely starts with the version, another version, and the bare text
        // without an attribute around it.
        var image = Image(Blob("0.1.0.0"), Blob("0.1.1"), Encoding.UTF8.GetBytes("version 0.1.0 text"));

        Assert.That(VersionAttributeScanner.Find(image, "0.1.0"), Is.Empty);
    }

    [Test]
    public void Find_BlobCutOffAtEndOfImage_ReturnsNothing()
    {
        byte[] blob = Blob("0.1.0");
        byte[] image = [0x00, .. blob.AsSpan(0, blob.Length - 1)];

        Assert.That(VersionAttributeScanner.Find(image, "0.1.0"), Is.Empty);
    }
}
