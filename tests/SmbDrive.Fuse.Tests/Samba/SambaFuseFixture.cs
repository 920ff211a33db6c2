using SmbDrive.TestSupport;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>One Samba server and one mount of its "data" share (<see cref="SambaTree"/>) for every read-only
/// test of this namespace: the tests compare what unmodified programs see through the mount with the same
/// programs run on the folder the server serves. Tests that kill the server or unmount start their own.</summary>
[SetUpFixture]
public sealed class SambaFuseFixture
{
    public const string DataShare = "data";

    public static SambaServer Server { get; private set; } = null!;

    /// <summary>The folder on the server's disk behind <see cref="DataShare"/>.</summary>
    public static string DataDir { get; private set; } = null!;

    internal static SambaMount Mount { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        TestEnvironment.RequireFuse();
        SambaRequirement.RequireSamba();
        foreach (string tool in new[] { "/usr/bin/fio", "/usr/bin/python3", "/usr/bin/tar", "/usr/bin/diff" })
            TestEnvironment.SkipUnless(File.Exists(tool), $"{tool} is not installed (apt-get install fio python3 tar diffutils)");

        DataDir = Path.Combine(Path.GetTempPath(), $"smbdrive-fusesamba-{Environment.ProcessId}");
        if (Directory.Exists(DataDir))
            Directory.Delete(DataDir, recursive: true);
        Directory.CreateDirectory(DataDir);
        SambaTree.Create(DataDir);
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(DataShare, DataDir));
        Server = await SambaServer.StartAsync(options);
        Mount = await SambaMount.StartAsync(Server, DataShare);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Mount is not null) await Mount.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        try
        {
            if (DataDir is not null) Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    /// <summary>The path on the server's disk of a share-relative path.</summary>
    public static string DiskPath(string relative) => Path.Combine(DataDir, relative);
}
