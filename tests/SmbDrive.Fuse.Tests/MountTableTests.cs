namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed class MountTableTests
{
    [Test]
    public void Parse_MountinfoLines_ReadsMountPointDeviceTypeAndSource()
    {
        const string text =
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n" +
            "61 22 0:52 / /mnt/my\\040share rw,nosuid,nodev,relatime shared:30 master:2 - fuse.smbdrive //host/share rw,user_id=0\n" +
            "62 22 0:53 / /tmp/x rw - tmpfs tmpfs rw\n";

        var entries = MountTable.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.EqualTo(3));
            Assert.That(entries[1].MountPoint, Is.EqualTo("/mnt/my share"));
            Assert.That(entries[1].Device, Is.EqualTo("0:52"));
            Assert.That(entries[1].FileSystemType, Is.EqualTo("fuse.smbdrive"));
            Assert.That(entries[1].Source, Is.EqualTo("//host/share"));
            Assert.That(entries[2].FileSystemType, Is.EqualTo("tmpfs"));
        });
    }

    [Test]
    public void Parse_MalformedLine_IsSkipped()
    {
        var entries = MountTable.Parse("garbage\n1 2 3\n");

        Assert.That(entries, Is.Empty);
    }

    [TestCase(@"/a\040b", "/a b")]
    [TestCase(@"/tab\011x", "/tab\tx")]
    [TestCase(@"/back\134slash", @"/back\slash")]
    [TestCase(@"/new\012line", "/new\nline")]
    [TestCase(@"/日本\040語", "/日本 語")]
    [TestCase(@"/not\9escape", @"/not\9escape")]
    [TestCase(@"/end\04", @"/end\04")]
    public void Unescape_OctalEscapes_AreDecoded(string field, string expected)
    {
        Assert.That(MountTable.Unescape(field), Is.EqualTo(expected));
    }

    [Test]
    public void ReadCurrent_OnLinux_ContainsTheRootMount()
    {
        TestEnvironment.SkipUnless(File.Exists(MountTable.MountInfoPath), "no /proc/self/mountinfo");

        Assert.That(MountTable.ReadCurrent().Select(e => e.MountPoint), Does.Contain("/"));
    }
}
