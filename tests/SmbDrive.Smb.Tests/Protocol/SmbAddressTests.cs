using SmbDrive.Smb;

namespace SmbDrive.Smb.Tests.Protocol;

public class SmbAddressTests
{
    [TestCase("//server/share", "server", 445, "share", "")]
    [TestCase("//server:4455/share/dir/file.txt", "server", 4455, "share", @"dir\file.txt")]
    [TestCase(@"\\server\share\dir\file.txt", "server", 445, "share", @"dir\file.txt")]
    [TestCase(@"\\127.0.0.1@4455\share", "127.0.0.1", 4455, "share", "")]
    [TestCase("//[::1]:4455/share/a", "::1", 4455, "share", "a")]
    [TestCase("//[fe80::1]/share", "fe80::1", 445, "share", "")]
    [TestCase("smb://host/share/x/", "host", 445, "share", "x")]
    public void Parse_ValidForms_SplitIntoParts(string text, string host, int port, string share, string path)
    {
        var a = SmbAddress.Parse(text);
        Assert.That((a.Host, a.Port, a.Share, a.Path), Is.EqualTo((host, port, share, path)));
    }

    [TestCase("server/share")]
    [TestCase("//server")]
    [TestCase("//server/")]
    [TestCase("//:445/share")]
    [TestCase("//server:99999/share")]
    [TestCase("//server:abc/share")]
    public void TryParse_Invalid_ReturnsErrorText(string text)
    {
        Assert.That(SmbAddress.TryParse(text, out var a, out string? error), Is.False);
        Assert.That(a, Is.Null);
        Assert.That(error, Does.Contain(text.Length > 0 ? "'" : ""));
    }

    [Test]
    public void Where_NonDefaultPort_ShowsPortInUnc()
    {
        var a = SmbAddress.Parse("//127.0.0.1:4455/private");
        Assert.That(a.Where("nope.txt"), Is.EqualTo(@"\\127.0.0.1:4455\private\nope.txt"));
        Assert.That(SmbAddress.Parse("//h/s").Where("/a/b/"), Is.EqualTo(@"\\h\s\a\b"));
    }
}
