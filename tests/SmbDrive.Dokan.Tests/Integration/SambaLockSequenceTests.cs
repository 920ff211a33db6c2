using SmbDrive.Dokan.Native;
using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Smb;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Integration;

/// <summary>Sharing modes and byte-range locks taken through the simulated driver and the callback layer reach Samba,
/// where another client (a second drive on its own connection) meets them; bytes are compared with the share's disk.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SambaLockSequenceTests
{
    private const string ShareName = "rw";
    private const int LockNotGranted = unchecked((int)0xC0000055);
    private const int RangeNotLocked = unchecked((int)0xC000007E);
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>CreateFile(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | WRITE | DELETE, OPEN_EXISTING).</summary>
    private static readonly CreateArgs ReadWriteSharingAll = new(IoRequest.FileGenericRead | IoRequest.FileGenericWrite,
        IoRequest.ShareAll, IoRequest.Open, IoRequest.NonDirectoryFile | IoRequest.SynchronousIoNonAlert);

    private LocalTree _tree = null!;
    private SambaServer _server = null!;
    private SmbDriveFileSystem _drive = null!;
    private SmbDriveFileSystem _other = null!;
    private DokanDrive _dokan = null!;
    private SimulatedDokanDriver _driver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        _tree = new LocalTree();
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(ShareName, _tree.Root, ReadOnly: false));
        _server = await SambaServer.StartAsync(options);
        _drive = await ConnectAsync(readOnly: false);
        _other = await ConnectAsync(readOnly: false);
    }

    [SetUp]
    public void Mount()
    {
        _dokan = new DokanDrive(_drive, new DokanDriveOptions(), Serilog.Core.Logger.None);
        _driver = SimulatedDokanDriver.ForDrive(_drive, _dokan, Serilog.Core.Logger.None);
    }

    [TearDown]
    public void Unmount()
    {
        int openHandles = _drive.OpenHandleCount;
        long unexpected = _driver.Instance.UnexpectedErrors;
        _driver.Dispose();
        _dokan.Dispose();
        Assert.Multiple(() =>
        {
            Assert.That(openHandles, Is.Zero, "drive handles left open");
            Assert.That(unexpected, Is.Zero, "callbacks that failed unexpectedly");
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_drive is not null)
        {
            await _drive.DisposeAsync();
        }
        if (_other is not null)
        {
            await _other.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _tree?.Dispose();
    }

    [Test]
    public void Mount_SendsLocksToUserMode()
    {
        Assert.That(_driver.Plan.Flags.HasFlag(DokanOptionFlags.FileLockUserMode), Is.True);
    }

    [Test]
    public async Task ShareReadOnly_OpenThroughDokan_RefusesTheOtherClientsWriteOpen_UntilClosed()
    {
        var content = PutOnDisk("shared.bin", 1000, seed: 1);
        var open = _driver.Create("\\shared.bin", IoRequest.ReadWriteFile).Open!; // FILE_SHARE_READ only

        var refused = await _other.CreateAsync("shared.bin", new VfsCreateRequest { Disposition = VfsCreateDisposition.Open }, None);
        Assert.That(refused.Status, Is.EqualTo(VfsStatus.STATUS_SHARING_VIOLATION));

        Close(open);
        var allowed = await _other.CreateAsync("shared.bin", new VfsCreateRequest { Disposition = VfsCreateDisposition.Open }, None);
        Assert.That(allowed.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        await _other.CloseAsync(allowed.Value!);
        Assert.That(File.ReadAllBytes(_tree.FullPath("shared.bin")), Is.EqualTo(content));
    }

    [Test]
    public async Task LockFile_ThroughDokan_RefusesTheOtherClientsLockAndWrite_UntilUnlockFile()
    {
        var content = PutOnDisk("locked.bin", 4096, seed: 2);
        var open = _driver.Create("\\locked.bin", ReadWriteSharingAll).Open!;
        var other = await OpenOtherAsync("locked.bin");
        try
        {
            Assert.That(_driver.LockFile(open, 100, 50), Is.Zero);

            Assert.That(await _other.LockAsync(other, 120, 1, VfsLockType.Shared, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
            var write = await _other.WriteAsync(other, 110, new byte[] { 1, 2, 3 }, None);
            Assert.That(write.Status, Is.EqualTo(VfsStatus.STATUS_FILE_LOCK_CONFLICT));
            Assert.That(File.ReadAllBytes(_tree.FullPath("locked.bin")), Is.EqualTo(content), "the refused write left the disk alone");

            // The other way round: the other client's lock refuses Dokan's, with the status Dokan passes on.
            Assert.That(await _other.LockAsync(other, 1000, 10, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(_driver.LockFile(open, 1005, 1), Is.EqualTo(LockNotGranted));

            // Another Windows handle of the same drive is another open on the server: refused too.
            var second = _driver.Create("\\locked.bin", ReadWriteSharingAll).Open!;
            Assert.That(_driver.LockFile(second, 149, 2), Is.EqualTo(LockNotGranted));
            Close(second);

            Assert.That(_driver.UnlockFile(open, 100, 50), Is.Zero);
            Assert.That(_driver.UnlockFile(open, 100, 50), Is.EqualTo(RangeNotLocked));
            write = await _other.WriteAsync(other, 110, new byte[] { 1, 2, 3 }, None);
            Assert.That(write.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            new byte[] { 1, 2, 3 }.CopyTo(content, 110);
            Assert.That(File.ReadAllBytes(_tree.FullPath("locked.bin")), Is.EqualTo(content));
        }
        finally
        {
            Close(open);
            await _other.CloseAsync(other);
        }
    }

    [Test]
    public async Task Cleanup_ReleasesTheLocks_BeforeCloseFile()
    {
        PutOnDisk("cleanup.bin", 100, seed: 3);
        var open = _driver.Create("\\cleanup.bin", ReadWriteSharingAll).Open!;
        var other = await OpenOtherAsync("cleanup.bin");
        try
        {
            Assert.That(_driver.LockFile(open, 0, 100), Is.Zero);
            Assert.That(await _other.LockAsync(other, 0, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_LOCK_NOT_GRANTED));
            _driver.Cleanup(open);
            Assert.That(await _other.LockAsync(other, 0, 1, VfsLockType.Exclusive, wait: false, None), Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            _driver.Close(open);
        }
        finally
        {
            await _other.CloseAsync(other);
        }
    }

    [Test]
    public async Task LockFile_OnAReadOnlyMount_StillReachesTheServer()
    {
        var content = PutOnDisk("ro.bin", 1000, seed: 4);
        await using var readOnly = await ConnectAsync(readOnly: true);
        using var dokan = new DokanDrive(readOnly, new DokanDriveOptions(), Serilog.Core.Logger.None);
        using var driver = SimulatedDokanDriver.ForDrive(readOnly, dokan, Serilog.Core.Logger.None);
        Assert.That(driver.Plan.Flags.HasFlag(DokanOptionFlags.FileLockUserMode | DokanOptionFlags.WriteProtect), Is.True);
        var open = driver.Create("\\ro.bin", IoRequest.ReadFile).Open!;
        var other = await OpenOtherAsync("ro.bin");
        try
        {
            Assert.That(driver.LockFile(open, 0, 10), Is.Zero);
            var write = await _other.WriteAsync(other, 5, new byte[] { 7 }, None);
            Assert.That(write.Status, Is.EqualTo(VfsStatus.STATUS_FILE_LOCK_CONFLICT));
            Assert.That(File.ReadAllBytes(_tree.FullPath("ro.bin")), Is.EqualTo(content));
        }
        finally
        {
            driver.Cleanup(open);
            driver.Close(open);
            await _other.CloseAsync(other);
        }
        Assert.That(readOnly.OpenHandleCount, Is.Zero);
    }

    [Test]
    public void LockFile_AttributesOnlyOpenOrFolder_IsRefused()
    {
        PutOnDisk("attrs.bin", 10, seed: 5);
        var attributes = _driver.Create("\\attrs.bin", IoRequest.QueryAttributes).Open!;
        var folder = _driver.Create("\\" + LocalTree.Folder, IoRequest.ListFolder).Open!;
        try
        {
            Assert.That((VfsStatus)(uint)_driver.LockFile(attributes, 0, 1), Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
            Assert.That((VfsStatus)(uint)_driver.LockFile(folder, 0, 1), Is.EqualTo(VfsStatus.STATUS_INVALID_DEVICE_REQUEST));
        }
        finally
        {
            Close(attributes);
            Close(folder);
        }
    }

    private async Task<VfsHandle> OpenOtherAsync(string path)
    {
        var result = await _other.CreateAsync(path, new VfsCreateRequest { Disposition = VfsCreateDisposition.Open }, None);
        Assert.That(result.Status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"the other client opens {path}");
        return result.Value!;
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

    private void Close(SimulatedOpen open)
    {
        _driver.Cleanup(open);
        _driver.Close(open);
    }

    private async Task<SmbDriveFileSystem> ConnectAsync(bool readOnly)
    {
        var address = SmbAddress.Parse(_server.Address(ShareName));
        var credentials = SmbCredentials.User(_server.User.Name, _server.User.Password);
        return await SmbDriveFileSystem.ConnectAsync(
            ct => SmbClient.ConnectShareAsync(address, credentials, new SmbClientOptions(), null, ct),
            new VfsOptions { ReadOnly = readOnly }, Serilog.Core.Logger.None);
    }
}
