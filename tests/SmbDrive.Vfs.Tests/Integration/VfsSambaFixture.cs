using Serilog;
using Serilog.Core;
using SmbDrive.Smb;
using SmbDrive.TestSupport;

namespace SmbDrive.Vfs.Tests.Integration;

/// <summary>One Samba server for the drive's integration tests: a data share with a 10,000-entry folder and a
/// folder the tests change on disk, a writable share, and a share over the cached random files (four of 512 MiB for the
/// random-read test, one of 1 GiB for the restart test, one of 64 MiB for the sequential test).</summary>
[SetUpFixture]
public sealed class VfsSambaFixture
{
    public const int ManyFiles = 10_000;
    public const long StressFileSize = 512L << 20;
    public const int StressFileCount = 4;
    public const long SequentialFileSize = 64L << 20;
    public const long RestartFileSize = 1L << 30;
    public const int SequentialSeed = 41;
    public const int RestartSeed = 42;
    public const int FirstStressSeed = 50;

    public static SambaServer Server { get; private set; } = null!;
    public static string DataDir { get; private set; } = null!;
    public static string RandomDir { get; private set; } = null!;

    /// <summary>Folder of the writable share "rw".</summary>
    public static string WritableDir { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        DataDir = Path.Combine(Path.GetTempPath(), $"smbdrive-vfstests-{Environment.ProcessId}");
        Directory.CreateDirectory(DataDir);
        TestData.CreateManyFiles(Path.Combine(DataDir, "many"), ManyFiles, "f");
        Directory.CreateDirectory(Path.Combine(DataDir, "changing"));
        for (int i = 0; i < StressFileCount; i++) RandomDir = Path.GetDirectoryName(TestData.CachedRandomFile(StressFileSize, FirstStressSeed + i))!;
        TestData.CachedRandomFile(SequentialFileSize, SequentialSeed);
        TestData.CachedRandomFile(RestartFileSize, RestartSeed);

        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare("data", DataDir));
        options.Shares.Add(new SambaShare("random", RandomDir));
        WritableDir = Path.Combine(Path.GetTempPath(), $"smbdrive-vfstests-rw-{Environment.ProcessId}");
        Directory.CreateDirectory(WritableDir);
        options.Shares.Add(new SambaShare("rw", WritableDir, ReadOnly: false));
        Server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        try { Directory.Delete(WritableDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Name under the "random" share of the cached file of that size and seed.</summary>
    public static string RandomFileName(long size, int seed) => Path.GetFileName(TestData.CachedRandomFile(size, seed));

    /// <summary>A drive over a share of <paramref name="server"/> (the shared one by default), connected
    /// through the real client the way the CLI does it; through a relay on <paramref name="port"/> if given; with
    /// <paramref name="clientOptions"/> if given (a 5-second connect timeout otherwise).</summary>
    public static Task<SmbDriveFileSystem> ConnectDriveAsync(string share, VfsOptions? options = null, SambaServer? server = null,
        ILogger? logger = null, int? port = null, SmbClientOptions? clientOptions = null)
    {
        server ??= Server;
        var address = SmbAddress.Parse(port is null ? server.Address(share) : $"//127.0.0.1:{port}/{share}");
        var credentials = SmbCredentials.User(server.User.Name, server.User.Password);
        clientOptions ??= new SmbClientOptions { ConnectTimeoutSeconds = 5 };
        var log = logger ?? Logger.None;
        return SmbDriveFileSystem.ConnectAsync(
            ct => SmbClient.ConnectShareAsync(address, credentials, clientOptions, log, ct),
            options ?? new VfsOptions(), log);
    }

    /// <summary>Compares bytes read at <paramref name="offset"/> with the SplitMix content of the cached file.</summary>
    public static void AssertRandomContent(ReadOnlySpan<byte> actual, int seed, long offset, string what)
    {
        var expected = TestData.RandomContent(seed, offset, actual.Length);
        int same = actual.CommonPrefixLength(expected);
        if (same != actual.Length)
            Assert.Fail($"{what}: first wrong byte at file offset {offset + same} (read of {actual.Length} at {offset})");
    }
}
