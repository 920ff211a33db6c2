using Serilog;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Kerberos;

/// <summary>One MIT realm and two Samba servers for the Kerberos tests: one that accepts the realm's tickets
/// (a plain share and an encrypted one) and one without Kerberos, for the NTLM fallback. The test process's
/// Kerberos library is pointed at the realm (KRB5_CONFIG) and at an empty ticket cache.</summary>
[SetUpFixture]
public sealed class KerberosFixture
{
    public const string Alice = "alice";
    public const string AlicePassword = "Alice-Kerb-Pw-8841";

    public static KerberosRealm Realm { get; private set; } = null!;
    public static SambaServer Kerberized { get; private set; } = null!;
    public static SambaServer NtlmOnly { get; private set; } = null!;
    public static string DataDir { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        KerberosRequirement.RequireRealmAndSamba();
        if (!OperatingSystem.IsLinux()) return; // RequireRealmAndSamba has already ignored or failed
        DataDir = Directory.CreateTempSubdirectory("smbdrive-krbdata-").FullName;
        // The share is served as "nobody", the Unix user Kerberos principals are mapped to.
        File.SetUnixFileMode(DataDir, (UnixFileMode)0b111_101_101);
        TestData.CreateRandomFile(Path.Combine(DataDir, "random.bin"), 3_000_001, 11);
        File.WriteAllText(Path.Combine(DataDir, "hello.txt"), "hello from a Kerberos share\n");
        Realm = await KerberosRealm.StartAsync();
        await Realm.AddUserAsync(Alice, AlicePassword);
        foreach (var host in new[] { "127.0.0.1", "localhost", "srv.smbdrive.test" })
            await Realm.AddServiceAsync($"cifs/{host}");
        Realm.UseInThisProcess();

        var options = Realm.ConfigureSamba(new SambaServerOptions(), Alice);
        options.Shares.Add(new SambaShare("data", DataDir));
        options.Shares.Add(new SambaShare("secret", DataDir, Extra: new Dictionary<string, string> { ["smb encrypt"] = "required" }));
        Kerberized = await SambaServer.StartAsync(options);

        var plain = new SambaServerOptions();
        plain.Shares.Add(new SambaShare("data", DataDir));
        NtlmOnly = await SambaServer.StartAsync(plain);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (NtlmOnly is not null) await NtlmOnly.DisposeAsync();
        if (Kerberized is not null) await Kerberized.DisposeAsync();
        if (Realm is not null) await Realm.DisposeAsync();
        if (DataDir is not null) Directory.Delete(DataDir, recursive: true);
    }

    public static SmbCredentials AliceWithPassword => SmbCredentials.User(Alice, AlicePassword, KerberosRealm.Name);

    public static SmbAddress Address(SambaServer server, string share = "data") => SmbAddress.Parse(server.Address(share));

    public static Task<ISmbShare> ConnectAsync(SmbCredentials credentials, SmbClientOptions options, string share = "data",
        ILogger? log = null, SambaServer? server = null) =>
        SmbClient.ConnectShareAsync(Address(server ?? Kerberized, share), credentials, options, log, CancellationToken.None);

    public static SmbClientOptions KerberosOnly(string? minDialect = null, string? maxDialect = null) => new()
    {
        Authentication = SmbAuthentication.Kerberos,
        MinDialect = minDialect ?? "2.0.2",
        MaxDialect = maxDialect ?? "3.1.1",
        ConnectionsPerShare = 1,
    };

    /// <summary>Reads a whole file of the share and compares it with the server's disk.</summary>
    public static async Task AssertReadsLikeDiskAsync(ISmbShare share, string name)
    {
        string disk = Path.Combine(DataDir, name);
        long size = new FileInfo(disk).Length;
        await using var file = await share.OpenAsync(name, SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[size];
        int total = 0;
        while (total < size)
        {
            int n = await file.ReadAsync(total, buffer.AsMemory(total), 0, CancellationToken.None);
            if (n == 0) break;
            total += n;
        }
        Assert.That(total, Is.EqualTo(size));
        FileComparer.AssertRangeEquals(disk, 0, buffer);
    }
}
