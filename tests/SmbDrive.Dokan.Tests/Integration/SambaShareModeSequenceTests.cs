using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Smb;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Integration;

/// <summary>Two PCs on one share: two drives, each on its own SMB session to Samba, each behind its own callback layer
/// and simulated driver. Share modes that a Windows caller asks for at CreateFile, and byte-range locks it takes, bind
/// the other PC's opens, reads and locks; bytes are compared with the share's disk.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SambaShareModeSequenceTests
{
    private const string ShareName = "rw";
    private const int SharingViolation = unchecked((int)0xC0000043);
    private const int FileLockConflict = unchecked((int)0xC0000054);
    private const int LockNotGranted = unchecked((int)0xC0000055);
    private const int ErrorSharingViolation = 32, ErrorLockViolation = 33;

    /// <summary>CreateFile(GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING): a legacy program that lets no one write its file.</summary>
    private static readonly CreateArgs ReadDenyingWrite = new(IoRequest.FileGenericRead, IoRequest.ShareRead, IoRequest.Open,
        IoRequest.NonDirectoryFile | IoRequest.SynchronousIoNonAlert);

    /// <summary>CreateFile(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING): denies deleting only.</summary>
    private static readonly CreateArgs ReadDenyingDelete = new(IoRequest.FileGenericRead, IoRequest.ShareRead | IoRequest.ShareWrite,
        IoRequest.Open, IoRequest.NonDirectoryFile | IoRequest.SynchronousIoNonAlert);

    /// <summary>CreateFile(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | WRITE | DELETE, OPEN_EXISTING).</summary>
    private static readonly CreateArgs ReadWriteSharingAll = new(IoRequest.FileGenericRead | IoRequest.FileGenericWrite,
        IoRequest.ShareAll, IoRequest.Open, IoRequest.NonDirectoryFile | IoRequest.SynchronousIoNonAlert);

    /// <summary>DELETE | READ_ATTRIBUTES with no sharing at all: a rename or delete to come, nothing read.</summary>
    private static readonly CreateArgs DeleteSharingNothing = new(IoRequest.Delete | IoRequest.ReadAttributes | IoRequest.Synchronize, 0,
        IoRequest.Open, IoRequest.NonDirectoryFile | IoRequest.SynchronousIoNonAlert);

    /// <summary>READ_ATTRIBUTES with no sharing: takes no part in sharing, as on NTFS.</summary>
    private static readonly CreateArgs AttributesSharingNothing = IoRequest.QueryAttributes with { ShareAccess = 0 };

    private LocalTree _tree = null!;
    private SambaServer _server = null!;
    private Pc _a = null!;
    private Pc _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        _tree = new LocalTree();
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(ShareName, _tree.Root, ReadOnly: false));
        _server = await SambaServer.StartAsync(options);
    }

    [SetUp]
    public async Task MountAsync()
    {
        // Fresh drives for each test, so that one test's cached blocks and counters do not reach the next.
        _a = await Pc.MountAsync(_server);
        _b = await Pc.MountAsync(_server);
    }

    [TearDown]
    public async Task UnmountAsync()
    {
        var (a, b) = (_a.Leftovers(), _b.Leftovers());
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo((0, 0L, 0)), "drive A: handles left open, unexpected callback failures, leaked contexts");
            Assert.That(b, Is.EqualTo((0, 0L, 0)), "drive B: handles left open, unexpected callback failures, leaked contexts");
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _tree?.Dispose();
    }

    [Test]
    public void ReadOpenSharingReadOnly_OnA_RefusesBsOpenForWriting_UntilAClosesIt()
    {
        var content = PutOnDisk("legacy.dat", 70_000, seed: 1);
        long opensBefore = _a.Drive.Counters.Snapshot().ServerOpens;
        var held = _a.Driver.Create("\\legacy.dat", ReadDenyingWrite);
        Assert.That(held.Status, Is.Zero);
        Assert.That(_a.Drive.Counters.Snapshot().ServerOpens - opensBefore, Is.EqualTo(1), "opened on the server at CreateFile");

        var refused = _b.Driver.Create("\\legacy.dat", ReadWriteSharingAll);
        Assert.That(refused.Status, Is.EqualTo(SharingViolation));
        Assert.That(StatusMap.ToWin32Error(refused.VfsStatus), Is.EqualTo(ErrorSharingViolation));

        // Reading along is what FILE_SHARE_READ allows; both read the server's bytes.
        var reader = _b.Driver.Create("\\legacy.dat", IoRequest.ReadFile);
        Assert.That(reader.Status, Is.Zero);
        Assert.That(_b.Driver.Read(reader.Open!, 1000, 5000).Data, Is.EqualTo(content.AsSpan(1000, 5000).ToArray()));
        Close(_b, reader.Open!);
        long opensAfterCreate = _a.Drive.Counters.Snapshot().ServerOpens;
        Assert.That(_a.Driver.Read(held.Open!, 0, content.Length).Data, Is.EqualTo(content));
        Assert.That(_a.Drive.Counters.Snapshot().ServerOpens, Is.EqualTo(opensAfterCreate), "the reads went through the handle's own open");

        Close(_a, held.Open!);
        var writer = _b.Driver.Create("\\legacy.dat", ReadWriteSharingAll);
        Assert.That(writer.Status, Is.Zero, "A's close let B open for writing");
        var written = _b.Driver.Write(writer.Open!, 10, "BBBB"u8);
        Assert.That(written.Status, Is.Zero);
        Close(_b, writer.Open!);
        "BBBB"u8.CopyTo(content.AsSpan(10));
        Assert.That(File.ReadAllBytes(_tree.FullPath("legacy.dat")), Is.EqualTo(content));
    }

    [Test]
    public void OpenForWritingOnB_RefusesAsReadOpenSharingReadOnly_ButNotAReadOpenSharingEverything()
    {
        var content = PutOnDisk("busy.dat", 4096, seed: 2);
        var writer = _b.Driver.Create("\\busy.dat", ReadWriteSharingAll).Open!;
        try
        {
            var refused = _a.Driver.Create("\\busy.dat", ReadDenyingWrite);
            Assert.That(refused.Status, Is.EqualTo(SharingViolation), "B writes: A cannot keep writers out");

            var reader = _a.Driver.Create("\\busy.dat", IoRequest.ReadFile);
            Assert.That(reader.Status, Is.Zero);
            Assert.That(_a.Driver.Read(reader.Open!, 0, 4096).Data, Is.EqualTo(content));
            Close(_a, reader.Open!);
        }
        finally
        {
            Close(_b, writer);
        }
        var held = _a.Driver.Create("\\busy.dat", ReadDenyingWrite);
        Assert.That(held.Status, Is.Zero, "B's close let A keep writers out");
        Assert.That(_b.Driver.Create("\\busy.dat", ReadWriteSharingAll).Status, Is.EqualTo(SharingViolation));
        Close(_a, held.Open!);
        Assert.That(File.ReadAllBytes(_tree.FullPath("busy.dat")), Is.EqualTo(content));
    }

    [Test]
    public void ReadOpenSharingEverything_StaysLazy_AndIsServedFromTheCache()
    {
        var content = PutOnDisk("explorer.dat", 20_000, seed: 3);
        var first = _a.Driver.Create("\\explorer.dat", IoRequest.ReadFile).Open!;
        Assert.That(_a.Driver.Read(first, 0, content.Length).Data, Is.EqualTo(content));
        Close(_a, first);

        long opensBefore = _a.Drive.Counters.Snapshot().ServerOpens;
        var second = _a.Driver.Create("\\explorer.dat", IoRequest.ReadFile).Open!;
        Assert.That(_a.Driver.Read(second, 0, content.Length).Data, Is.EqualTo(content));
        Close(_a, second);
        Assert.That(_a.Drive.Counters.Snapshot().ServerOpens, Is.EqualTo(opensBefore), "no server open for a cached read sharing everything");

        // Nothing on the server, so nothing refuses B.
        var reader = _a.Driver.Create("\\explorer.dat", IoRequest.ReadFile).Open!;
        var writer = _b.Driver.Create("\\explorer.dat", ReadWriteSharingAll);
        Assert.That(writer.Status, Is.Zero);
        Close(_b, writer.Open!);
        Close(_a, reader);
    }

    [Test]
    public void AttributesOnlyOpenSharingNothing_RefusesNoOne_AndMakesNoServerOpen()
    {
        PutOnDisk("attrs.dat", 100, seed: 4);
        long opensBefore = _a.Drive.Counters.Snapshot().ServerOpens;
        var attributes = _a.Driver.Create("\\attrs.dat", AttributesSharingNothing);
        Assert.That(attributes.Status, Is.Zero);
        Assert.That(_a.Drive.Counters.Snapshot().ServerOpens, Is.EqualTo(opensBefore));
        var writer = _b.Driver.Create("\\attrs.dat", ReadWriteSharingAll);
        Assert.That(writer.Status, Is.Zero, "an open without data access takes no part in sharing");
        Close(_b, writer.Open!);
        Close(_a, attributes.Open!);
    }

    [Test]
    public void DeleteOpenSharingNothing_RefusesBsWriter_AndStillRenamesThroughTheDrive()
    {
        var content = PutOnDisk("old.dat", 3000, seed: 5);
        var mover = _a.Driver.Create("\\old.dat", DeleteSharingNothing);
        Assert.That(mover.Status, Is.Zero);
        Assert.That(_b.Driver.Create("\\old.dat", ReadWriteSharingAll).Status, Is.EqualTo(SharingViolation));

        // The drive renames by name with an open of its own, which the handle's server open must not refuse.
        Assert.That(_a.Driver.MoveFile(mover.Open!, "\\new.dat"), Is.Zero);
        Close(_a, mover.Open!);
        Assert.That(File.Exists(_tree.FullPath("old.dat")), Is.False);
        Assert.That(File.ReadAllBytes(_tree.FullPath("new.dat")), Is.EqualTo(content));
        var writer = _b.Driver.Create("\\new.dat", ReadWriteSharingAll);
        Assert.That(writer.Status, Is.Zero, "A's close let B open for writing");
        Close(_b, writer.Open!);
    }

    [Test]
    public void ReadOpenSharingReadOnly_AfterThisPcsOwnWriterWasCleanedUp_GoesAhead()
    {
        var content = PutOnDisk("saved.dat", 3000, seed: 7);
        var writer = _a.Driver.Create("\\saved.dat", ReadWriteSharingAll).Open!;
        Assert.That(_a.Driver.Write(writer, 0, "AAAA"u8).Status, Is.Zero);
        "AAAA"u8.CopyTo(content);
        // The application closed its handle; CloseFile (and the end of the server open) waits for the cache manager.
        _a.Driver.Cleanup(writer);

        var reader = _a.Driver.Create("\\saved.dat", ReadDenyingWrite);
        Assert.That(reader.Status, Is.Zero, "Windows no longer counts the cleaned-up handle, so its server open must not refuse");
        Assert.That(_a.Driver.Read(reader.Open!, 0, content.Length).Data, Is.EqualTo(content));
        _a.Driver.Close(writer);
        Close(_a, reader.Open!);
        Assert.That(File.ReadAllBytes(_tree.FullPath("saved.dat")), Is.EqualTo(content));
    }

    [Test]
    public void LockFileOnA_ConflictsWithBsLockFile_AndBsReadFileGetsTheLockViolation()
    {
        var content = PutOnDisk("ledger.dat", 8192, seed: 6);
        var a = _a.Driver.Create("\\ledger.dat", ReadWriteSharingAll).Open!;
        var bOpen = _b.Driver.Create("\\ledger.dat", ReadDenyingDelete);
        Assert.That(bOpen.Status, Is.Zero);
        var b = bOpen.Open!;
        try
        {
            Assert.That(_a.Driver.LockFile(a, 100, 50), Is.Zero);

            int lockStatus = _b.Driver.LockFile(b, 120, 1);
            Assert.That(lockStatus, Is.EqualTo(LockNotGranted));
            Assert.That(StatusMap.ToWin32Error((VfsStatus)(uint)lockStatus), Is.EqualTo(ErrorLockViolation));

            var inRange = _b.Driver.Read(b, 110, 10);
            Assert.That(inRange.Status, Is.EqualTo(FileLockConflict));
            Assert.That(StatusMap.ToWin32Error((VfsStatus)(uint)inRange.Status), Is.EqualTo(ErrorLockViolation));
            Assert.That(_b.Driver.Read(b, 0, 100).Data, Is.EqualTo(content.AsSpan(0, 100).ToArray()), "outside the range B reads");

            // A, the holder, writes in its range; once it lets go, B reads what A wrote.
            Assert.That(_a.Driver.Write(a, 120, "AAAA"u8).Status, Is.Zero);
            Assert.That(_a.Driver.UnlockFile(a, 100, 50), Is.Zero);
            "AAAA"u8.CopyTo(content.AsSpan(120));
            Assert.That(_b.Driver.Read(b, 110, 20).Data, Is.EqualTo(content.AsSpan(110, 20).ToArray()));
            Assert.That(_b.Driver.LockFile(b, 120, 1), Is.Zero, "B locks once A let go");
            Assert.That(_a.Driver.LockFile(a, 100, 50), Is.EqualTo(LockNotGranted), "and then A is the one refused");
        }
        finally
        {
            Close(_b, b);
            Close(_a, a);
        }
        Assert.That(File.ReadAllBytes(_tree.FullPath("ledger.dat")), Is.EqualTo(content));
    }

    private static void Close(Pc pc, SimulatedOpen open)
    {
        pc.Driver.Cleanup(open);
        pc.Driver.Close(open);
    }

    private byte[] PutOnDisk(string relative, int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        string path = _tree.FullPath(relative);
        File.WriteAllBytes(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        }
        return content;
    }

    /// <summary>One PC: a drive on its own SMB session, its callback layer and the driver that calls it.</summary>
    private sealed class Pc : IAsyncDisposable
    {
        private Pc(SmbDriveFileSystem drive)
        {
            Drive = drive;
            Dokan = new DokanDrive(drive, new DokanDriveOptions(), Serilog.Core.Logger.None);
            Driver = SimulatedDokanDriver.ForDrive(drive, Dokan, Serilog.Core.Logger.None);
        }

        public SmbDriveFileSystem Drive { get; }
        public DokanDrive Dokan { get; }
        public SimulatedDokanDriver Driver { get; }

        public static async Task<Pc> MountAsync(SambaServer server)
        {
            var address = SmbAddress.Parse(server.Address(ShareName));
            var credentials = SmbCredentials.User(server.User.Name, server.User.Password);
            var drive = await SmbDriveFileSystem.ConnectAsync(
                ct => SmbClient.ConnectShareAsync(address, credentials, new SmbClientOptions(), null, ct),
                new VfsOptions(), Serilog.Core.Logger.None);
            return new Pc(drive);
        }

        public (int OpenHandles, long UnexpectedErrors, int LeakedContexts) Leftovers() =>
            (Drive.OpenHandleCount, Driver.Instance.UnexpectedErrors, Driver.LeakedContexts);

        public async ValueTask DisposeAsync()
        {
            Driver.Dispose();
            Dokan.Dispose();
            await Drive.DisposeAsync();
        }
    }
}
