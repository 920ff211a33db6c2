using SmbDrive.Cli.Tests.Integration;

namespace SmbDrive.Cli.Tests.Browse;

/// <summary><c>smbdrive ls //HOST[:PORT]</c> as its own process against the Samba of <see cref="BrowseServer"/>.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public class ShareListingCliTests
{
    private static string[] Names(SmbdriveProcess.Result result) =>
        result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToArray();

    [Test]
    public async Task LsServer_ListsTheVisibleSharesWithTypeAndComment()
    {
        var result = await SmbdriveProcess.RunAsync(["ls", BrowseServer.ServerAddress, "--user", BrowseServer.Server.User.Name], BrowseServer.Password);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutText, Is.EqualTo(
            "docs    disk     Documents\n" +
            "locked  disk     not for the test user\n" +
            "media   disk     Films and music\n"));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task LsServerAll_AlsoListsHiddenShares()
    {
        var result = await SmbdriveProcess.RunAsync(["ls", "-a", BrowseServer.ServerAddress, "--user", BrowseServer.Server.User.Name], BrowseServer.Password);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Names(result), Is.EqualTo(new[] { "backup$", "docs", "IPC$", "locked", "media" }));
        Assert.That(result.StdoutText, Does.Contain("backup$  disk     hidden share\n"));
        Assert.That(result.StdoutText, Does.Match(@"IPC\$\s+ipc\s+IPC Service"));
    }

    [Test]
    public async Task LsServer_PortOption_SameAsPortInTheAddress()
    {
        var result = await SmbdriveProcess.RunAsync(
            ["ls", $"//{BrowseServer.Server.Host}/", "--port", BrowseServer.Server.Port.ToString(), "--user", BrowseServer.Server.User.Name], BrowseServer.Password);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Names(result), Is.EqualTo(new[] { "docs", "locked", "media" }));
    }

    [Test]
    public async Task LsServer_AnonymousRefused_OneClearLine()
    {
        var result = await SmbdriveProcess.RunAsync(["ls", BrowseServer.ServerAddress, "--anonymous"]);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(result.Stderr, Does.Match(@"^smbdrive: \\\\127\.0\.0\.1:\d+\\IPC\$.*: (STATUS|WERR)_ACCESS_DENIED"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task LsServer_WrongPassword_LogonFailureExitFour()
    {
        var result = await SmbdriveProcess.RunAsync(["ls", BrowseServer.ServerAddress, "--user", BrowseServer.Server.User.Name],
            new Dictionary<string, string> { ["SMBDRIVE_PASSWORD"] = "wrong-2c1" });

        Assert.That(result.ExitCode, Is.EqualTo(4), result.ToString());
        Assert.That(result.Stderr, Does.Contain("STATUS_LOGON_FAILURE").And.Not.Contain("wrong-2c1"));
    }

    [Test]
    public async Task LsShareWithAll_IsAUsageError()
    {
        var result = await SmbdriveProcess.RunAsync(["ls", "-a", BrowseServer.ServerAddress + "/media", "--user", BrowseServer.Server.User.Name], BrowseServer.Password);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("--all"));
    }

    [Test]
    public async Task CatServer_StillNeedsAShare()
    {
        var result = await SmbdriveProcess.RunAsync(["cat", BrowseServer.ServerAddress, "--user", BrowseServer.Server.User.Name], BrowseServer.Password);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("has no share name"));
    }
}
