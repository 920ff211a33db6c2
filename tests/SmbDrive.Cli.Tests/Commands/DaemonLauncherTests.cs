using SmbDrive.CommandLine;
using SmbDrive.Commands;
using SmbDrive.Configuration;

namespace SmbDrive.Cli.Tests.Commands;

public class DaemonLauncherTests
{
    [Test]
    public void ChildArguments_UserLogon_DropsDaemonAddsPasswordStdinAndAbsolutePaths()
    {
        var args = ArgumentParser.Parse(["mount", "--daemon", "//h/s", "mnt", "--user", "bob", "--credentials", "creds",
            "--uid", "1000", "--Vfs:CacheMemoryMB=64", "--allow-other"]);

        var child = DaemonLauncher.ChildArguments(args, ResolvedCredentials.User("bob", "", "pw"), "mnt", "/home/bob");

        Assert.That(child, Is.EqualTo(new[]
        {
            "--user", "bob", "--credentials", "/home/bob/creds", "--uid", "1000", "--allow-other", "--password-stdin",
            "--Vfs:CacheMemoryMB=64", "--", "mount", "//h/s", "/home/bob/mnt",
        }));
        Assert.That(child, Has.None.EqualTo("pw"), "the password goes over standard input only");
    }

    [Test]
    public void ChildArguments_Guest_HasNoPasswordStdin()
    {
        var args = ArgumentParser.Parse(["mount", "//h/s", "/mnt/x", "--guest", "--daemon"]);

        var child = DaemonLauncher.ChildArguments(args, ResolvedCredentials.Guest, "/mnt/x", "/");

        Assert.That(child, Is.EqualTo(new[] { "--guest", "--", "mount", "//h/s", "/mnt/x" }));
    }

    [Test]
    public void ChildArguments_ParsedAgain_GiveTheSameCommand()
    {
        var args = ArgumentParser.Parse(["mount", "//h/s", "-", "--daemon", "--guest"]);

        var reparsed = ArgumentParser.Parse(DaemonLauncher.ChildArguments(args, ResolvedCredentials.Guest, "/mnt/-", "/"));

        Assert.That(reparsed.Command, Is.EqualTo("mount"));
        Assert.That(reparsed.Operands, Is.EqualTo(new[] { "//h/s", "/mnt/-" }));
        Assert.That(reparsed.Has("daemon"), Is.False);
    }
}
