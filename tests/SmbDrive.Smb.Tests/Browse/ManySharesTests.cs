using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Browse;

/// <summary>A share list far larger than one 4280-byte RPC fragment: the reply comes in several fragments read
/// from the pipe after the transceive, and must be reassembled exactly.</summary>
[TestFixture]
[Category("Integration")]
public class ManySharesTests
{
    private const int Count = 150;
    private SambaServer _server = null!;

    private static string Comment(int i) => $"share number {i} with a comment long enough to need several fragments";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        var options = new SambaServerOptions();
        for (int i = 0; i < Count; i++)
            options.Shares.Add(new SambaShare($"bulk{i:D3}", Extra: new Dictionary<string, string> { ["comment"] = Comment(i) }));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Test]
    public async Task ListShares_ReplyOfSeveralFragments_EveryShareOnce()
    {
        var shares = await SmbShareBrowser.ListSharesAsync(_server.Host, _server.Port,
            SmbCredentials.User(_server.User.Name, _server.User.Password), new SmbClientOptions(), null, CancellationToken.None);

        var disk = shares.Where(s => s.Kind == SmbShareKind.Disk).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.That(disk.Select(s => s.Name), Is.EqualTo(Enumerable.Range(0, Count).Select(i => $"bulk{i:D3}")));
        Assert.That(disk.Select(s => s.Comment), Is.EqualTo(Enumerable.Range(0, Count).Select(Comment)));
        Assert.That(disk.Sum(s => (s.Name.Length + s.Comment.Length) * 2), Is.GreaterThan(3 * 4280), "the reply spans several fragments");
    }
}
