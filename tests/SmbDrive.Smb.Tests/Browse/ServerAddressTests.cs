namespace SmbDrive.Smb.Tests.Browse;

/// <summary>Server addresses (<c>//host[:port]</c>) parse only when the caller accepts them.</summary>
[TestFixture]
public class ServerAddressTests
{
    [TestCase("//nas", "nas", 445)]
    [TestCase("//nas/", "nas", 445)]
    [TestCase("//nas:4455", "nas", 4455)]
    [TestCase(@"\\nas@4455", "nas", 4455)]
    [TestCase("//[::1]:4455", "::1", 4455)]
    [TestCase("smb://nas", "nas", 445)]
    public void TryParse_AllowServer_ServerAddress(string text, string host, int port)
    {
        Assert.That(SmbAddress.TryParse(text, allowServer: true, out var address, out string? error), Is.True, error);

        Assert.That(address, Is.EqualTo(new SmbAddress(host, port, "", "")));
        Assert.That(address!.IsServer, Is.True);
        Assert.That(address.Unc, Is.EqualTo(port == 445 ? $@"\\{host}" : $@"\\{host}:{port}"));
    }

    [Test]
    public void TryParse_WithoutAllowServer_StillNeedsAShare()
    {
        Assert.That(SmbAddress.TryParse("//nas", out _, out string? error), Is.False);
        Assert.That(error, Does.Contain("has no share name"));
    }

    [TestCase("//nas//path")]
    [TestCase("//:445")]
    public void TryParse_AllowServer_StillRejectsBrokenAddresses(string text)
    {
        Assert.That(SmbAddress.TryParse(text, allowServer: true, out _, out _), Is.False);
    }

    [Test]
    public void TryParse_AllowServer_ShareAddressUnchanged()
    {
        Assert.That(SmbAddress.TryParse("//nas/media/a", allowServer: true, out var address, out _), Is.True);
        Assert.That(address, Is.EqualTo(new SmbAddress("nas", 445, "media", "a")));
        Assert.That(address!.IsServer, Is.False);
    }
}
