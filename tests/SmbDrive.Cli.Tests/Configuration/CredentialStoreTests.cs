using System.Runtime.InteropServices;
using SmbDrive.Cli.Tests.Fakes;
using SmbDrive.CommandLine;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Configuration;

/// <summary>--save-credentials and the Windows Credential Manager. The real CredRead/CredWrite calls run on
/// Windows only; here the resolver is tested with an in-memory store and the native layout is pinned.</summary>
public class CredentialStoreTests
{
    private static readonly SmbAddress Address = new("server", 4455, "share", "");

    private sealed class MemoryStore : ICredentialStore
    {
        public readonly Dictionary<(string, string), string> Items = new();
        public string? TryReadPassword(string target, string user) => Items.TryGetValue((target, user), out var p) ? p : null;
        public void SavePassword(string target, string user, string password) => Items[(target, user)] = password;
    }

    private static ResolvedCredentials Resolve(string[] args, ICredentialStore? store, Dictionary<string, string>? env = null) =>
        new CredentialResolver(n => env is not null && env.TryGetValue(n, out var v) ? v : null, new FakePrompt(false),
                new StringReader(""), new CollectingSink().CreateLogger(), store)
            .Resolve(ArgumentParser.Parse(["ls", "//server:4455/share", .. args]), Address, Path.GetTempPath());

    [Test]
    public void Resolve_NoPasswordElsewhere_TakesTheStoredOne()
    {
        var store = new MemoryStore();
        store.Items[("SmbDrive:server:4455", @"CORP\alice")] = "stored-pw";
        var credentials = Resolve(["--user", @"CORP\alice"], store);
        Assert.That(credentials.Password, Is.EqualTo("stored-pw"));
    }

    [Test]
    public void Resolve_EnvironmentPassword_WinsOverTheStore()
    {
        var store = new MemoryStore();
        store.Items[("SmbDrive:server:4455", "alice")] = "stored-pw";
        var credentials = Resolve(["--user", "alice"], store, new() { ["SMBDRIVE_PASSWORD"] = "env-pw" });
        Assert.That(credentials.Password, Is.EqualTo("env-pw"));
    }

    [Test]
    public void Resolve_StoredPasswordOfAnotherUser_NotUsed()
    {
        var store = new MemoryStore();
        store.Items[("SmbDrive:server:4455", "bob")] = "bobs-pw";
        var e = Assert.Throws<UsageException>(() => Resolve(["--user", "alice"], store));
        Assert.That(e!.Message, Does.Contain("no password"));
    }

    [Test]
    public void Resolve_SaveCredentialsWithoutCredentialManager_ClearUsageError()
    {
        var e = Assert.Throws<UsageException>(() => Resolve(["--user", "alice", "--save-credentials"], store: null,
            new() { ["SMBDRIVE_PASSWORD"] = "pw" }));
        Assert.That(e!.Message, Does.Contain("Windows Credential Manager"));
    }

    [Test]
    public void NativeCredential_X64Layout_MatchesWincred()
    {
        // CREDENTIALW on x64 (wincred.h): 80 bytes; the offsets CredRead/CredWrite rely on.
        Assert.That(Marshal.SizeOf<NativeCredential>(), Is.EqualTo(80));
        Assert.That(Marshal.OffsetOf<NativeCredential>(nameof(NativeCredential.TargetName)), Is.EqualTo((nint)8));
        Assert.That(Marshal.OffsetOf<NativeCredential>(nameof(NativeCredential.LastWritten)), Is.EqualTo((nint)24));
        Assert.That(Marshal.OffsetOf<NativeCredential>(nameof(NativeCredential.CredentialBlobSize)), Is.EqualTo((nint)32));
        Assert.That(Marshal.OffsetOf<NativeCredential>(nameof(NativeCredential.CredentialBlob)), Is.EqualTo((nint)40));
        Assert.That(Marshal.OffsetOf<NativeCredential>(nameof(NativeCredential.Persist)), Is.EqualTo((nint)48));
        Assert.That(Marshal.OffsetOf<NativeCredential>(nameof(NativeCredential.UserName)), Is.EqualTo((nint)72));
    }
}
