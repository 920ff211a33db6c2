using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Harness;

/// <summary>Each test owns its servers: signing variants, restart on the same port, crash clean-up, servers side by side.</summary>
[TestFixture]
[Category("Integration")]
public sealed class SambaServerLifecycleTests
{
    private const string Share = "data";
    private const string FileName = "file.bin";
    private const int FileSize = 256 * 1024 + 3;

    private string _scratch = null!;

    [SetUp]
    public void SetUp()
    {
        SambaRequirement.RequireSambaAndSmbClient();
        _scratch = Directory.CreateTempSubdirectory("smbdrive-harness-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        if (_scratch is not null && Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Test]
    public async Task StartAsync_SigningMandatory_SmbClientSignsEvenWhenItWouldNotAndGetsSameBytes()
    {
        var options = OneShare();
        options.Global["server signing"] = "mandatory";
        await using var server = await SambaServer.StartAsync(options);
        var onDisk = PutFile(server, seed: 11);

        var probe = await SmbClientTool.RunAsync(server, Share, server.User, "ls", ["--option=client signing=disabled", "-d5"]);
        await SmbClientTool.GetFileAsync(server, Share, server.User, FileName, Local("signed.bin"));

        Assert.That(probe.ExitCode, Is.Zero, "smbclient ls failed");
        Assert.That(SambaServerTests.SignedMessagesAfterTreeConnect(probe), Is.GreaterThan(0), "the server did not make signing mandatory");
        FileComparer.AssertRangeEquals(onDisk, 0, await File.ReadAllBytesAsync(Local("signed.bin")));
    }

    [Test]
    public async Task StartAgainAsync_AfterStopAsync_ServesOnSamePortWithSameFiles()
    {
        await using var server = await SambaServer.StartAsync(OneShare());
        var onDisk = PutFile(server, seed: 12);
        var port = server.Port;

        await server.StopAsync();
        var refusedWhileStopped = !SambaServerTests.AcceptsConnections(port);
        var runningWhileStopped = server.IsRunning;
        await server.StartAgainAsync();
        await SmbClientTool.GetFileAsync(server, Share, server.User, FileName, Local("again.bin"));

        Assert.That(refusedWhileStopped, Is.True, "the port still accepted connections after StopAsync");
        Assert.That(runningWhileStopped, Is.False);
        Assert.That(server.Port, Is.EqualTo(port));
        Assert.That(server.IsRunning, Is.True);
        FileComparer.AssertRangeEquals(onDisk, 0, await File.ReadAllBytesAsync(Local("again.bin")));
    }

    [Test]
    public async Task Kill_ThenDispose_LeavesNoProcessAndNoFolder()
    {
        var server = await SambaServer.StartAsync(OneShare());
        string root;
        string config;
        IReadOnlyList<int> before;
        try
        {
            root = server.RootDirectory;
            config = server.ConfigPath;
            // Listing shares makes smbd start its RPC helpers (samba-dcerpcd, rpcd_*) in a session of their own.
            var list = await CommandRunner.RunAsync(
                SambaRequirement.SmbClientPath,
                ["--configfile=/dev/null", "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-L", server.Host, "-N"]);
            Assert.That(list.StandardOutput, Does.Contain(Share), "share listing failed: " + list.StandardError);
            before = ProcessTable.FindByCommandLine(config);

            server.Kill();
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.That(before, Has.Count.GreaterThan(1), "expected smbd and its helpers to be running before Kill");
        Assert.That(ProcessTable.FindByCommandLine(config), Is.Empty);
        Assert.That(Directory.Exists(root), Is.False);
    }

    [Test]
    public async Task Kill_ThenStartAgainAsync_RecoversFromCrash()
    {
        await using var server = await SambaServer.StartAsync(OneShare());
        var onDisk = PutFile(server, seed: 13);

        server.Kill();
        var afterKill = ProcessTable.FindByCommandLine(server.ConfigPath);
        await server.StartAgainAsync();
        await SmbClientTool.GetFileAsync(server, Share, server.User, FileName, Local("crash.bin"));

        Assert.That(afterKill, Is.Empty);
        FileComparer.AssertRangeEquals(onDisk, 0, await File.ReadAllBytesAsync(Local("crash.bin")));
    }

    [Test]
    public async Task StartAsync_TwoServers_RunSideBySideOnTheirOwnPortsAndFolders()
    {
        var starting = new[] { SambaServer.StartAsync(OneShare()), SambaServer.StartAsync(OneShare()) };
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync();
            }

            throw;
        }

        await using var first = starting[0].Result;
        await using var second = starting[1].Result;
        var firstFile = PutFile(first, seed: 21);
        var secondFile = PutFile(second, seed: 22);

        await Task.WhenAll(
            SmbClientTool.GetFileAsync(first, Share, first.User, FileName, Local("first.bin")),
            SmbClientTool.GetFileAsync(second, Share, second.User, FileName, Local("second.bin")));

        Assert.That(first.Port, Is.Not.EqualTo(second.Port));
        Assert.That(first.RootDirectory, Is.Not.EqualTo(second.RootDirectory));
        Assert.That(first.User.Password, Is.Not.EqualTo(second.User.Password));
        FileComparer.AssertRangeEquals(firstFile, 0, await File.ReadAllBytesAsync(Local("first.bin")));
        FileComparer.AssertRangeEquals(secondFile, 0, await File.ReadAllBytesAsync(Local("second.bin")));
    }

    private static SambaServerOptions OneShare()
    {
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(Share));
        return options;
    }

    private static string PutFile(SambaServer server, int seed)
    {
        var path = Path.Combine(server.SharePath(Share), FileName);
        TestData.CreateRandomFile(path, FileSize, seed);
        return path;
    }

    private string Local(string name) => Path.Combine(_scratch, name);
}
