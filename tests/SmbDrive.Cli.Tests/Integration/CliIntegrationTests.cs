using System.Text.RegularExpressions;
using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Integration;

/// <summary>The built smbdrive, run as its own process, against a real Samba on loopback. Outputs are compared
/// with the files on disk behind the share.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public class CliIntegrationTests
{
    private static readonly DateTime FixedTime = new(2026, 11, 23, 20, 15, 3, DateTimeKind.Utc);
    private SambaServer _server = null!;
    private string _shareFolder = "";
    private string _work = "";

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        SambaRequirement.RequireSamba();
        _shareFolder = Directory.CreateTempSubdirectory("smbdrive-cli-share-").FullName;
        string folder = Path.Combine(_shareFolder, "folder");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.WriteAllText(Path.Combine(folder, "a.txt"), "hello from the share\n");
        File.WriteAllBytes(Path.Combine(folder, "big.bin"), RandomBytes(20 * 1024 * 1024 + 12345));
        File.WriteAllBytes(Path.Combine(folder, "empty.dat"), []);
        File.WriteAllText(Path.Combine(folder, "with space ü.txt"), "x");
        foreach (string entry in Directory.EnumerateFileSystemEntries(folder))
            File.SetLastWriteTimeUtc(entry, FixedTime);

        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("private", _shareFolder));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_shareFolder.Length > 0) Directory.Delete(_shareFolder, recursive: true);
    }

    [SetUp]
    public void CreateWorkFolder() => _work = Directory.CreateTempSubdirectory("smbdrive-cli-work-").FullName;

    [TearDown]
    public void DeleteWorkFolder() => Directory.Delete(_work, recursive: true);

    private static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        new Random(20261123).NextBytes(data);
        return data;
    }

    private Dictionary<string, string> Password(string? password = null) =>
        new() { ["SMBDRIVE_PASSWORD"] = password ?? _server.User.Password };

    private Task<SmbdriveProcess.Result> RunAsync(Dictionary<string, string>? environment, params string[] args) =>
        SmbdriveProcess.RunAsync(args, environment, _work);

    private string[] UserArgs => ["--user", _server.User.Name];

    [Test]
    public async Task Ls_Folder_ListsEveryEntryLikeTheDisk()
    {
        var result = await RunAsync(Password(), ["ls", _server.Address("private", "folder"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Is.Empty);
        string[] lines = result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(lines[0], Is.EqualTo("-       21 2026-11-23T20:15:03Z a.txt"));
        Assert.That(lines[1], Is.EqualTo("- 20983865 2026-11-23T20:15:03Z big.bin"));
        Assert.That(lines[2], Is.EqualTo("-        0 2026-11-23T20:15:03Z empty.dat"));
        // A folder's size is whatever the server reports; type, time and name are what matter.
        Assert.That(lines[3], Does.Match(@"^d +\d+ 2026-11-23T20:15:03Z sub$"));
        Assert.That(lines[4], Is.EqualTo("-        1 2026-11-23T20:15:03Z with space ü.txt"));
    }

    [Test]
    public async Task Ls_File_ListsThatFileOnly()
    {
        var result = await RunAsync(Password(), ["ls", _server.Address("private", "folder/a.txt"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutText, Is.EqualTo("- 21 2026-11-23T20:15:03Z a.txt\n"));
    }

    [Test]
    public async Task Ls_BackslashAddress_WorksLikeTheSlashForm()
    {
        string unc = $@"\\{_server.Host}@{_server.Port}\private\folder\a.txt";

        var result = await RunAsync(Password(), ["ls", unc, .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutText, Does.EndWith(" a.txt\n"));
    }

    [Test]
    public async Task Cat_LargeFile_IsByteForByteTheFileOnDisk()
    {
        var result = await RunAsync(Password(), ["cat", _server.Address("private", "folder/big.bin"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Is.EqualTo(File.ReadAllBytes(Path.Combine(_shareFolder, "folder", "big.bin"))));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task Cat_EmptyFile_WritesNothing()
    {
        var result = await RunAsync(Password(), ["cat", _server.Address("private", "folder/empty.dat"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Get_LargeFile_IsByteForByteAndLeavesNoPartFile()
    {
        var result = await RunAsync(Password(), ["get", _server.Address("private", "folder/big.bin"), "copy.bin", .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.ReadAllBytes(Path.Combine(_work, "copy.bin")),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(_shareFolder, "folder", "big.bin"))));
        Assert.That(Directory.GetFiles(_work), Is.EqualTo(new[] { Path.Combine(_work, "copy.bin") }));
        Assert.That(result.Stdout, Is.Empty);
        Assert.That(result.Stderr, Is.Empty, "no progress bar when standard error is not a terminal");
    }

    [Test]
    public async Task Get_ToAFifo_WritesThroughItInPlace()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("mkfifo is tested on Linux");
        string fifo = Path.Combine(_work, "pipe");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        // Opening a FIFO for reading waits for the writer, so the reader runs beside smbdrive.
        var reader = Task.Run(() => File.ReadAllBytes(fifo));

        var result = await RunAsync(Password(), ["get", _server.Address("private", "folder/big.bin"), fifo, .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(await reader.WaitAsync(TimeSpan.FromSeconds(60)),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(_shareFolder, "folder", "big.bin"))));
        Assert.That(Directory.GetFileSystemEntries(_work), Is.EqualTo(new[] { fifo }), "no pipe.part, and the pipe is not replaced");
        Assert.That(SmbDrive.Commands.LocalDestination.IsSpecial(fifo), Is.True, "still a FIFO");
    }

    [Test]
    public async Task Get_ToDevNull_LeavesTheDeviceAlone()
    {
        // Run as root, the .part-and-rename of a regular download once replaced /dev/null with a regular file.
        if (!OperatingSystem.IsLinux()) Assert.Ignore("/dev/null is tested on Linux");

        var result = await RunAsync(Password(), ["get", _server.Address("private", "folder/big.bin"), "/dev/null", .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(SmbDrive.Commands.LocalDestination.IsSpecial("/dev/null"), Is.True, "/dev/null is still a device");
        Assert.That(File.Exists("/dev/null.part"), Is.False);
    }

    [Test]
    public async Task Get_Dash_WritesToStandardOutput()
    {
        var result = await RunAsync(Password(), ["get", _server.Address("private", "folder/a.txt"), "-", .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutText, Is.EqualTo("hello from the share\n"));
    }

    [Test]
    public async Task Get_CredentialsFile_LogsOnWithIt()
    {
        string file = Path.Combine(_work, "creds");
        File.WriteAllText(file, $"username={_server.User.Name}\npassword={_server.User.Password}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await RunAsync(null, ["get", _server.Address("private", "folder/a.txt"), "a.txt", "--credentials", file]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.ReadAllText(Path.Combine(_work, "a.txt")), Is.EqualTo("hello from the share\n"));
    }

    [Test]
    public async Task Ls_WrongPassword_OneLineWithLogonFailureAndNoPassword()
    {
        const string wrong = "Wr0ng-Pa55word-7f3a";

        var result = await RunAsync(Password(wrong), ["ls", _server.Address("private"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.EqualTo(4), result.ToString());
        Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(result.StderrLines[0], Does.StartWith("smbdrive: ").And.Contain("STATUS_LOGON_FAILURE"));
        Assert.That(result.StdoutText + result.Stderr, Does.Not.Contain(wrong));
        Assert.That(result.StdoutText, Is.Empty);
    }

    [Test]
    public async Task Ls_Verbose_NeverShowsThePassword()
    {
        var result = await RunAsync(Password(), ["ls", _server.Address("private", "folder"), "-v", .. UserArgs]);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stderr, Does.Contain("DBG"), "verbose logging reached standard error");
        Assert.That(result.StdoutText + result.Stderr, Does.Not.Contain(_server.User.Password));
    }

    [Test]
    public async Task Ls_MissingShare_OneLineWithBadNetworkName()
    {
        var result = await RunAsync(Password(), ["ls", _server.Address("nosuchshare"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(result.StderrLines[0], Does.StartWith("smbdrive: ").And.Contain("nosuchshare").And.Contain("STATUS_BAD_NETWORK_NAME"));
    }

    [Test]
    public async Task Cat_MissingFile_OneLineWithObjectNameNotFound()
    {
        var result = await RunAsync(Password(), ["cat", _server.Address("private", "nope.txt"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(result.StderrLines[0], Is.EqualTo(
            $@"smbdrive: \\{_server.Host}:{_server.Port}\private\nope.txt: STATUS_OBJECT_NAME_NOT_FOUND"));
        Assert.That(result.Stdout, Is.Empty);
    }

    [Test]
    public async Task Get_MissingFile_LeavesNoLocalFile()
    {
        var result = await RunAsync(Password(), ["get", _server.Address("private", "nope.txt"), "nope.txt", .. UserArgs]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(Directory.GetFileSystemEntries(_work), Is.Empty);
    }

    [Test]
    public async Task Ls_UserWithoutPasswordAndNoTerminal_FailsInsteadOfGuest()
    {
        var result = await RunAsync(null, ["ls", _server.Address("private"), .. UserArgs]);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.StderrLines, Has.Length.EqualTo(1));
        Assert.That(result.StderrLines[0], Does.StartWith($"smbdrive: no password for user {_server.User.Name}"));
    }

    /// <summary>Standard output redirected to a file is shared with the shell: each smbdrive must append where the
    /// previous writer stopped, not write at its own offset.</summary>
    [Test]
    public async Task Cat_TwiceIntoOneRedirectedFile_Concatenates()
    {
        string output = Path.Combine(_work, "both.txt");
        string address = _server.Address("private", "folder/a.txt");

        int code = await ShellAsync($"\"$0\" \"$1\" cat '{address}' --user '{_server.User.Name}'; echo end; " +
            $"\"$0\" \"$1\" cat '{address}' --user '{_server.User.Name}'", output);

        Assert.That(code, Is.Zero);
        Assert.That(File.ReadAllText(output), Is.EqualTo("hello from the share\nend\nhello from the share\n"));
    }

    [Test]
    public async Task Cat_ReaderClosesThePipe_StopsQuietlyWith141()
    {
        string output = Path.Combine(_work, "status.txt");
        string address = _server.Address("private", "folder/big.bin");

        int code = await ShellAsync(
            $"\"$0\" \"$1\" cat '{address}' --user '{_server.User.Name}' 2>stderr.txt | head -c 10 >/dev/null; " +
            "echo ${PIPESTATUS[0]}", output);

        Assert.That(code, Is.Zero);
        Assert.That(File.ReadAllText(output).Trim(), Is.EqualTo("141"));
        Assert.That(File.ReadAllText(Path.Combine(_work, "stderr.txt")), Is.Empty);
    }

    /// <summary>Runs a bash script in the work folder with $0 = dotnet and $1 = smbdrive.dll, stdout to a file.</summary>
    private async Task<int> ShellAsync(string script, string stdoutFile)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/bin/bash") { WorkingDirectory = _work, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec > '{stdoutFile}'; {script}");
        start.ArgumentList.Add(SmbdriveProcess.DotnetHost());
        start.ArgumentList.Add(SmbdriveProcess.DllPath);
        start.Environment["SMBDRIVE_PASSWORD"] = _server.User.Password;
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return process.ExitCode;
    }

    [Test]
    public async Task Version_PrintsOneLine()
    {
        var result = await RunAsync(null, "--version");

        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.StdoutText, Does.Match(@"^smbdrive \d+\.\d+\.\d+\S*\n$"));
    }
}
