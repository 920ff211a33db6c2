using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;

namespace SmbDrive.Dokan.Tests;

/// <summary>The Explorer sequence of dokan-api.md §6.1 through the simulated driver, against a drive over a local
/// folder (the same scenario runs against real Samba in <see cref="Integration.SambaExplorerSequenceTests"/>).</summary>
[TestFixture]
public sealed class ExplorerSequenceTests
{
    [Test]
    public void ExplorerSequence_LocalFolderDrive_EveryByteAndStatusAsNtfs()
    {
        using var mount = new FakeMount();
        // The local-folder drive has no negative cache, so the "second probe is free" check runs only against Samba.
        var scenario = new ExplorerScenario(mount.Driver, mount.Tree.Root, "share");

        scenario.Run("\\" + LocalTree.BigFile, seed: 1);

        Assert.Multiple(() =>
        {
            Assert.That(mount.Drive.OpenHandles, Is.Zero, "every drive handle closed");
            Assert.That(mount.Driver.Instance.UnexpectedErrors, Is.Zero);
            Assert.That(mount.Dokan.MountPoint, Is.EqualTo("M:\\"));
            Assert.That(mount.Dokan.IsUnmounted, Is.True);
        });
    }

    [Test]
    public void ReadFileEverywhere_UnicodeAndOddSizedFiles_MatchTheDisk()
    {
        using var mount = new FakeMount();
        var scenario = new ExplorerScenario(mount.Driver, mount.Tree.Root, "share");
        scenario.ReadFileEverywhere("\\" + LocalTree.UnicodeFile, seed: 2);
        scenario.ReadFileEverywhere("\\odd size.bin", seed: 3);
        scenario.ReadFileEverywhere("\\" + LocalTree.NestedFile, seed: 4);
        Assert.That(mount.Drive.OpenHandles, Is.Zero);
    }

    [Test]
    public void Read_EmptyFile_EndOfFileAtOffsetZero()
    {
        using var mount = new FakeMount();
        var open = mount.Driver.Create("\\" + LocalTree.EmptyFile, IoRequest.ReadFile).Open!;
        var read = mount.Driver.Read(open, 0, 4096);
        mount.Driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That(read.CallbackStatus, Is.Zero);
            Assert.That(read.Status, Is.EqualTo(SimulatedDokanDriver.StatusEndOfFile));
        });
    }
}
