using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Browse;

/// <summary>A Samba server with the shares the browsing tests expect: two visible disk shares with comments,
/// a hidden "$" share, and a share the test user may not open. Its own namespace keeps the big data set of
/// the Integration namespace's fixture from being built for these tests.</summary>
[SetUpFixture]
public sealed class BrowseSamba
{
    public static SambaServer Server { get; private set; } = null!;

    /// <summary>(name, comment) of every share in smb.conf.</summary>
    public static readonly (string Name, string Comment)[] ConfiguredShares =
    [
        ("media", "Films and music"),
        ("docs", "Documents ü"),
        ("backup$", "hidden share"),
        ("locked", "nobody may open this"),
    ];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        var options = new SambaServerOptions();
        foreach (var (name, comment) in ConfiguredShares)
        {
            var extra = new Dictionary<string, string> { ["comment"] = comment };
            if (name == "locked") extra["valid users"] = "nobody";
            options.Shares.Add(new SambaShare(name, Extra: extra));
        }
        Server = await SambaServer.StartAsync(options);
        File.WriteAllText(Path.Combine(Server.SharePath("media"), "hello.txt"), "hello from media\n");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }

    public static SmbCredentials User => SmbCredentials.User(Server.User.Name, Server.User.Password);
}
