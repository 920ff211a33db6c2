using SmbDrive.CommandLine;

namespace SmbDrive.Cli.Tests.CommandLine;

public class CommandDefinitionTests
{
    [Test]
    public void Validate_TooManyOperands_ThrowsWithTheSynopsis()
    {
        var args = ArgumentParser.Parse(["ls", "//h/s", "extra"]);

        var error = Assert.Throws<UsageException>(() => CommandTable.Find("ls")!.Validate(args));

        Assert.That(error!.Message, Is.EqualTo("usage: smbdrive ls //HOST[:PORT][/SHARE[/PATH]] [options]"));
    }

    [Test]
    public void Validate_MountOptionOnLs_Throws()
    {
        var args = ArgumentParser.Parse(["ls", "//h/s", "--daemon"]);

        var error = Assert.Throws<UsageException>(() => CommandTable.Find("ls")!.Validate(args));

        Assert.That(error!.Message, Is.EqualTo("ls does not take --daemon"));
    }

    [Test]
    public void Validate_ConnectionAndMountOptionsOnMount_Pass()
    {
        var args = ArgumentParser.Parse(["mount", "//h/s", "/mnt/x", "--user", "u", "--uid", "1000", "--allow-other", "-v"]);

        Assert.DoesNotThrow(() => CommandTable.Find("mount")!.Validate(args));
    }

    [Test]
    public void Find_Umount_IsUnmount()
    {
        Assert.That(CommandTable.Find("umount")!.Name, Is.EqualTo("unmount"));
    }
}
