using System.Text.RegularExpressions;
using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.CommandLine;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.CommandLine;

[NonParallelizable]
public class ProgramTests
{
    private const string Secret = "Pa55-w0rd!unique";

    private static IEnumerable<TestCaseData> UsageErrors()
    {
        string[][] cases =
        [
            [],
            ["frobnicate"],
            ["ls"],
            ["cat", "//h/s"],
            ["get", "//h/s/a"],
            ["ls", "not-an-address", "--guest"],
            ["ls", "//h/s", "--bogus"],
            ["ls", "//h/s", "--guest", "--anonymous"],
            ["ls", "//h/s", "--guest", "--Smb:MaxDialect=9.9"],
            ["ls", "//h/s", "--guest", "--Smb:NoSuchKey=1"],
            ["ls", "//h/s", "--guest", "--port", "0"],
            ["mount", "//h/s/sub", "/tmp", "--guest"],
            ["mount", "//h/s", "/tmp", "--guest", "--Vfs:BlockSizeKB=3"],
            ["unmount"],
        ];
        return cases.Select(c => new TestCaseData((object)c).SetArgDisplayNames(string.Join(' ', c)));
    }

    [TestCaseSource(nameof(UsageErrors))]
    public async Task RunAsync_UsageError_ExitsTwoWithoutConnecting(string[] args)
    {
        var console = new TestConsole();

        int code = await console.RunAsync(args);

        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(console.Connections, Is.Empty);
        Assert.That(console.StdoutText, Is.Empty);
        Assert.That(console.StderrText, Does.StartWith("smbdrive:").Or.StartWith("usage:"));
    }

    [Test]
    public async Task RunAsync_UsageError_WritesExactlyOneLine()
    {
        var console = new TestConsole();

        await console.RunAsync("ls", "//h/s", "--bogus");

        Assert.That(console.StderrText, Is.EqualTo("smbdrive: unknown option --bogus" + Environment.NewLine));
    }

    [Test]
    public async Task RunAsync_NoCredentialsAndNoTerminal_FailsWithTheCredentialsMessage()
    {
        var console = new TestConsole();

        int code = await console.RunAsync("ls", "//h/s");

        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(console.StderrText, Does.StartWith("smbdrive: no credentials: pass --user"));
        Assert.That(console.Connections, Is.Empty);
    }

    [Test]
    public async Task RunAsync_Help_PrintsUsageToStdoutAndExitsZero()
    {
        var console = new TestConsole();

        int code = await console.RunAsync("--help");

        Assert.That(code, Is.Zero);
        Assert.That(console.StdoutText, Does.StartWith("usage: smbdrive"));
        Assert.That(console.StdoutText, Does.Contain("smbdrive get //HOST[:PORT]/SHARE/PATH LOCALFILE"));
        Assert.That(console.StderrText, Is.Empty);
    }

    [TestCase("--version")]
    [TestCase("version")]
    public async Task RunAsync_Version_PrintsTheVersionFromDirectoryBuildProps(string arg)
    {
        var console = new TestConsole();

        int code = await console.RunAsync(arg);

        Assert.That(code, Is.Zero);
        Assert.That(console.StdoutText, Does.StartWith($"smbdrive {ProductVersion()}"));
        Assert.That(console.StdoutText, Does.EndWith("\n"));
    }

    [Test]
    public async Task RunAsync_LogonRefused_OneLineExitFourAndNoPassword()
    {
        var console = new TestConsole { ConnectError = new SmbStatusException(NtStatus.STATUS_LOGON_FAILURE, @"\\server\share") };
        console.Variables["SMBDRIVE_PASSWORD"] = Secret;
        var capturedLogs = new StringWriter();
        var originalError = Console.Error;
        Console.SetError(capturedLogs);
        int code;
        try
        {
            code = await console.RunAsync("ls", "//server/share", "--user", "bob", "--verbose");
        }
        finally
        {
            Console.SetError(originalError);
        }

        Assert.That(code, Is.EqualTo(ExitCodes.Authentication));
        Assert.That(console.StderrText, Does.EndWith(@"smbdrive: \\server\share: STATUS_LOGON_FAILURE" + Environment.NewLine));
        Assert.That(console.StdoutText + console.StderrText + capturedLogs, Does.Not.Contain(Secret));
        Assert.That(console.Connections.Single().Credentials.UserName, Is.EqualTo("bob"));
    }

    [Test]
    public async Task RunAsync_FailureWithoutVerbose_PrintsNoStackTrace()
    {
        var console = new TestConsole { ConnectError = new SmbConnectionException(@"\\server: connection refused") };
        console.Variables["SMBDRIVE_PASSWORD"] = Secret;

        int code = await console.RunAsync("ls", "//server/share", "--user", "bob");

        Assert.That(code, Is.EqualTo(ExitCodes.Connection));
        Assert.That(console.StderrText, Is.EqualTo(@"smbdrive: \\server: connection refused" + Environment.NewLine));
    }

    [Test]
    public async Task RunAsync_FailureWithVerbose_PrintsTheStackTraceThenTheLine()
    {
        var console = new TestConsole { ConnectError = new SmbConnectionException(@"\\server: connection refused") };

        int code = await console.RunAsync("ls", "//server/share", "--guest", "-v");

        Assert.That(code, Is.EqualTo(ExitCodes.Connection));
        Assert.That(console.StderrText, Does.Contain("SmbConnectionException"));
        Assert.That(console.StderrText.TrimEnd(), Does.EndWith(@"smbdrive: \\server: connection refused"));
    }

    [Test]
    public async Task RunAsync_PortOptionAndBackslashAddress_ConnectsToThatPortAndPath()
    {
        var console = new TestConsole();
        console.Share.AddFolder("docs");

        int code = await console.RunAsync("ls", @"\\server\share\docs", "--anonymous", "--port", "4455");

        Assert.That(code, Is.Zero);
        var (address, credentials, _) = console.Connections.Single();
        Assert.That(address, Is.EqualTo(new SmbAddress("server", 4455, "share", "docs")));
        Assert.That(credentials.Kind, Is.EqualTo(SmbLogonKind.Anonymous));
    }

    [Test]
    public async Task RunAsync_EncryptAndSmb1Shortcuts_ReachTheClientOptions()
    {
        var console = new TestConsole();

        await console.RunAsync("ls", "//server/share", "--guest", "--encrypt", "--smb1");

        var options = console.Connections.Single().Options;
        Assert.That(options.RequireEncryption, Is.True);
        Assert.That(options.AllowSmb1, Is.True);
    }

    /// <summary>Reads Version from Directory.Build.props, the one place the product version is set.</summary>
    private static string ProductVersion()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Directory.Build.props"))) folder = folder.Parent;
        Assert.That(folder, Is.Not.Null, "Directory.Build.props not found above the test folder");
        string props = File.ReadAllText(Path.Combine(folder!.FullName, "Directory.Build.props"));
        return Regex.Match(props, "<Version>([^<]+)</Version>").Groups[1].Value;
    }
}
