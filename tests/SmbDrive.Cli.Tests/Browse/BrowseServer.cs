using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Browse;

/// <summary>One Samba server for the share-listing, server-root mount and mount-helper tests: two visible disk
/// shares with comments and files, a hidden "$" share, and a share the test user may not open.</summary>
[SetUpFixture]
public sealed class BrowseServer
{
    public static SambaServer Server { get; private set; } = null!;

    public static readonly (string Name, string Comment)[] Shares =
    [
        ("media", "Films and music"),
        ("docs", "Documents"),
        ("backup$", "hidden share"),
        ("locked", "not for the test user"),
    ];

    public static byte[] MediaData { get; } = CreateData();

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        var options = new SambaServerOptions();
        // Anonymous sessions may not use IPC$ at all: the refused-listing case.
        options.Global["restrict anonymous"] = "2";
        foreach (var (name, comment) in Shares)
        {
            var extra = new Dictionary<string, string> { ["comment"] = comment };
            if (name == "locked") extra["valid users"] = "nobody";
            options.Shares.Add(new SambaShare(name, Extra: extra));
        }
        Server = await SambaServer.StartAsync(options);
        string media = Server.SharePath("media");
        Directory.CreateDirectory(Path.Combine(media, "films"));
        File.WriteAllBytes(Path.Combine(media, "films", "clip.bin"), MediaData);
        File.WriteAllText(Path.Combine(Server.SharePath("docs"), "readme.txt"), "docs share\n");
        File.WriteAllText(Path.Combine(Server.SharePath("locked"), "secret.txt"), "locked\n");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
    }

    private static byte[] CreateData()
    {
        var data = new byte[2 * 1024 * 1024 + 333];
        new Random(19).NextBytes(data);
        return data;
    }

    public static Dictionary<string, string> Password => new() { ["SMBDRIVE_PASSWORD"] = Server.User.Password };

    /// <summary>//127.0.0.1:PORT</summary>
    public static string ServerAddress => $"//{Server.Host}:{Server.Port}";
}
