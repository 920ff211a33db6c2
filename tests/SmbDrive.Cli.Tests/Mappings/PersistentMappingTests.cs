using Microsoft.Extensions.Configuration;
using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.CommandLine;
using SmbDrive.Commands;
using SmbDrive.Configuration;
using SmbDrive.Mappings;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Mappings;

/// <summary>The record and restore logic of persistent drive letters (mount --persistent, mappings, unmount
/// --forget), with a temporary mappings file, an in-memory Credential Manager and a fake Run entry. The
/// registry and Dokan calls themselves run on Windows only.</summary>
[TestFixture]
public class PersistentMappingTests
{
    private const string Secret = "pa55-w0rd-61f";
    private string _folder = "";
    private MappingStore _store = null!;
    private MemoryCredentialStore _credentials = null!;
    private FakeStartup _startup = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("smbdrive-mappings-").FullName;
        _store = new MappingStore(Path.Combine(_folder, "smbdrive", "mappings.json"));
        _credentials = new MemoryCredentialStore();
        _startup = new FakeStartup();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private CommandContext Context(params string[] args)
    {
        var parsed = ArgumentParser.Parse(args);
        var console = new TestConsole { CurrentDirectory = _folder };
        return new CommandContext(parsed, console.Build(), new ConfigurationBuilder().Build(), new SmbClientOptions(), Serilog.Core.Logger.None)
        {
            CredentialStore = _credentials,
        };
    }

    private static readonly ResolvedCredentials Alice = ResolvedCredentials.User("alice", "CORP", Secret);

    private Action Record(string drive, string share, ResolvedCredentials who, params string[] flags)
    {
        var context = Context(["mount", share, drive, .. flags]);
        return PersistentMappings.Record(context, SmbAddress.Parse(share), who, drive, _store, _startup);
    }

    [Test]
    public void Record_Undo_PutsBackTheMappingsAndTheRunEntry()
    {
        Record("Z:", "//nas/old", Alice);
        var undo = Record("Z:", "//nas/new", Alice);
        Assert.That(_store.Load().Single().Share, Is.EqualTo(@"\\nas\new"));

        undo();

        Assert.That(_store.Load().Single().Share, Is.EqualTo(@"\\nas\old"));
        Assert.That(_startup.Registered, Is.Not.Null);
    }

    [Test]
    public void Record_UndoOfTheFirstMapping_NoMappingsNoRunEntry()
    {
        var undo = Record("Z:", "//nas/media", Alice);

        undo();

        Assert.That(_store.Load(), Is.Empty);
        Assert.That(_startup.Registered, Is.Null);
    }

    [Test]
    public void Record_SavesPasswordInCredentialManagerOnlyAndRegistersRestore()
    {
        Record("z:", @"\\nas@4455\media", Alice, "--fixed-drive", "--encrypt", "--config", "extra.json", "--Smb:MaxDialect=3.0.2");

        Assert.That(_store.Load(), Is.EqualTo(new[]
        {
            new DriveMapping("Z:", @"\\nas:4455\media", @"CORP\alice",
                ["--fixed-drive", "--encrypt", "--config", Path.Combine(_folder, "extra.json"), "--Smb:MaxDialect=3.0.2"]),
        }).Using<DriveMapping>((a, b) => a.Drive == b.Drive && a.Share == b.Share && a.User == b.User && a.Options.SequenceEqual(b.Options)));
        Assert.That(_credentials.Saved[("SmbDrive:nas:4455", @"CORP\alice")], Is.EqualTo(Secret));
        Assert.That(File.ReadAllText(_store.FilePath), Does.Not.Contain(Secret));
        Assert.That(_startup.Registered, Does.EndWith(" mappings restore").And.StartWith("\""));
    }

    [Test]
    public void Record_SameLetterTwice_Replaced()
    {
        Record("Z:", "//nas/media", Alice);
        Record("Y:", "//nas/docs", Alice);
        Record("Z:", "//other/films", Alice);

        Assert.That(_store.Load().Select(m => (m.Drive, m.Share)), Is.EqualTo(new[] { ("Y:", @"\\nas\docs"), ("Z:", @"\\other\films") }));
    }

    [Test]
    public void Record_GuestMapping_NoUserNoPassword()
    {
        Record("G:", "//nas/public", ResolvedCredentials.Guest, "--guest");

        var mapping = _store.Load().Single();
        Assert.That(mapping.User, Is.Empty);
        Assert.That(MappingRestorer.MountArguments(mapping), Is.EqualTo(new[] { "mount", @"\\nas\public", "G:", "--guest" }));
        Assert.That(_credentials.Saved, Is.Empty);
    }

    [TestCase("/mnt/x")]
    [TestCase("ZZ:")]
    [TestCase("1:")]
    public void Record_NotADriveLetter_UsageError(string drive)
    {
        var e = Assert.Throws<UsageException>(() => Record(drive, "//nas/media", Alice));
        Assert.That(e!.Message, Does.Contain("drive letter"));
        Assert.That(File.Exists(_store.FilePath), Is.False);
    }

    [Test]
    public void Restore_StartsFreeLettersWithSavedPasswordsAndReportsTheRest()
    {
        Record("X:", "//nas/busy", Alice);
        Record("Y:", "//nas/media", Alice);
        Record("Z:", "//nas/docs", ResolvedCredentials.User("bob", "", "x"));
        _credentials.Saved.Remove(("SmbDrive:nas:445", "bob"));
        var started = new List<IReadOnlyList<string>>();
        var restorer = new MappingRestorer(drive => drive == "X:",
            m => SmbAddress.TryParse(m.Share, out var a, out _) && _credentials.TryReadPassword(CredentialTarget.For(a!), m.User) is not null,
            started.Add);

        var results = restorer.Restore(_store.Load());

        Assert.That(results.Select(r => (r.Mapping.Drive, r.Outcome)), Is.EqualTo(new[]
        {
            ("X:", RestoreOutcome.DriveInUse), ("Y:", RestoreOutcome.Started), ("Z:", RestoreOutcome.NoSavedPassword),
        }));
        Assert.That(started, Is.EqualTo(new[] { new[] { "mount", @"\\nas\media", "Y:", "--user", @"CORP\alice" } }));
        Assert.That(results[2].Detail, Does.Contain("--persistent"));
        Assert.That(_store.Load(), Has.Count.EqualTo(3), "mappings that did not come back stay recorded");
    }

    [Test]
    public void Restore_StartFails_ReportedAndTheOthersStillStart()
    {
        Record("Y:", "//nas/a", Alice);
        Record("Z:", "//nas/b", Alice);
        var started = new List<string>();
        var restorer = new MappingRestorer(_ => false, _ => true, args =>
        {
            if (args[2] == "Y:") throw new IOException("cannot start");
            started.Add(args[2]);
        });

        var results = restorer.Restore(_store.Load());

        Assert.That(results.Select(r => r.Outcome), Is.EqualTo(new[] { RestoreOutcome.StartFailed, RestoreOutcome.Started }));
        Assert.That(started, Is.EqualTo(new[] { "Z:" }));
    }

    [Test]
    public void Forget_RemovesOneAndUnregistersWhenNoneLeft()
    {
        Record("Y:", "//nas/a", Alice);
        Record("Z:", "//nas/b", Alice);

        Assert.That(MappingForgetter.Forget(Context("unmount", "z:"), "z:", _store, _startup), Is.True);
        Assert.That(_store.Load().Select(m => m.Drive), Is.EqualTo(new[] { "Y:" }));
        Assert.That(_startup.Registered, Is.Not.Null, "Y: still needs the sign-in entry");

        Assert.That(MappingForgetter.Forget(Context("unmount", "Y:"), "Y:", _store, _startup), Is.True);
        Assert.That(_store.Load(), Is.Empty);
        Assert.That(_startup.Registered, Is.Null);
        Assert.That(MappingForgetter.Forget(Context("unmount", "Y:"), "Y:", _store, _startup), Is.False);
    }

    [Test]
    public void Store_MissingFile_NoMappings()
    {
        Assert.That(_store.Load(), Is.Empty);
    }

    [TestCase("{ not json")]
    [TestCase("{\"version\": 2, \"mappings\": []}")]
    [TestCase("{\"version\": 1, \"mappings\": [{\"drive\": \"ZZ\", \"share\": \"x\", \"user\": \"\", \"options\": []}]}")]
    [TestCase("{\"version\": 1}")]
    public void Store_DamagedFile_ErrorNamingTheFileAndKeepingIt(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_store.FilePath)!);
        File.WriteAllText(_store.FilePath, text);

        var e = Assert.Throws<UsageException>(() => _store.Load());
        Assert.That(e!.Message, Does.StartWith($"mappings file {_store.FilePath}"));
        Assert.Throws<UsageException>(() => _store.Add(new DriveMapping("Z:", @"\\h\s", "", [])));
        Assert.That(File.ReadAllText(_store.FilePath), Is.EqualTo(text));
    }

    [Test]
    public void Format_AlignedColumns()
    {
        var lines = MappingsCommand.Format(
        [
            new DriveMapping("Y:", @"\\nas\media", @"CORP\alice", ["--fixed-drive"]),
            new DriveMapping("Z:", @"\\n\p", "", ["--guest"]),
        ]);

        Assert.That(lines, Is.EqualTo(new[]
        {
            @"Y:  \\nas\media  CORP\alice  --fixed-drive",
            @"Z:  \\n\p        -           --guest",
        }));
    }

    [TestCase("z:", "Z:")]
    [TestCase(@"Z:\", "Z:")]
    [TestCase(" q: ", "Q:")]
    [TestCase("Z", null)]
    [TestCase("/mnt", null)]
    public void NormalizeDrive(string text, string? expected)
    {
        Assert.That(DriveMapping.NormalizeDrive(text), Is.EqualTo(expected));
    }
}
