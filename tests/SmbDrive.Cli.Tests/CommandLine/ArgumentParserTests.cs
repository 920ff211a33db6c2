using SmbDrive.CommandLine;

namespace SmbDrive.Cli.Tests.CommandLine;

public class ArgumentParserTests
{
    [Test]
    public void Parse_OptionsBeforeAndAfterOperands_SeparatesThem()
    {
        var args = ArgumentParser.Parse(["--user", "bob", "get", "//h/s/a.txt", "-v", "out.txt", "--port=4455"]);

        Assert.That(args.Command, Is.EqualTo("get"));
        Assert.That(args.Operands, Is.EqualTo(new[] { "//h/s/a.txt", "out.txt" }));
        Assert.That(args.Value("user"), Is.EqualTo("bob"));
        Assert.That(args.Value("port"), Is.EqualTo("4455"));
        Assert.That(args.Has("verbose"), Is.True);
        Assert.That(args.Has("guest"), Is.False);
    }

    [Test]
    public void Parse_KeyEqualsValueAndKeySpaceValue_GiveTheSameValue()
    {
        var spaced = ArgumentParser.Parse(["ls", "--credentials", "/tmp/c"]);
        var joined = ArgumentParser.Parse(["ls", "--credentials=/tmp/c"]);

        Assert.That(spaced.Value("credentials"), Is.EqualTo("/tmp/c"));
        Assert.That(joined.Value("credentials"), Is.EqualTo("/tmp/c"));
    }

    [Test]
    public void Parse_ValueContainingEquals_KeepsEverythingAfterTheFirstEquals()
    {
        var args = ArgumentParser.Parse(["ls", @"--user=DOM\a=b"]);

        Assert.That(args.Value("user"), Is.EqualTo(@"DOM\a=b"));
    }

    [Test]
    public void Parse_SectionKeyOptions_GoToConfigurationNormalized()
    {
        var args = ArgumentParser.Parse(["ls", "--Smb:MaxDialect=3.0.2", "//h/s", "--Vfs:CacheMemoryMB", "64"]);

        Assert.That(args.ConfigurationArguments, Is.EqualTo(new[] { "--Smb:MaxDialect=3.0.2", "--Vfs:CacheMemoryMB=64" }));
        Assert.That(args.Operands, Is.EqualTo(new[] { "//h/s" }));
    }

    [Test]
    public void Parse_LoneDashAndDoubleDash_AreOperands()
    {
        var args = ArgumentParser.Parse(["get", "//h/s/a", "-", "--", "--not-an-option"]);

        Assert.That(args.Operands, Is.EqualTo(new[] { "//h/s/a", "-", "--not-an-option" }));
    }

    [Test]
    public void Parse_RepeatedOption_LastOneWins()
    {
        var args = ArgumentParser.Parse(["ls", "--user", "a", "--user", "b"]);

        Assert.That(args.Value("user"), Is.EqualTo("b"));
    }

    [Test]
    public void Parse_UnknownOption_ThrowsUsageNamingIt()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentParser.Parse(["ls", "--frobnicate"]));

        Assert.That(error!.Message, Is.EqualTo("unknown option --frobnicate"));
    }

    [Test]
    public void Parse_PasswordOption_IsRefusedWithoutEchoingTheValue()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentParser.Parse(["ls", "--password=Sup3rSecret!"]));

        Assert.That(error!.Message, Does.Contain("--password"));
        Assert.That(error.Message, Does.Not.Contain("Sup3rSecret!"));
    }

    [Test]
    public void Parse_UnknownOptionWithValue_DoesNotEchoTheValue()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentParser.Parse(["ls", "--pass=Sup3rSecret!"]));

        Assert.That(error!.Message, Does.Not.Contain("Sup3rSecret!"));
    }

    [Test]
    public void Parse_ValueOptionAtTheEnd_ThrowsNeedsAValue()
    {
        var error = Assert.Throws<UsageException>(() => ArgumentParser.Parse(["ls", "//h/s", "--user"]));

        Assert.That(error!.Message, Is.EqualTo("--user needs a value"));
    }

    [Test]
    public void Parse_FlagWithValue_Throws()
    {
        Assert.Throws<UsageException>(() => ArgumentParser.Parse(["ls", "--guest=yes"]));
    }

    [TestCase("0")]
    [TestCase("65536")]
    [TestCase("12ab")]
    [TestCase("-1")]
    public void IntValue_OutOfRangeOrNotANumber_ThrowsUsage(string text)
    {
        var args = ArgumentParser.Parse(["ls", "--port", text]);

        Assert.Throws<UsageException>(() => args.IntValue("port", 1, 65535));
    }

    [Test]
    public void IntValue_InRange_ReturnsIt()
    {
        Assert.That(ArgumentParser.Parse(["ls", "--port", "4455"]).IntValue("port", 1, 65535), Is.EqualTo(4455));
    }
}
