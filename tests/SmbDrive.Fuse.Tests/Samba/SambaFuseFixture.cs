using SmbDrive.Fuse.Tests.EndToEnd;
using SmbDrive.TestSupport;

namespace SmbDrive.Fuse.Tests.Samba;

/// <summary>One Samba server and one mount of its "data" share (<see cref="SambaTree"/>) for every read-only
/// test of this namespace: the tests compare what unmodified programs see through the mount with the same
/// programs run on the folder the server serves. Tests that kill the server or unmount start their own. The write
/// tests use the writable share "rw" and the small tmpfs share "full" of the same server.</summary>
[SetUpFixture]
public sealed class SambaFuseFixture
{
    public const string DataShare = "data";

    public static SambaServer Server { get; private set; } = null!;

    /// <summary>The folder on the server's disk behind <see cref="DataShare"/>.</summary>
    public static string DataDir { get; private set; } = null!;

    internal static SambaMount Mount { get; private set; } = null!;

    /// <summary>Writable share for the write tests, and its folder on the server's disk.</summary>
    public const string WritableShare = "rw";
    public static string WritableDir { get; private set; } = null!;

    /// <summary>Writable share on a 16 MiB tmpfs, for running out of space; null when tmpfs could not be mounted.</summary>
    public const string FullShare = "full";
    public const int FullShareBytes = 16 << 20;
    public static string? FullDir { get; private set; }

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
        WritableDir = Path.Combine(Path.GetTempPath(), $"smbdrive-fusesamba-rw-{Environment.ProcessId}");
        Directory.CreateDirectory(WritableDir);
        options.Shares.Add(new SambaShare(WritableShare, WritableDir, ReadOnly: false));
        string full = Path.Combine(Path.GetTempPath(), $"smbdrive-fusesamba-full-{Environment.ProcessId}");
        Directory.CreateDirectory(full);
        var tmpfs = Shell.Run("mount", "-t", "tmpfs", "-o", $"size={FullShareBytes}", "tmpfs", full);
        if (tmpfs.ExitCode == 0)
        {
            FullDir = full;
            options.Shares.Add(new SambaShare(FullShare, full, ReadOnly: false));
        }
        Server = await SambaServer.StartAsync(options);
        Mount = await SambaMount.StartAsync(Server, DataShare);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Mount is not null) await Mount.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
        if (FullDir is not null)
        {
            Shell.Run("umount", FullDir);
            try { Directory.Delete(FullDir); } catch (IOException) { }
        }
        try
        {
            if (DataDir is not null) Directory.Delete(DataDir, recursive: true);
            if (WritableDir is not null) Directory.Delete(WritableDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    /// <summary>The path on the server's disk of a share-relative path.</summary>
    public static string DiskPath(string relative) => Path.Combine(DataDir, relative);
}
