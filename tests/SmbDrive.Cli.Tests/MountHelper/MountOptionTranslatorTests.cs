using SmbDrive.CommandLine;
using SmbDrive.MountHelper;

namespace SmbDrive.Cli.Tests.MountHelper;

/// <summary>mount(8)'s helper command line and -o options, turned into smbdrive mount arguments.</summary>
[TestFixture]
public class MountOptionTranslatorTests
{
    private string _folder = "";
    private UserDatabase _users = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("smbdrive-opts-").FullName;
        File.WriteAllText(Path.Combine(_folder, "passwd"), "root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\n");
        File.WriteAllText(Path.Combine(_folder, "group"), "root:x:0:\nmedia:x:2002:alice\n");
        _users = new UserDatabase(Path.Combine(_folder, "passwd"), Path.Combine(_folder, "group"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private IReadOnlyList<string> Translate(string options, bool devLog = false, params string[] flags) =>
        new MountOptionTranslator(_users, path => devLog && path == MountOptionTranslator.DevLog)
            .Translate(MountHelperArguments.Parse(["//nas/media", "/mnt/media", .. flags, "-o", options]), "/work");

    [Test]
    public void Translate_EveryTableOption()
    {
        var args = Translate("credentials=creds,username=alice,domain=CORP,port=4455,ro,uid=alice,gid=media,file_mode=0640,dir_mode=750,allow_other,_netdev,nofail,log=/var/log/m.log");

        Assert.That(args, Is.EqualTo(new[]
        {
            "mount", "//nas/media", "/mnt/media", "--daemon",
            "--port", "4455", "--uid", "1001", "--gid", "2002", "--file-mode", "0640", "--dir-mode", "750", "--allow-other",
            "--user", @"CORP\alice", "--credentials", "/work/creds", "--Vfs:ReadOnly=true",
            "--Serilog:MinimumLevel:Default=Information",
            "--Serilog:WriteTo:File:Name=File", "--Serilog:WriteTo:File:Args:path=/var/log/m.log",
            "--Serilog:WriteTo:File:Args:outputTemplate={Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}",
        }));
    }

    [Test]
    public void Translate_RwAfterRo_LastWins()
    {
        Assert.That(Translate("ro,rw"), Does.Contain("--Vfs:ReadOnly=false").And.Not.Contain("--Vfs:ReadOnly=true"));
    }

    [Test]
    public void Translate_NumericIds_Kept()
    {
        var args = Translate("uid=0,gid=33");
        Assert.That(args, Is.SupersetOf(new[] { "--uid", "0", "--gid", "33" }));
    }

    [Test]
    public void Translate_DevLogPresent_SyslogByDefault()
    {
        Assert.That(Translate("ro", devLog: true), Does.Contain("--Daemon:Syslog=true"));
        Assert.That(Translate("log=syslog"), Does.Contain("--Daemon:Syslog=true"));
    }

    [Test]
    public void Translate_NoDevLog_DefaultLogFile()
    {
        Assert.That(Translate("ro"), Does.Contain($"--Serilog:WriteTo:File:Args:path={MountOptionTranslator.DefaultLogFile}"));
    }

    [Test]
    public void Translate_GenericOptionsOfMount_Accepted()
    {
        var args = Translate("defaults,noauto,user,nosuid,nodev,noexec,relatime,x-systemd.automount,comment=x,_netdev,nofail");
        Assert.That(args.Take(4), Is.EqualTo(new[] { "mount", "//nas/media", "/mnt/media", "--daemon" }));
        Assert.That(args, Has.None.StartsWith("--user"));
    }

    [Test]
    public void Translate_Verbose_AddsVerbose()
    {
        Assert.That(Translate("ro", false, "-v"), Does.Contain("--verbose"));
    }

    [TestCase("bogus", "unknown mount option 'bogus'")]
    [TestCase("ro=1", "unknown mount option 'ro'")]
    [TestCase("port=0", "port= expects a number from 1 to 65535, not '0'")]
    [TestCase("port=44a", "port= expects a number")]
    [TestCase("port=", "port= needs a value")]
    [TestCase("uid=nosuchuser", "uid=: no user named 'nosuchuser'")]
    [TestCase("gid=nosuchgroup", "gid=: no group named 'nosuchgroup'")]
    [TestCase("file_mode=0999", "file_mode= expects an octal mode")]
    [TestCase("dir_mode=17777", "dir_mode= expects an octal mode")]
    [TestCase("domain=CORP", "domain= needs username=")]
    [TestCase("credentials", "credentials= needs a value")]
    public void Translate_BadOption_ErrorNamesIt(string options, string message)
    {
        var e = Assert.Throws<UsageException>(() => Translate(options));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [TestCase("password=s3cr3t-x")]
    [TestCase("pass=s3cr3t-x")]
    public void Translate_Password_RefusedWithoutEchoingIt(string options)
    {
        var e = Assert.Throws<UsageException>(() => Translate(options));
        Assert.That(e!.Message, Does.Contain("credentials=FILE").And.Not.Contain("s3cr3t-x"));
    }

    [Test]
    public void Translate_Sloppy_IgnoresUnknownButNotBadValues()
    {
        Assert.That(Translate("bogus,ro", false, "-s"), Does.Contain("--Vfs:ReadOnly=true"));
        Assert.Throws<UsageException>(() => Translate("port=x", false, "-s"));
    }

    [Test]
    public void Translate_DomainWithCredentialsFileUser()
    {
        File.WriteAllText(Path.Combine(_folder, "creds"), "username=bob\npassword=pw\n");

        var args = new MountOptionTranslator(_users, _ => false).Translate(
            MountHelperArguments.Parse(["//nas/media", "/mnt", "-o", "credentials=creds,domain=CORP"]), _folder);

        Assert.That(args, Is.SupersetOf(new[] { "--user", @"CORP\bob" }));
    }

    [Test]
    public void Parse_HelperCommandLine_FlagsTypeAndSeveralO()
    {
        var parsed = MountHelperArguments.Parse(["//h/s", "/m", "-sfnv", "-o", "ro", "-orw", "-t", "smbdrive"]);

        Assert.That(parsed, Is.EqualTo(parsed with { Source = "//h/s", MountPoint = "/m", Fake = true, Verbose = true, Sloppy = true }));
        Assert.That(parsed.Options, Is.EqualTo(new[] { "ro", "rw" }));
    }

    [TestCase(new[] { "//h/s" }, "usage: mount.smbdrive")]
    [TestCase(new[] { "//h/s", "/m", "-t", "cifs" }, "not 'cifs'")]
    [TestCase(new[] { "//h/s", "/m", "-N", "1" }, "-N")]
    [TestCase(new[] { "//h/s", "/m", "-x" }, "unknown flag -x")]
    [TestCase(new[] { "//h/s", "/m", "-o" }, "-o needs a value")]
    public void Parse_BadHelperCommandLine_Usage(string[] args, string message)
    {
        var e = Assert.Throws<UsageException>(() => MountHelperArguments.Parse(args));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public void InstallScript_ExecsThisSmbdriveAsTheHelper()
    {
        string script = InstallMountHelperCommand.Script();

        Assert.That(script, Does.StartWith("#!/bin/sh\n"));
        Assert.That(script, Does.Contain(InstallMountHelperCommand.Quote(Environment.ProcessPath!)).And.EndWith(" mount.smbdrive \"$@\"\n"));
        Assert.That(InstallMountHelperCommand.Quote("/opt/it's"), Is.EqualTo(@"'/opt/it'\''s'"));
    }
}
