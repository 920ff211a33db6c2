using Serilog;
using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>One Samba server limited to NT1 (SMB1) for the SMB1 client's integration tests, started once for the
/// namespace, with the same test data as the SMB 2/3 tests: a data share, the cached 1 GiB file, a user-only
/// share, a guest share and a writable share "rw". Its signing setting is Samba's default (off unless the client
/// insists).</summary>
[SetUpFixture]
public sealed class Smb1Fixture
{
    public const long BigFileSize = 1L << 30;
    public const long SparseSize = 5L << 30;
    public const long SparseDataOffset = (4L << 30) + 12345;
    public const int ManyFiles = 10_000;
    public const int SmallFileSize = 3_000_001;
    public static readonly byte[] SparseData = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 5 + 1)).ToArray();

    public static SambaServer Server { get; private set; } = null!;
    public static string DataDir { get; private set; } = null!;
    public static string BigFile { get; private set; } = null!;
    public static string BigFilePath { get; private set; } = null!;

    /// <summary>Folder of the writable share "rw" (the write tests each work in their own subfolder).</summary>
    public static string WritableDir { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        DataDir = Path.Combine(Path.GetTempPath(), $"smbdrive-smb1tests-{Environment.ProcessId}");
        Directory.CreateDirectory(DataDir);
        BuildData(DataDir);
        BigFilePath = TestData.CachedRandomFile(BigFileSize, 1);
        BigFile = Path.GetFileName(BigFilePath);
        var options = Nt1Options();
        options.Shares.Add(new SambaShare("data", DataDir));
        options.Shares.Add(new SambaShare("big", Path.GetDirectoryName(BigFilePath)!));
        options.Shares.Add(new SambaShare("private", DataDir, Extra: new Dictionary<string, string> { ["valid users"] = "smbdrivetest" }));
        options.Shares.Add(new SambaShare("public", DataDir, GuestOk: true));
        WritableDir = Path.Combine(Path.GetTempPath(), $"smbdrive-smb1tests-rw-{Environment.ProcessId}");
        Directory.CreateDirectory(WritableDir);
        options.Shares.Add(new SambaShare("rw", WritableDir, ReadOnly: false));
        Server = await SambaServer.StartAsync(options);
    }

    /// <summary>Server options speaking NT1 and nothing else.</summary>
    public static SambaServerOptions Nt1Options()
    {
        var options = new SambaServerOptions();
        options.Global["server min protocol"] = "NT1";
        options.Global["server max protocol"] = "NT1";
        return options;
    }

    private static void BuildData(string dir)
    {
        File.WriteAllBytes(Path.Combine(dir, "empty.bin"), []);
        TestData.CreateRandomFile(Path.Combine(dir, "small.bin"), SmallFileSize, 7);
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
        if (WritableDir is not null)
            try { Directory.Delete(WritableDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static SmbAddress Address(string share = "data") => SmbAddress.Parse(Server.Address(share));

    public static SmbCredentials User => SmbCredentials.User(Server.User.Name, Server.User.Password);

    /// <summary>Options for unsigned SMB1 (the server's default does not sign unless the client insists).</summary>
    public static SmbClientOptions Unsigned => new() { RequireSigning = false };

    internal static async Task<Smb1Tree> ConnectAsync(string share = "data", SmbClientOptions? options = null, Smb1Tuning? tuning = null, ILogger? log = null) =>
        (Smb1Tree)await Smb1Client.ConnectShareAsync(Address(share), User, options ?? Unsigned, tuning ?? Smb1Tuning.Default, log, CancellationToken.None);
}
