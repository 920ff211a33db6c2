using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.CommandLine;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Configuration;

public class CredentialResolverTests
{
    private static readonly SmbAddress Address = new("server", 445, "share", "");
    private readonly Dictionary<string, string> _variables = new();
    private string _folder = "";

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("smbdrive-cred-").FullName;
        _variables.Clear();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private ResolvedCredentials Resolve(string[] args, FakePrompt? prompt = null, string stdin = "", CollectingSink? sink = null) =>
        new CredentialResolver(n => _variables.TryGetValue(n, out var v) ? v : null, prompt ?? new FakePrompt(false),
                new StringReader(stdin), (sink ?? new CollectingSink()).CreateLogger())
            .Resolve(ArgumentParser.Parse(["ls", "//server/share", .. args]), Address, _folder);

    private string WriteFile(string text, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        string path = Path.Combine(_folder, "creds");
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
        return path;
    }

    [Test]
    public void Resolve_UserAndEnvironmentPassword_GivesThatLogon()
    {
        _variables["SMBDRIVE_PASSWORD"] = "env-pw";

        var credentials = Resolve(["--user", @"CORP\alice"]);

        Assert.That(credentials.Kind, Is.EqualTo(SmbLogonKind.User));
        Assert.That((credentials.Domain, credentials.UserName, credentials.Password), Is.EqualTo(("CORP", "alice", "env-pw")));
    }

    [Test]
    public void Resolve_UserAtDomain_SplitsTheDomain()
    {
        _variables["SMBDRIVE_PASSWORD"] = "pw";

        var credentials = Resolve(["--user", "alice@corp.example"]);

        Assert.That((credentials.Domain, credentials.UserName), Is.EqualTo(("corp.example", "alice")));
    }

    [Test]
    public void Resolve_UserFromEnvironment_IsUsedWithoutUserOption()
    {
        _variables["SMBDRIVE_USER"] = "carol";
        _variables["SMBDRIVE_PASSWORD"] = "pw";

        Assert.That(Resolve([]).UserName, Is.EqualTo("carol"));
    }

    [Test]
    public void Resolve_CredentialsFile_ReadsUserPasswordAndDomain()
    {
        string path = WriteFile("# comment\nusername=bob\npassword= spaced pass \ndomain=WORKGROUP\n");

        var credentials = Resolve(["--credentials", path]);

        Assert.That((credentials.Domain, credentials.UserName, credentials.Password), Is.EqualTo(("WORKGROUP", "bob", " spaced pass ")));
    }

    [Test]
    public void Resolve_CredentialsFileAndEnvironmentPassword_TheFileWins()
    {
        _variables["SMBDRIVE_PASSWORD"] = "env-pw";
        string path = WriteFile("username=bob\npassword=file-pw\n");

        Assert.That(Resolve(["--credentials", path]).Password, Is.EqualTo("file-pw"));
    }

    [Test]
    public void Resolve_CredentialsFileWithoutPassword_FallsBackToEnvironment()
    {
        _variables["SMBDRIVE_PASSWORD"] = "env-pw";
        string path = WriteFile("username=bob\n");

        Assert.That(Resolve(["--credentials", path]).Password, Is.EqualTo("env-pw"));
    }

    [Test]
    public void Resolve_PasswordStdin_ReadsTheFirstLine()
    {
        _variables["SMBDRIVE_PASSWORD"] = "env-pw";

        Assert.That(Resolve(["--user", "bob", "--password-stdin"], stdin: "from-stdin\nignored\n").Password, Is.EqualTo("from-stdin"));
    }

    [Test]
    public void Resolve_NoPasswordButATerminal_PromptsWithoutTheSecretInThePrompt()
    {
        var prompt = new FakePrompt(canPrompt: true, answer: "typed-pw");

        var credentials = Resolve(["--user", "bob"], prompt);

        Assert.That(credentials.Password, Is.EqualTo("typed-pw"));
        Assert.That(prompt.Prompts, Is.EqualTo(new[] { @"Password for bob on \\server\share: " }));
    }

    [Test]
    public void Resolve_NoPasswordAndNoTerminal_ThrowsInsteadOfGuest()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(["--user", "bob"]));

        Assert.That(error!.Message, Is.EqualTo(
            "no password for user bob: set SMBDRIVE_PASSWORD, use --credentials FILE or --password-stdin, or run in a terminal"));
    }

    [Test]
    public void Resolve_NoUserAtAll_ThrowsNoCredentials()
    {
        _variables["SMBDRIVE_PASSWORD"] = "pw";

        var error = Assert.Throws<UsageException>(() => Resolve([]));

        Assert.That(error!.Message, Does.StartWith("no credentials: pass --user [DOMAIN\\]NAME"));
        Assert.That(error.Message, Does.Contain("--anonymous or --guest"));
    }

    [Test]
    public void Resolve_AnonymousAndGuest_AreOnlyGivenWhenAskedFor()
    {
        Assert.That(Resolve(["--anonymous"]).Kind, Is.EqualTo(SmbLogonKind.Anonymous));
        Assert.That(Resolve(["--guest"]).Kind, Is.EqualTo(SmbLogonKind.Guest));
    }

    [Test]
    public void Resolve_GuestWithUser_Throws()
    {
        Assert.Throws<UsageException>(() => Resolve(["--guest", "--user", "bob"]));
    }

    [Test]
    public void Resolve_MissingCredentialsFile_ThrowsNamingTheFile()
    {
        var error = Assert.Throws<UsageException>(() => Resolve(["--credentials", "nope"]));

        Assert.That(error!.Message, Does.StartWith($"credentials file {Path.Combine(_folder, "nope")}"));
    }

    [Test]
    public void Resolve_MalformedCredentialsLine_ThrowsWithLineNumberButNotItsText()
    {
        string path = WriteFile("username=bob\nhunter2-on-its-own\n");

        var error = Assert.Throws<UsageException>(() => Resolve(["--credentials", path]));

        Assert.That(error!.Message, Is.EqualTo($"credentials file {path}, line 2: expected key=value"));
    }

    [Test]
    public void Resolve_CredentialsFileReadableByOthers_LogsAWarning()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("Unix permissions only");
        string path = WriteFile("username=bob\npassword=Zq9-secret\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var sink = new CollectingSink();

        Resolve(["--credentials", path], sink: sink);

        var warning = sink.Messages(Serilog.Events.LogEventLevel.Warning).Single();
        Assert.That(warning, Does.Contain(path).And.Contain("chmod 600").And.Contain("644"));
        Assert.That(warning, Does.Not.Contain("Zq9-secret"));
    }

    [Test]
    public void Resolve_CredentialsFileOwnerOnly_LogsNothing()
    {
        string path = WriteFile("username=bob\npassword=pw\n");
        var sink = new CollectingSink();

        Resolve(["--credentials", path], sink: sink);

        Assert.That(sink.Events, Is.Empty);
    }

    [Test]
    public void ToString_UserLogon_NeverShowsThePassword()
    {
        var credentials = ResolvedCredentials.User("bob", "CORP", "Sup3rSecret");

        Assert.That(credentials.ToString(), Is.EqualTo(@"CORP\bob"));
        Assert.That(credentials.ToSmbCredentials().ToString(), Is.EqualTo(@"CORP\bob"));
    }
}
