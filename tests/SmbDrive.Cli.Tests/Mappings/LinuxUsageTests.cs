using SmbDrive.Cli.Tests.Fakes;

namespace SmbDrive.Cli.Tests.Mappings;

/// <summary>The Windows-only persistence options say what to use instead on Linux, and connect to nothing.</summary>
[TestFixture]
[Platform("Linux")]
public class LinuxUsageTests
{
    [TestCase(new[] { "mount", "//nas/media", "/mnt/x", "--guest", "--persistent" }, "/etc/fstab")]
    [TestCase(new[] { "mappings" }, "/etc/fstab")]
    [TestCase(new[] { "unmount", "/mnt/x", "--forget" }, "/etc/fstab")]
    [TestCase(new[] { "ls", "-a", "//nas/media", "--guest" }, "--all")]
    [TestCase(new[] { "unmount", "/mnt/x", "--persistent" }, "unmount does not take --persistent")]
    [TestCase(new[] { "cat", "//nas/media/a", "--guest", "-a" }, "cat does not take --all")]
    public async Task WindowsOnlyOrMisplacedOption_UsageErrorWithoutConnecting(string[] args, string message)
    {
        var console = new TestConsole();

        int code = await console.RunAsync(args);

        Assert.That(code, Is.EqualTo(2), console.StderrText);
        Assert.That(console.StderrText, Does.Contain(message));
        Assert.That(console.Connections, Is.Empty);
    }
}
