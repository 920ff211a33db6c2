using System.Runtime.InteropServices;
using SmbDrive.Dokan.Native;
using SmbDrive.Dokan.Tests.Fakes;

namespace SmbDrive.Dokan.Tests.Native;

[TestFixture]
public sealed unsafe class DokanMountPlanTests
{
    private const string Unc = @"\server\share";

    [TestCase("m")]
    [TestCase("M:")]
    [TestCase("m:\\")]
    public void Create_DriveLetterForms_NormalizedToLetterColonBackslash(string mountPoint)
    {
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = mountPoint }, Unc, driveIsReadOnly: true);
        Assert.Multiple(() =>
        {
            Assert.That(plan.MountPoint, Is.EqualTo("M:\\"));
            Assert.That(plan.IsDriveLetter, Is.True);
        });
    }

    [Test]
    public void Create_Default_NetworkDriveWithUncNameAndWriteProtect()
    {
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = "M:" }, Unc, driveIsReadOnly: true);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Flags, Is.EqualTo(DokanOptionFlags.NetworkDrive | DokanOptionFlags.EnableUnmountNetworkDrive | DokanOptionFlags.WriteProtect
                | DokanOptionFlags.FileLockUserMode));
            Assert.That(plan.UncName, Is.EqualTo(@"\server.m.smbdrive.invalid\share"));
        });
    }

    [Test]
    public void Create_FixedDrive_MountManagerInsteadOfNetwork()
    {
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = "M:", FixedDrive = true }, Unc, driveIsReadOnly: true);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Flags, Is.EqualTo(DokanOptionFlags.MountManager | DokanOptionFlags.WriteProtect | DokanOptionFlags.FileLockUserMode));
            Assert.That(plan.UncName, Is.Null);
        });
    }

    [Test]
    public void Create_FixedDriveWithoutMountManager_NeitherFlag()
    {
        var options = new DokanMountOptions { MountPoint = "M:", FixedDrive = true, MountManager = false };
        Assert.That(DokanMountPlan.Create(options, Unc, driveIsReadOnly: false).Flags, Is.EqualTo(DokanOptionFlags.FileLockUserMode));
    }

    [TestCase("M:", false, false)]
    [TestCase("M:", true, true)]
    [TestCase(@"C:\mnt\share", false, true)]
    public void Create_EveryMount_SendsLocksToUserMode(string mountPoint, bool fixedDrive, bool readOnly)
    {
        // Otherwise the driver grants byte-range locks itself and no other client sees them (dokany #1133).
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = mountPoint, FixedDrive = fixedDrive }, Unc, readOnly);
        Assert.That(plan.Flags.HasFlag(DokanOptionFlags.FileLockUserMode), Is.True);
        Assert.That((uint)DokanOptionFlags.FileLockUserMode, Is.EqualTo(0x100u));
    }

    [Test]
    public void Create_FolderMountPoint_NeverNetwork()
    {
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = @"C:\mnt\share" }, Unc, driveIsReadOnly: true);
        Assert.Multiple(() =>
        {
            Assert.That(plan.IsDriveLetter, Is.False);
            Assert.That(plan.Flags.HasFlag(DokanOptionFlags.NetworkDrive), Is.False);
            Assert.That(plan.UncName, Is.Null);
            Assert.That(plan.MountPoint, Is.EqualTo(@"C:\mnt\share"));
        });
    }

    [Test]
    public void Create_WriteProtectRequested_SetEvenForWritableDrive()
    {
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = "M", WriteProtect = true }, Unc, driveIsReadOnly: false);
        Assert.That(plan.Flags.HasFlag(DokanOptionFlags.WriteProtect), Is.True);
    }

    [TestCase(0, 15_000u)]
    [TestCase(1_000, 15_000u)]
    [TestCase(45_000, 45_000u)]
    [TestCase(1_000_000, 300_000u)]
    public void Create_Timeout_ClampedToTheDriversRange(int requested, uint expected)
    {
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = "M", TimeoutMs = requested }, Unc, true);
        Assert.That(plan.TimeoutMs, Is.EqualTo(expected));
    }

    [TestCase(@"\\server\share\", @"\server\share")]
    [TestCase("//server/share", @"\server\share")]
    [TestCase(@"server\share", @"\server\share")]
    public void NormalizeUncName_AnyForm_OneLeadingBackslash(string input, string expected)
    {
        Assert.That(DokanMountPlan.NormalizeUncName(input), Is.EqualTo(expected));
    }

    [Test]
    public void PrivateUncName_NeverTheSharesOwnName_AndReservedSoItCannotResolve()
    {
        string name = DokanMountPlan.PrivateUncName(@"\127.0.0.1\lane", 'M');
        Assert.Multiple(() =>
        {
            Assert.That(name, Is.EqualTo(@"\127-0-0-1.m.smbdrive.invalid\lane"));
            Assert.That(name, Is.Not.EqualTo(@"\127.0.0.1\lane"));
            Assert.That(DokanMountPlan.PrivateUncName(@"\FileServer.corp.example\Data", 'z'),
                Is.EqualTo(@"\fileserver-corp-example.z.smbdrive.invalid\Data"));
            Assert.That(DokanMountPlan.PrivateUncName(@"\fe80::1\s", 'M'), Is.EqualTo(@"\fe80--1.m.smbdrive.invalid\s"));
        });
    }

    [Test]
    public void PrivateUncName_TwoLettersForOneShare_TwoNames()
    {
        Assert.That(DokanMountPlan.PrivateUncName(Unc, 'M'), Is.Not.EqualTo(DokanMountPlan.PrivateUncName(Unc, 'N')));
    }

    [Test]
    public void PrivateUncName_LongHost_ShortenedToDokansLimit()
    {
        string name = DokanMountPlan.PrivateUncName(@"\" + new string('h', 80) + @"\share", 'M');
        Assert.Multiple(() =>
        {
            Assert.That(name, Has.Length.LessThanOrEqualTo(63));
            Assert.That(name, Does.StartWith(@"\hhh").And.EndWith(@".m.smbdrive.invalid\share"));
        });
    }

    [Test]
    public void Create_UncNameTooLongForNetworkDrive_PlainError()
    {
        string unc = @"\server\" + new string('s', 60);
        var error = Assert.Throws<DokanStartupException>(() => DokanMountPlan.Create(new DokanMountOptions { MountPoint = "M" }, unc, true));
        Assert.That(error!.Message, Does.Contain("--fixed-drive"));
    }

    [Test]
    public void Create_EmptyMountPoint_PlainError()
    {
        Assert.Throws<DokanStartupException>(() => DokanMountPlan.Create(new DokanMountOptions { MountPoint = " " }, Unc, true));
    }

    [Test]
    public void SerialFor_StablePerShare_DifferentAcrossShares()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanMountPlan.SerialFor(@"\server\share"), Is.EqualTo(DokanMountPlan.SerialFor(@"\SERVER\SHARE")));
            Assert.That(DokanMountPlan.SerialFor(@"\server\share"), Is.Not.EqualTo(DokanMountPlan.SerialFor(@"\server\other")));
        });
    }

    [Test]
    public void MountMemory_FillsOptionsAndOperations_InNativeMemory()
    {
        var plan = DokanMountPlan.Create(new DokanMountOptions { MountPoint = "M", TimeoutMs = 40_000 }, Unc, true);
        using var tree = new LocalTree();
        var drive = new DirectoryBackedDrive(tree.Root);
        using var dokan = new DokanDrive(drive, new DokanDriveOptions(), Serilog.Core.Logger.None);
        var instance = new DokanInstance(dokan, new Simulation.RecordingDriverServices(), Serilog.Core.Logger.None, plan.VolumeSerialNumber);
        var memory = new DokanMountMemory(plan, instance);
        try
        {
            var options = memory.Options;
            Assert.Multiple(() =>
            {
                Assert.That(options->Version, Is.EqualTo((ushort)231));
                Assert.That(options->SingleThread, Is.Zero);
                Assert.That(options->Options, Is.EqualTo((uint)plan.Flags));
                Assert.That(options->Timeout, Is.EqualTo(40_000u));
                Assert.That(options->AllocationUnitSize, Is.EqualTo(4096u));
                Assert.That(options->SectorSize, Is.EqualTo(512u));
                Assert.That(options->VolumeSecurityDescriptorLength, Is.Zero);
                Assert.That(new string(options->MountPoint), Is.EqualTo("M:\\"));
                Assert.That(new string(options->UncName), Is.EqualTo(plan.UncName));
                Assert.That(GCHandle.FromIntPtr((nint)options->GlobalContext).Target, Is.SameAs(instance));
                Assert.That((nint)memory.Operations->ReadFile, Is.Not.EqualTo(nint.Zero));
            });
        }
        finally
        {
            memory.Dispose();
            memory.Dispose();
        }
    }
}
