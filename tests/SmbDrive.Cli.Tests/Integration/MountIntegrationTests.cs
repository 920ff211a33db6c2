using System.Diagnostics;
using SmbDrive.Fuse;
using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Integration;

/// <summary>smbdrive mount / unmount through FUSE against a real Samba: the files read through the mount point
/// must be the files on disk behind the share.</summary>
[TestFixture(false)]
[TestFixture(true)]
[Category("Integration")]
[NonParallelizable]
public class MountIntegrationTests
{
    // The same mount tests over SMB 2/3 and, for legacy servers, over SMB1 against an NT1-only Samba (--smb1).
    private readonly bool _smb1;

    public MountIntegrationTests(bool smb1) => _smb1 = smb1;

    private SambaServer _server = null!;
    private string _shareFolder = "";
    private string _mountPoint = "";
    private byte[] _data = [];

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        SambaRequirement.RequireSamba();
        if (FuseHost.CheckPrerequisites() is { } missing)
        {
            if (TestEnvironment.IsCi) Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        _shareFolder = Directory.CreateTempSubdirectory("smbdrive-mount-share-").FullName;
        _data = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(_data);
        Directory.CreateDirectory(Path.Combine(_shareFolder, "dir"));
        File.WriteAllBytes(Path.Combine(_shareFolder, "dir", "data.bin"), _data);
        var options = new SambaServerOptions();
        if (_smb1)
        {
            options.Global["server min protocol"] = "NT1";
            options.Global["server max protocol"] = "NT1";
        }
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
    public void CreateMountPoint() => _mountPoint = Directory.CreateTempSubdirectory("smbdrive-mnt-").FullName;

    [TearDown]
    public async Task RemoveMountPointAsync()
    {
        if (IsMounted(_mountPoint)) await SmbdriveProcess.RunAsync(["unmount", _mountPoint]);
        if (!IsMounted(_mountPoint)) Directory.Delete(_mountPoint);
    }

    private string[] Smb1Option => _smb1 ? ["--smb1"] : [];

    private Dictionary<string, string> Password => new() { ["SMBDRIVE_PASSWORD"] = _server.User.Password };

    [Test]
    public async Task MountDaemon_ReturnsOnceMountedAndServesTheShare()
    {
        var mount = await SmbdriveProcess.RunAsync(
            ["mount", _server.Address("private"), _mountPoint, "--user", _server.User.Name, "--daemon", .. Smb1Option], Password);

        Assert.That(mount.ExitCode, Is.Zero, mount.ToString());
        Assert.That(IsMounted(_mountPoint), Is.True, "mounted when mount --daemon returned");
        Assert.That(File.ReadAllBytes(Path.Combine(_mountPoint, "dir", "data.bin")), Is.EqualTo(_data));
        Assert.That(mount.StdoutText + mount.Stderr, Does.Not.Contain(_server.User.Password));

        var unmount = await SmbdriveProcess.RunAsync(["unmount", _mountPoint]);

        Assert.That(unmount.ExitCode, Is.Zero, unmount.ToString());
        Assert.That(IsMounted(_mountPoint), Is.False);
    }

    [Test]
    public async Task MountForeground_ServesUntilUnmountedThenExitsZero()
    {
        using var process = SmbdriveProcess.Start(
            ["mount", _server.Address("private"), _mountPoint, "--user", _server.User.Name, .. Smb1Option], Password);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        await WaitUntilAsync(() => IsMounted(_mountPoint) || process.HasExited, TimeSpan.FromSeconds(30));
        Assert.That(IsMounted(_mountPoint), Is.True, () => "not mounted: " + (process.HasExited ? stderr.Result : "still starting"));

        Assert.That(Directory.GetFileSystemEntries(_mountPoint).Select(Path.GetFileName), Is.EqualTo(new[] { "dir" }));
        Assert.That(File.ReadAllBytes(Path.Combine(_mountPoint, "dir", "data.bin")), Is.EqualTo(_data));
        var unmount = await SmbdriveProcess.RunAsync(["unmount", _mountPoint]);

        Assert.That(unmount.ExitCode, Is.Zero, unmount.ToString());
        Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "the mount process ended after unmount");
        Assert.That(process.ExitCode, Is.Zero, await stderr);
    }

    [Test]
    public async Task MountDaemon_WrongPassword_FailsInTheForegroundWithTheStatus()
    {
        var mount = await SmbdriveProcess.RunAsync(
            ["mount", _server.Address("private"), _mountPoint, "--user", _server.User.Name, "--daemon", .. Smb1Option],
            new Dictionary<string, string> { ["SMBDRIVE_PASSWORD"] = "not-the-password-91c" });

        Assert.That(mount.ExitCode, Is.EqualTo(4), mount.ToString());
        Assert.That(mount.StderrLines, Has.Length.EqualTo(1), mount.Stderr);
        Assert.That(mount.Stderr, Does.Contain("STATUS_LOGON_FAILURE").And.Not.Contain("not-the-password-91c"));
        Assert.That(IsMounted(_mountPoint), Is.False);
    }

    [Test]
    public async Task Unmount_NotMounted_ExitsOneWithOneLine()
    {
        var result = await SmbdriveProcess.RunAsync(["unmount", _mountPoint]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StderrLines, Is.EqualTo(new[] { $"smbdrive: '{_mountPoint}' is not mounted." }));
    }

    private static bool IsMounted(string path) =>
        File.ReadAllLines("/proc/self/mountinfo").Any(line => line.Split(' ') is { Length: > 4 } f && f[4] == path);

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout) await Task.Delay(100);
    }
}
