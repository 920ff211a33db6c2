using Serilog;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>One Samba server for the client's integration tests, started once for the namespace, with a
/// data share holding every case of the read tests, a user-only share, a guest share and a writable share.</summary>
[SetUpFixture]
public sealed class SambaFixture
{
    public const long BigFileSize = 1L << 30;
    public const long SparseSize = 5L << 30;
    public const long SparseDataOffset = (4L << 30) + 12345;
    public const int ManyFiles = 10_000;
    public static readonly byte[] SparseData = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7 + 3)).ToArray();

    public static SambaServer Server { get; private set; } = null!;
    public static string DataDir { get; private set; } = null!;
    public static string BigFile { get; private set; } = null!;

    /// <summary>Folder of the writable share "rw" (the write tests each work in their own subfolder).</summary>
    public static string WritableDir { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        DataDir = Path.Combine(Path.GetTempPath(), $"smbdrive-smbtests-{Environment.ProcessId}");
        Directory.CreateDirectory(DataDir);
        BuildData(DataDir);
        string bigDir = Path.GetDirectoryName(TestData.CachedRandomFile(BigFileSize, 1))!;
        BigFile = Path.GetFileName(TestData.CachedRandomFile(BigFileSize, 1));
        var options = new SambaServerOptions();
        // Leases (the lease tests): Samba's defaults, said here because leases need both (smb2_negprot.c).
        options.Global["smb2 leases"] = "yes";
        options.Global["kernel oplocks"] = "no";
        options.Shares.Add(new SambaShare("data", DataDir));
        options.Shares.Add(new SambaShare("big", bigDir));
        options.Shares.Add(new SambaShare("private", DataDir, Extra: new Dictionary<string, string> { ["valid users"] = "smbdrivetest" }));
        options.Shares.Add(new SambaShare("public", DataDir, GuestOk: true));
        WritableDir = Path.Combine(Path.GetTempPath(), $"smbdrive-smbtests-rw-{Environment.ProcessId}");
        Directory.CreateDirectory(WritableDir);
        options.Shares.Add(new SambaShare("rw", WritableDir, ReadOnly: false));
        Server = await SambaServer.StartAsync(options);
    }

    private static void BuildData(string dir)
    {
        File.WriteAllBytes(Path.Combine(dir, "empty.bin"), []);
        TestData.CreateRandomFile(Path.Combine(dir, "small.bin"), 3_000_001, 7);
        TestData.CreateSparseFile(Path.Combine(dir, "sparse.bin"), SparseSize, [(SparseDataOffset, SparseData)]);
        TestData.CreateManyFiles(Path.Combine(dir, "many"), ManyFiles, "f");
        foreach (string name in TestData.UnicodeNames)
            File.WriteAllText(Path.Combine(dir, name), $"content of {name}");
        string deep = TestData.CreateDeepPath(dir, 8);
        File.WriteAllText(Path.Combine(dir, "deep-path.txt"), deep);
        Directory.CreateDirectory(Path.Combine(dir, "folder"));
        File.WriteAllText(Path.Combine(dir, "folder", "inside.txt"), "inside");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { Directory.Delete(WritableDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static SmbAddress Address(string share = "data") => SmbAddress.Parse(Server.Address(share));

    public static SmbCredentials User => SmbCredentials.User(Server.User.Name, Server.User.Password);

    /// <summary>Connects to a share of the shared server with the given options and a log sink the test can read.</summary>
    public static Task<ISmbShare> ConnectAsync(string share = "data", SmbClientOptions? options = null, ILogger? log = null) =>
        SmbClient.ConnectShareAsync(Address(share), User, options ?? new SmbClientOptions(), log, CancellationToken.None);
}
