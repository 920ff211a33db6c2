using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Integration;

/// <summary>put, mkdir, rm and mv of the built smbdrive against a writable Samba share; results checked on the
/// server's disk.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public class CliWriteTests
{
    private SambaServer _server = null!;
    private string _shareFolder = "";
    private string _readOnlyFolder = "";
    private string _work = "";

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        SambaRequirement.RequireSamba();
        _shareFolder = Directory.CreateTempSubdirectory("smbdrive-cli-rw-").FullName;
        _readOnlyFolder = Directory.CreateTempSubdirectory("smbdrive-cli-ro-").FullName;
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("rw", _shareFolder, ReadOnly: false));
        options.Shares.Add(new SambaShare("ro", _readOnlyFolder));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_shareFolder.Length > 0) Directory.Delete(_shareFolder, recursive: true);
        if (_readOnlyFolder.Length > 0) Directory.Delete(_readOnlyFolder, recursive: true);
    }

    [SetUp]
    public void CreateWorkFolder() => _work = Directory.CreateTempSubdirectory("smbdrive-cli-work-").FullName;

    [TearDown]
    public void DeleteWorkFolder() => Directory.Delete(_work, recursive: true);

    private Task<SmbdriveProcess.Result> RunAsync(params string[] args) =>
        SmbdriveProcess.RunAsync([.. args, "--user", _server.User.Name], new Dictionary<string, string> { ["SMBDRIVE_PASSWORD"] = _server.User.Password }, _work);

    private static void AssertOk(SmbdriveProcess.Result result) => Assert.That(result.ExitCode, Is.Zero, result.ToString());

    [Test]
    public async Task Put_LargeFile_IsByteForByteOnDiskWithTheLocalTime()
    {
        string local = Path.Combine(_work, "upload.bin");
        TestData.CreateRandomFile(local, 40_000_017, 77);
        var when = new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(local, when);
        var result = await RunAsync("put", local, _server.Address("rw", "upload.bin"));
        AssertOk(result);
        Assert.That(result.Stdout, Is.Empty);
        string disk = Path.Combine(_shareFolder, "upload.bin");
        Assert.That(new FileInfo(disk).Length, Is.EqualTo(40_000_017));
        Assert.That(File.ReadAllBytes(disk), Is.EqualTo(File.ReadAllBytes(local)));
        Assert.That(File.GetLastWriteTimeUtc(disk), Is.EqualTo(when));

        File.WriteAllText(local, "shorter");
        AssertOk(await RunAsync("put", local, _server.Address("rw", "upload.bin")));
        Assert.That(File.ReadAllText(disk), Is.EqualTo("shorter"), "put replaces the whole file");
        File.WriteAllBytes(local, []);
        AssertOk(await RunAsync("put", local, _server.Address("rw", "empty.bin")));
        Assert.That(new FileInfo(Path.Combine(_shareFolder, "empty.bin")).Length, Is.Zero);
    }

    [Test]
    public async Task MkdirMvRm_TreeOperations_ShowOnDisk()
    {
        AssertOk(await RunAsync("mkdir", _server.Address("rw", "tree")));
        AssertOk(await RunAsync("mkdir", _server.Address("rw", "tree/sub")));
        Assert.That(Directory.Exists(Path.Combine(_shareFolder, "tree", "sub")), Is.True);
        var again = await RunAsync("mkdir", _server.Address("rw", "tree"));
        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.Stderr, Does.Contain("STATUS_OBJECT_NAME_COLLISION").And.Contain(@"\rw\tree"));

        string local = Path.Combine(_work, "f.txt");
        File.WriteAllText(local, "file");
        AssertOk(await RunAsync("put", local, _server.Address("rw", "tree/sub/f.txt")));
        AssertOk(await RunAsync("mv", _server.Address("rw", "tree/sub/f.txt"), "tree/g.txt"));
        Assert.That(File.ReadAllText(Path.Combine(_shareFolder, "tree", "g.txt")), Is.EqualTo("file"));
        AssertOk(await RunAsync("mv", _server.Address("rw", "tree/sub"), _server.Address("rw", "tree/sub2")));
        Assert.That(Directory.Exists(Path.Combine(_shareFolder, "tree", "sub2")), Is.True);

        var folder = await RunAsync("rm", _server.Address("rw", "tree"));
        Assert.That(folder.ExitCode, Is.EqualTo(2), folder.ToString());
        Assert.That(folder.Stderr, Does.Contain("rm -r"));
        Assert.That(File.Exists(Path.Combine(_shareFolder, "tree", "g.txt")), Is.True, "nothing was deleted");
        AssertOk(await RunAsync("rm", _server.Address("rw", "tree/g.txt")));
        Assert.That(File.Exists(Path.Combine(_shareFolder, "tree", "g.txt")), Is.False);
        AssertOk(await RunAsync("put", local, _server.Address("rw", "tree/sub2/h.txt")));
        AssertOk(await RunAsync("rm", "-r", _server.Address("rw", "tree")));
        Assert.That(Directory.Exists(Path.Combine(_shareFolder, "tree")), Is.False);
        var missing = await RunAsync("rm", _server.Address("rw", "tree"));
        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Stderr, Does.Contain("STATUS_OBJECT_NAME_NOT_FOUND"));
    }

    [Test]
    public async Task Put_ReadOnlyShare_FailsWithTheServerStatus()
    {
        string local = Path.Combine(_work, "f.txt");
        File.WriteAllText(local, "file");
        var result = await RunAsync("put", local, _server.Address("ro", "f.txt"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Stderr, Does.Contain("STATUS_ACCESS_DENIED").And.Contain(@"\ro\f.txt"));
        Assert.That(File.Exists(Path.Combine(_readOnlyFolder, "f.txt")), Is.False);
    }
}
