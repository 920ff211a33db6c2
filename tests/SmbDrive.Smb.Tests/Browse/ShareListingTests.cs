namespace SmbDrive.Smb.Tests.Browse;

/// <summary>srvsvc NetShareEnumAll against a real Samba: what is listed is what smb.conf says.</summary>
[TestFixture]
[Category("Integration")]
public class ShareListingTests
{
    private static Task<IReadOnlyList<SmbShareInfo>> ListAsync(SmbCredentials credentials, SmbClientOptions? options = null) =>
        SmbShareBrowser.ListSharesAsync(BrowseSamba.Server.Host, BrowseSamba.Server.Port, credentials,
            options ?? new SmbClientOptions(), null, CancellationToken.None);

    [Test]
    public async Task ListShares_ReturnsEverySmbConfShareWithTypeAndComment()
    {
        var shares = await ListAsync(BrowseSamba.User);

        var disk = shares.Where(s => s.Kind == SmbShareKind.Disk).Select(s => (s.Name, s.Comment)).OrderBy(s => s.Name, StringComparer.Ordinal);
        Assert.That(disk, Is.EqualTo(BrowseSamba.ConfiguredShares.OrderBy(s => s.Name, StringComparer.Ordinal)));
        Assert.That(shares.Where(s => s.Kind != SmbShareKind.Disk).Select(s => s.Name), Is.EqualTo(new[] { "IPC$" }));
        Assert.That(shares.Single(s => s.Name == "backup$").IsHidden, Is.True);
        Assert.That(shares.Single(s => s.Name == "media").IsHidden, Is.False);
    }

    [TestCase("3.1.1")]
    [TestCase("3.0")]
    [TestCase("2.0.2")]
    public async Task ListShares_EveryDialect_SameList(string dialect)
    {
        var options = new SmbClientOptions { MinDialect = dialect, MaxDialect = dialect };

        var shares = await ListAsync(BrowseSamba.User, options);

        Assert.That(shares.Select(s => s.Name).Order(StringComparer.Ordinal),
            Is.EqualTo(BrowseSamba.ConfiguredShares.Select(s => s.Name).Append("IPC$").Order(StringComparer.Ordinal)));
    }

    [Test]
    public void ListShares_WrongPassword_LogonFailure()
    {
        var e = Assert.ThrowsAsync<SmbStatusException>(() => ListAsync(SmbCredentials.User(BrowseSamba.Server.User.Name, "wrong-7f3")));

        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_LOGON_FAILURE));
        Assert.That(e.Message, Does.Contain("IPC$"));
    }
}
