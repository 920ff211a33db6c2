using System.Diagnostics;
using SmbDrive.Cli.Tests.Integration;
using SmbDrive.Fuse;
using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Browse;

/// <summary><c>mount -t smbdrive</c> and an fstab line, through the helper that <c>smbdrive install-mount-helper</c>
/// writes to /sbin (mount(8) looks for helpers there only; an existing one is put back afterwards), against the
/// Samba of <see cref="BrowseServer"/> on its non-default port.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public class MountHelperTests
{
    private const string HelperPath = "/sbin/mount.smbdrive";
    private string? _savedHelper;
    private string _work = "";
    private string _mountPoint = "";
    private string _credentials = "";
    private string _log = "";

    [OneTimeSetUp]
    public async Task InstallHelperAsync()
    {
        if (FuseHost.CheckPrerequisites() is { } missing)
        {
            if (TestEnvironment.IsCi) Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        if (!File.Exists("/usr/bin/mount") && !File.Exists("/bin/mount")) Assert.Fail("mount(8) is missing");
        if (File.Exists(HelperPath))
        {
            _savedHelper = Path.GetTempFileName();
            File.Copy(HelperPath, _savedHelper, overwrite: true);
        }
        var install = await SmbdriveProcess.RunAsync(["install-mount-helper"]);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        Assert.That(install.StdoutText, Is.EqualTo($"installed {HelperPath}\n"));
    }

    [OneTimeTearDown]
    public void RestoreHelper()
    {
        if (_savedHelper is not null)
        {
            File.Copy(_savedHelper, HelperPath, overwrite: true);
            File.Delete(_savedHelper);
        }
        else
        {
            File.Delete(HelperPath);
        }
    }

    [SetUp]
    public void CreateFolders()
    {
        _work = Directory.CreateTempSubdirectory("smbdrive-helper-").FullName;
        _mountPoint = Path.Combine(_work, "mnt");
        Directory.CreateDirectory(_mountPoint);
        _credentials = Path.Combine(_work, "credentials");
        File.WriteAllText(_credentials, $"username={BrowseServer.Server.User.Name}\npassword={BrowseServer.Server.User.Password}\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(_credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _log = Path.Combine(_work, "smbdrive.log");
    }

    [TearDown]
    public async Task CleanUpAsync()
    {
        if (MountTable.IsMounted(_mountPoint)) await Shell.RunAsync("umount", _mountPoint);
        if (!MountTable.IsMounted(_mountPoint)) Directory.Delete(_work, recursive: true);
    }

    private string Options(string extra = "") =>
        $"credentials={_credentials},ro,port={BrowseServer.Server.Port},log={_log}" + extra;

    private static string Source => $"//{BrowseServer.Server.Host}/media";

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout) await Task.Delay(100);
    }

    private async Task AssertMountedReadOnlyAndReadableAsync()
    {
        Assert.That(MountTable.IsMounted(_mountPoint), Is.True);
        Assert.That(MountTable.MountOptions(_mountPoint), Does.Contain("ro"));
        Assert.That(MountTable.TypeAndSource(_mountPoint), Is.EqualTo(("fuse.smbdrive", Source)));
        Assert.That(File.ReadAllBytes(Path.Combine(_mountPoint, "films", "clip.bin")),
            Is.EqualTo(File.ReadAllBytes(Path.Combine(BrowseServer.Server.SharePath("media"), "films", "clip.bin"))));
    }

    [Test]
    public async Task MountTypeSmbdrive_CredentialsFileReadOnlyPort_ReadsThenUmount()
    {
        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o", Options());

        Assert.That(mount.ExitCode, Is.Zero, mount.ToString());
        await AssertMountedReadOnlyAndReadableAsync();
        var write = await Shell.RunAsync("touch", Path.Combine(_mountPoint, "new.txt"));
        Assert.That(write.Stderr, Does.Contain("Read-only file system"));

        var umount = await Shell.RunAsync("umount", _mountPoint);
        Assert.That(umount.ExitCode, Is.Zero, umount.ToString());
        Assert.That(MountTable.IsMounted(_mountPoint), Is.False);
        // The daemon logged to the file it was given, and never the password.
        await WaitUntilAsync(() => File.Exists(_log) && File.ReadAllText(_log).Contains("Unmounted"), TimeSpan.FromSeconds(20));
        string log = File.ReadAllText(_log);
        Assert.That(log, Does.Contain("Mounted").And.Contain("Unmounted"));
        Assert.That(log, Does.Not.Contain(BrowseServer.Server.User.Password));
    }

    [Test]
    public async Task FstabLine_MountByMountPoint()
    {
        string fstab = Path.Combine(_work, "fstab");
        File.WriteAllText(fstab, $"# test fstab\n{Source} {_mountPoint} smbdrive {Options(",_netdev,nofail,noauto")} 0 0\n");

        var mount = await Shell.RunAsync("mount", "-T", fstab, _mountPoint);

        Assert.That(mount.ExitCode, Is.Zero, mount.ToString());
        await AssertMountedReadOnlyAndReadableAsync();
        Assert.That((await Shell.RunAsync("umount", _mountPoint)).ExitCode, Is.Zero);
    }

    [Test]
    public async Task MountTypeSmbdrive_PasswordNeverOnACommandLine()
    {
        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o", Options());
        Assert.That(mount.ExitCode, Is.Zero, mount.ToString());

        foreach (string cmdline in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists))
        {
            string text;
            try { text = File.ReadAllText(cmdline); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            Assert.That(text, Does.Not.Contain(BrowseServer.Server.User.Password), cmdline);
        }
    }

    [Test]
    public async Task MountTypeSmbdrive_OwnershipAndModes_ReportedByStat()
    {
        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o",
            Options(",uid=1234,gid=root,file_mode=0640,dir_mode=0750,allow_other"));
        Assert.That(mount.ExitCode, Is.Zero, mount.ToString());

        var file = await Shell.RunAsync("stat", "-c", "%u %g %a", Path.Combine(_mountPoint, "films", "clip.bin"));
        var folder = await Shell.RunAsync("stat", "-c", "%u %g %a", Path.Combine(_mountPoint, "films"));

        Assert.That(file.Stdout, Is.EqualTo("1234 0 640\n"), file.ToString());
        Assert.That(folder.Stdout, Is.EqualTo("1234 0 750\n"), folder.ToString());
        Assert.That(MountTable.MountOptions(_mountPoint), Does.Contain("ro"));
        Assert.That(MountTable.SuperOptions(_mountPoint), Does.Contain("allow_other"));
    }

    [Test]
    public async Task MountTypeSmbdrive_UnknownOption_ErrorNamesIt()
    {
        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o", Options(",bogus_opt=3"));

        Assert.That(mount.ExitCode, Is.Not.Zero);
        Assert.That(mount.Stderr, Does.Contain("unknown mount option 'bogus_opt'"));
        Assert.That(MountTable.IsMounted(_mountPoint), Is.False);
    }

    [Test]
    public async Task MountTypeSmbdrive_PasswordOption_Refused()
    {
        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o", Options(",password=hunter2x"));

        Assert.That(mount.ExitCode, Is.Not.Zero);
        Assert.That(mount.Stderr, Does.Contain("password=").And.Contain("credentials=FILE").And.Not.Contain("hunter2x"));
    }

    [Test]
    public async Task MountTypeSmbdrive_MissingCredentialsFile_ErrorNamesTheFile()
    {
        string missing = Path.Combine(_work, "no-such-credentials");

        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o",
            $"credentials={missing},port={BrowseServer.Server.Port},log={_log}");

        Assert.That(mount.ExitCode, Is.Not.Zero);
        Assert.That(mount.Stderr, Does.Contain($"credentials file {missing}"));
        Assert.That(MountTable.IsMounted(_mountPoint), Is.False);
    }

    [Test]
    public async Task MountTypeSmbdrive_MalformedCredentialsFile_ErrorNamesFileAndLineNotTheSecret()
    {
        File.WriteAllText(_credentials, $"username={BrowseServer.Server.User.Name}\nsecret-line-7e1\n");

        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o", Options());

        Assert.That(mount.ExitCode, Is.Not.Zero);
        Assert.That(mount.Stderr, Does.Contain($"credentials file {_credentials}, line 2"));
        Assert.That(mount.Stderr, Does.Not.Contain("secret-line-7e1"));
    }

    [Test]
    public async Task MountTypeSmbdrive_WrongPasswordInCredentialsFile_LogonFailure()
    {
        File.WriteAllText(_credentials, $"username={BrowseServer.Server.User.Name}\npassword=wrong-9d4\n");

        var mount = await Shell.RunAsync("mount", "-t", "smbdrive", Source, _mountPoint, "-o", Options());

        Assert.That(mount.ExitCode, Is.EqualTo(32), mount.ToString());
        Assert.That(mount.Stderr, Does.Contain("STATUS_LOGON_FAILURE").And.Not.Contain("wrong-9d4"));
        Assert.That(MountTable.IsMounted(_mountPoint), Is.False);
    }
}
