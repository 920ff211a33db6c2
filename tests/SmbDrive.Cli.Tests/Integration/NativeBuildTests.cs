using System.Diagnostics;
using System.Runtime.InteropServices;
using SmbDrive.Fuse;
using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Integration;

/// <summary>The native (Native AOT) build of smbdrive, which the benchmarks and the README recommend on Linux for
/// its start-up time. Trimming can silently drop what reflection needs, so this publishes that build from the
/// sources and checks, against a real Samba, the parts that depend on it: settings binding (generated code),
/// Serilog configured from settings (sinks found by reflection), reading bytes, and FUSE callbacks.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public class NativeBuildTests
{
    private string _work = "";
    private string _executable = "";
    private string _shareFolder = "";
    private byte[] _data = [];
    private SambaServer _server = null!;

    [OneTimeSetUp]
    public async Task PublishAndStartServerAsync()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
            Assert.Ignore("the native build is tested on linux-x64");
        SambaRequirement.RequireSamba();
        _work = Directory.CreateTempSubdirectory("smbdrive-native-").FullName;
        _executable = await PublishNativeAsync(_work);

        _shareFolder = Directory.CreateTempSubdirectory("smbdrive-native-share-").FullName;
        _data = new byte[5 * 1024 * 1024 + 3];
        new Random(11).NextBytes(_data);
        File.WriteAllBytes(Path.Combine(_shareFolder, "data.bin"), _data);
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("native", _shareFolder));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        if (_shareFolder.Length > 0) Directory.Delete(_shareFolder, recursive: true);
        if (_work.Length > 0) Directory.Delete(_work, recursive: true);
    }

    private Dictionary<string, string> Password => new() { ["SMBDRIVE_PASSWORD"] = _server.User.Password };

    private Task<SmbdriveProcess.Result> RunAsync(params string[] args) =>
        SmbdriveProcess.RunAsync(args, Password, executable: _executable);

    [Test]
    public async Task Cat_ReturnsTheFileOnTheServersDisk()
    {
        var result = await RunAsync("cat", _server.Address("native") + "/data.bin", "--user", _server.User.Name);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Stdout, Is.EqualTo(File.ReadAllBytes(Path.Combine(_shareFolder, "data.bin"))));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task Settings_AreBoundByTheGeneratedBinder()
    {
        var result = await RunAsync("ls", _server.Address("native"), "--user", _server.User.Name, "--verbose",
            "--Smb:MaxDialect=2.1");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StdoutText, Does.Contain("data.bin"));
        // The verbose console sink is configured by Serilog.Settings.Configuration, the dialect by the binder.
        Assert.That(result.Stderr, Does.Contain("DBG").And.Contain("Negotiated SMB 2.1"));
    }

    [Test]
    public async Task UnknownSetting_IsAUsageError()
    {
        var result = await RunAsync("ls", _server.Address("native"), "--user", _server.User.Name, "--Smb:MaxDialekt=2.1");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Stderr, Does.Contain("MaxDialekt"));
    }

    [Test]
    public async Task FileSinkFromSettings_WritesTheLogWithoutThePassword()
    {
        string logFolder = Path.Combine(_work, "logs-" + Guid.NewGuid().ToString("N"));
        string config = Path.Combine(_work, "logging.json");
        File.WriteAllText(config, $$"""
            { "Serilog": { "MinimumLevel": { "Default": "Debug" }, "WriteTo": { "File": { "Name": "File",
              "Args": { "path": "{{logFolder}}/smbdrive-.log", "rollingInterval": "Day" } } } } }
            """);

        var result = await RunAsync("ls", _server.Address("native"), "--user", _server.User.Name, "--config", config);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string[] files = Directory.Exists(logFolder) ? Directory.GetFiles(logFolder) : [];
        Assert.That(files, Has.Length.EqualTo(1), "one rolling log file");
        string log = File.ReadAllText(files[0]);
        Assert.That(log, Does.Contain("Connecting to").And.Contain(_server.User.Name));
        Assert.That(log, Does.Not.Contain(_server.User.Password));
    }

    [Test]
    public async Task Mount_ServesTheShareThroughFuse()
    {
        if (FuseHost.CheckPrerequisites() is { } missing)
        {
            if (TestEnvironment.IsCi) Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        string mountPoint = Directory.CreateTempSubdirectory("smbdrive-native-mnt-").FullName;
        try
        {
            var mount = await RunAsync("mount", _server.Address("native"), mountPoint, "--user", _server.User.Name, "--daemon");
            Assert.That(mount.ExitCode, Is.Zero, mount.ToString());

            Assert.That(File.ReadAllBytes(Path.Combine(mountPoint, "data.bin")), Is.EqualTo(_data));

            var unmount = await RunAsync("unmount", mountPoint);
            Assert.That(unmount.ExitCode, Is.Zero, unmount.ToString());
        }
        finally
        {
            if (IsMounted(mountPoint)) Process.Start("fusermount3", ["-uz", mountPoint])?.WaitForExit(10_000);
            if (!IsMounted(mountPoint)) Directory.Delete(mountPoint);
        }
    }

    private static bool IsMounted(string path) =>
        File.ReadAllLines("/proc/self/mountinfo").Any(line => line.Split(' ') is { Length: > 4 } f && f[4] == path);

    /// <summary>Publishes src/SmbDrive natively into <paramref name="work"/>, with its own intermediate folders so
    /// that it cannot disturb the build the other tests run from.</summary>
    private static async Task<string> PublishNativeAsync(string work)
    {
        string project = Path.Combine(RepositoryRoot(), "src", "SmbDrive", "SmbDrive.csproj");
        string output = Path.Combine(work, "out");
        var start = new ProcessStartInfo(SmbdriveProcess.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
                     "--artifacts-path", Path.Combine(work, "artifacts"), "-o", output, "-nologo" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(cancel.Token);
        string executable = Path.Combine(output, "smbdrive");
        Assert.That(process.ExitCode, Is.Zero, $"native publish failed:\n{await stdout}\n{await stderr}");
        Assert.That(File.Exists(executable), Is.True, $"{executable} was not produced");
        return executable;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "SmbDrive.sln"))) return folder.FullName;
        throw new InvalidOperationException("SmbDrive.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
