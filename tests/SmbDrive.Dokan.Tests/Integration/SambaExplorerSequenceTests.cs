using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Smb;
using SmbDrive.TestSupport;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Integration;

/// <summary>The Explorer sequence through the simulated driver, the callback layer and the real drive layer against a
/// real Samba share: every listing and byte is compared with the share's disk, every status with NTFS's.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class SambaExplorerSequenceTests
{
    private const string ShareName = "explorer";

    private LocalTree _tree = null!;
    private SambaServer _server = null!;
    private SmbDriveFileSystem _drive = null!;
    private DokanDrive _dokan = null!;
    private SimulatedDokanDriver _driver = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        SambaRequirement.RequireSamba();
        _tree = new LocalTree();
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(ShareName, _tree.Root));
        _server = await SambaServer.StartAsync(options);
        var address = SmbAddress.Parse(_server.Address(ShareName));
        var credentials = SmbCredentials.User(_server.User.Name, _server.User.Password);
        _drive = await SmbDriveFileSystem.ConnectAsync(
            ct => SmbClient.ConnectShareAsync(address, credentials, new SmbClientOptions(), null, ct),
            new VfsOptions { ReadOnly = true }, Serilog.Core.Logger.None); // the sequence of a --read-only drive; writes: SambaWriteSequenceTests
    }

    // A mount per test: after Unmounted (the end of an Explorer sequence) Dokan sends no more requests, and the
    // callback layer answers any that came at once.
    [SetUp]
    public void Mount()
    {
        _dokan = new DokanDrive(_drive, new DokanDriveOptions(), Serilog.Core.Logger.None);
        _driver = SimulatedDokanDriver.ForDrive(_drive, _dokan, Serilog.Core.Logger.None);
    }

    [TearDown]
    public void Unmount()
    {
        _driver?.Dispose();
        _dokan?.Dispose();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_drive is not null)
        {
            await _drive.DisposeAsync();
        }
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _tree?.Dispose();
    }

    [Test, Order(1)]
    public void ExplorerSequence_RealSamba_EveryByteAndStatusAsNtfs()
    {
        var scenario = new ExplorerScenario(_driver, _tree.Root, ShareName)
        {
            ServerRoundTrips = () => _drive.Counters.Snapshot().ServerRoundTrips,
        };

        scenario.ReadFileEverywhere("\\" + LocalTree.UnicodeFile, seed: 12);
        scenario.ReadFileEverywhere("\\" + LocalTree.NestedFile, seed: 13);
        scenario.Run("\\" + LocalTree.BigFile, seed: 11); // ends with the unmount

        Assert.Multiple(() =>
        {
            Assert.That(_drive.OpenHandleCount, Is.Zero, "drive handles left open");
            Assert.That(_driver.Instance.UnexpectedErrors, Is.Zero);
        });
    }

    [Test, Order(2)]
    public void AttributesOnlyOpens_RealSamba_OpenNothingOnTheServer()
    {
        var before = _drive.Counters.Snapshot();
        foreach (string name in new[] { LocalTree.BigFile, LocalTree.SmallFile, LocalTree.Folder })
        {
            var open = _driver.Create("\\" + name, IoRequest.QueryAttributes).Open!;
            _driver.GetFileInformation(open);
            _driver.GetFileInformation(open);
            _driver.Cleanup(open);
            _driver.Close(open);
        }
        var spent = _drive.Counters.Snapshot() - before;
        Assert.That(spent.ServerOpens, Is.Zero);
    }

    [Test, Order(3)]
    public void SixteenThreads_RealSamba_AllBytesRightAndNothingLeaks()
    {
        var failures = ConcurrencyTests.RunSixteenThreads(_driver, _tree, iterations: 25);
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty);
            Assert.That(_drive.OpenHandleCount, Is.Zero);
            Assert.That(_driver.LeakedContexts, Is.Zero);
        });
    }
}
