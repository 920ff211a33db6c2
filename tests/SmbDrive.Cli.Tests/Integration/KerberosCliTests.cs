using System.Diagnostics;
using SmbDrive.Fuse;
using SmbDrive.TestSupport;

namespace SmbDrive.Cli.Tests.Integration;

/// <summary>The built smbdrive logging on with Kerberos against a real MIT KDC and an smbd that accepts its
/// tickets: ls, cat, get and mount from a kinit ticket cache and from user@REALM with a password, compared with
/// the files on disk; and each Kerberos failure as one line with exit code 4.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public class KerberosCliTests
{
    private const string Alice = "alice";
    private const string AlicePassword = "Cli-Kerb-Pw-5520";
    private KerberosRealm _realm = null!;
    private SambaServer _server = null!;
    private SambaServer? _ntlmOnly;
    private string _shareFolder = "";
    private string _work = "";
    private byte[] _big = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        KerberosRequirement.RequireRealmAndSamba();
        if (!OperatingSystem.IsLinux()) return;
        _shareFolder = Directory.CreateTempSubdirectory("smbdrive-cli-krb-").FullName;
        File.SetUnixFileMode(_shareFolder, (UnixFileMode)0b111_101_101); // served as "nobody"
        Directory.CreateDirectory(Path.Combine(_shareFolder, "folder"));
        File.WriteAllText(Path.Combine(_shareFolder, "folder", "a.txt"), "hello through Kerberos\n");
        _big = new byte[5 * 1024 * 1024 + 321];
        new Random(18).NextBytes(_big);
        File.WriteAllBytes(Path.Combine(_shareFolder, "folder", "big.bin"), _big);

        _realm = await KerberosRealm.StartAsync();
        await _realm.AddUserAsync(Alice, AlicePassword);
        await _realm.AddServiceAsync("cifs/127.0.0.1");
        var options = _realm.ConfigureSamba(new SambaServerOptions(), Alice);
        options.Shares.Add(new SambaShare("private", _shareFolder));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_ntlmOnly is not null) await _ntlmOnly.DisposeAsync();
        if (_server is not null) await _server.DisposeAsync();
        if (_realm is not null) await _realm.DisposeAsync();
        if (_shareFolder.Length > 0) Directory.Delete(_shareFolder, recursive: true);
    }

    [SetUp]
    public void CreateWorkFolder() => _work = Directory.CreateTempSubdirectory("smbdrive-cli-krb-work-").FullName;

    [TearDown]
    public void DeleteWorkFolder() => Directory.Delete(_work, recursive: true);

    private string Cache => Path.Combine(_work, "ccache");

    /// <summary>KRB5_CONFIG for the realm and KRB5CCNAME for this test's cache (which exists only after kinit).</summary>
    private Dictionary<string, string> Kerberos(string? password = null)
    {
        var environment = new Dictionary<string, string>(_realm.Environment) { ["KRB5CCNAME"] = "FILE:" + Cache };
        if (password is not null) environment["SMBDRIVE_PASSWORD"] = password;
        return environment;
    }

    private Task KinitAsync() => _realm.KinitAsync(Alice, AlicePassword, Cache);

    [Test]
    public async Task LsCatGet_WithTheTicketFromKinit_MatchTheDisk()
    {
        await KinitAsync();
        var ls = await SmbdriveProcess.RunAsync(["ls", _server.Address("private", "folder"), "--kerberos"], Kerberos());
        Assert.That(ls.ExitCode, Is.Zero, ls.ToString());
        Assert.That(ls.StdoutText, Does.Contain("a.txt").And.Contain("big.bin"));

        var cat = await SmbdriveProcess.RunAsync(["cat", _server.Address("private", "folder/a.txt"), "--kerberos"], Kerberos());
        Assert.That(cat.ExitCode, Is.Zero, cat.ToString());
        Assert.That(cat.Stdout, Is.EqualTo(File.ReadAllBytes(Path.Combine(_shareFolder, "folder", "a.txt"))));

        string target = Path.Combine(_work, "big.bin");
        var get = await SmbdriveProcess.RunAsync(["get", _server.Address("private", "folder/big.bin"), target, "--kerberos"], Kerberos());
        Assert.That(get.ExitCode, Is.Zero, get.ToString());
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(_big));
    }

    [Test]
    public async Task LsCatGet_WithUserAtRealmAndPassword_NoTicketCache_MatchTheDisk()
    {
        string[] user = ["--user", $"{Alice}@{KerberosRealm.Name}", "--kerberos", "-v"];
        var ls = await SmbdriveProcess.RunAsync(["ls", _server.Address("private", "folder"), .. user], Kerberos(AlicePassword));
        Assert.That(ls.ExitCode, Is.Zero, ls.ToString());
        Assert.That(ls.StdoutText, Does.Contain("a.txt"));

        var cat = await SmbdriveProcess.RunAsync(["cat", _server.Address("private", "folder/a.txt"), .. user], Kerberos(AlicePassword));
        Assert.That(cat.ExitCode, Is.Zero, cat.ToString());
        Assert.That(cat.StdoutText, Is.EqualTo("hello through Kerberos\n"));

        string target = Path.Combine(_work, "big.bin");
        var get = await SmbdriveProcess.RunAsync(["get", _server.Address("private", "folder/big.bin"), target, .. user], Kerberos(AlicePassword));
        Assert.That(get.ExitCode, Is.Zero, get.ToString());
        Assert.That(File.ReadAllBytes(target), Is.EqualTo(_big));

        Assert.That(File.Exists(Cache), Is.False, "a password logon writes no ticket cache");
        Assert.That(get.Stderr, Does.Contain("by Kerberos"), "the debug log says how the session logged on");
        Assert.That(ls.Stderr + cat.Stderr + get.Stderr, Does.Not.Contain(AlicePassword));
    }

    [Test]
    public async Task NoTicket_ExitsFourWithOneLineNamingPrincipalServiceAndRealm()
    {
        var result = await SmbdriveProcess.RunAsync(["ls", _server.Address("private"), "--kerberos"], Kerberos());
        Assert.That(result.ExitCode, Is.EqualTo(4), result.ToString());
        Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(result.Stderr, Does.Contain("no Kerberos ticket").And.Contain("kinit").And.Contain("service cifs/127.0.0.1").And.Contain("realm"));
    }

    [Test]
    public async Task UnknownServicePrincipal_ExitsFour()
    {
        await KinitAsync();
        var result = await SmbdriveProcess.RunAsync(["ls", _server.Address("private"), "--kerberos",
            "--Smb:ServicePrincipalName=cifs/nosuch.smbdrive.test"], Kerberos());
        Assert.That(result.ExitCode, Is.EqualTo(4), result.ToString());
        Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.Stderr);
        Assert.That(result.Stderr, Does.Contain("cifs/nosuch.smbdrive.test").And.Contain("alice@SMBDRIVE.TEST").And.Contain("realm SMBDRIVE.TEST"));
    }

    [Test]
    public async Task KdcDown_ExitsFourWithinSeconds()
    {
        await _realm.StopKdcAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            var result = await SmbdriveProcess.RunAsync(["ls", _server.Address("private"), "--user", $"{Alice}@{KerberosRealm.Name}", "--kerberos"],
                Kerberos(AlicePassword));
            Assert.That(result.ExitCode, Is.EqualTo(4), result.ToString());
            Assert.That(result.StderrLines, Has.Length.EqualTo(1), result.Stderr);
            Assert.That(result.Stderr, Does.Contain("no KDC").And.Contain("alice@SMBDRIVE.TEST").And.Contain("realm SMBDRIVE.TEST")
                .And.Not.Contain(AlicePassword));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            await _realm.StartKdcAsync();
        }
    }

    [Test]
    public async Task KerberosRequired_NtlmOnlyServer_ExitsFour_NegotiateFallsBackToNtlm()
    {
        var plain = new SambaServerOptions();
        plain.Shares.Add(new SambaShare("private", _shareFolder));
        _ntlmOnly ??= await SambaServer.StartAsync(plain);

        var required = await SmbdriveProcess.RunAsync(["ls", _ntlmOnly.Address("private"), "--user", _ntlmOnly.User.Name, "--kerberos"],
            Kerberos(_ntlmOnly.User.Password));
        Assert.That(required.ExitCode, Is.EqualTo(4), required.ToString());
        Assert.That(required.StderrLines, Has.Length.EqualTo(1), required.Stderr);
        Assert.That(required.Stderr, Does.Contain("offers only NTLM"));

        var negotiate = await SmbdriveProcess.RunAsync(["cat", _ntlmOnly.Address("private", "folder/a.txt"), "--user", _ntlmOnly.User.Name],
            Kerberos(_ntlmOnly.User.Password));
        Assert.That(negotiate.ExitCode, Is.Zero, negotiate.ToString());
        Assert.That(negotiate.StdoutText, Is.EqualTo("hello through Kerberos\n"));
    }

    [Test]
    public async Task MountDaemon_WithTheTicketFromKinit_ServesTheShare()
    {
        if (FuseHost.CheckPrerequisites() is { } missing)
        {
            if (TestEnvironment.IsCi) Assert.Fail(missing);
            Assert.Ignore(missing);
        }
        await KinitAsync();
        string mountPoint = Directory.CreateTempSubdirectory("smbdrive-mnt-krb-").FullName;
        try
        {
            var mount = await SmbdriveProcess.RunAsync(["mount", _server.Address("private"), mountPoint, "--kerberos", "--daemon"], Kerberos());
            Assert.That(mount.ExitCode, Is.Zero, mount.ToString());
            Assert.That(IsMounted(mountPoint), Is.True);
            Assert.That(File.ReadAllBytes(Path.Combine(mountPoint, "folder", "big.bin")), Is.EqualTo(_big));
        }
        finally
        {
            if (IsMounted(mountPoint))
            {
                var unmount = await SmbdriveProcess.RunAsync(["unmount", mountPoint]);
                Assert.That(unmount.ExitCode, Is.Zero, unmount.ToString());
            }
            if (!IsMounted(mountPoint)) Directory.Delete(mountPoint);
        }
    }

    private static bool IsMounted(string path) =>
        File.ReadAllLines("/proc/self/mountinfo").Any(line => line.Split(' ') is { Length: > 4 } f && f[4] == path);
}
