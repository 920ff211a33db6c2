using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Tests;

[TestFixture]
public sealed class DokanStartupChecksTests
{
    [Test]
    public void CheckDriverVersion_Zero_SaysDokanIsNotInstalledAndWhereToGetIt()
    {
        string? message = DokanStartupChecks.CheckDriverVersion(0);
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.StartWith("Dokan 2 is not installed; get it from "));
            Assert.That(message, Does.Contain("https://github.com/dokan-dev/dokany/releases"));
            Assert.That(DokanStartupChecks.CheckDriverVersion(0x190), Is.Null);
        });
    }

    [Test]
    public void CheckLibraryVersion_OlderThanNeeded_NamesBothVersions()
    {
        string? message = DokanStartupChecks.CheckLibraryVersion(206);
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("Dokan 2.0.6 is installed"));
            Assert.That(message, Does.Contain("2.1.0 or newer"));
            Assert.That(DokanStartupChecks.CheckLibraryVersion(210), Is.Null);
            Assert.That(DokanStartupChecks.CheckLibraryVersion(231), Is.Null);
        });
    }

    [Test]
    public void CheckMountPoint_LetterInUse_SaysSo()
    {
        uint cAndM = (1u << 2) | (1u << 12);
        Assert.Multiple(() =>
        {
            Assert.That(DokanStartupChecks.CheckMountPoint("M:", cAndM, _ => "NTFS"), Is.EqualTo(
                "Drive letter M: is already in use; choose a free letter or unmount what is there."));
            Assert.That(DokanStartupChecks.CheckMountPoint("n", cAndM, _ => "NTFS"), Is.Null);
        });
    }

    [Test]
    public void CheckMountPoint_Folder_MustExistBeEmptyAndOnNtfs()
    {
        string folder = Path.Combine(Path.GetTempPath(), "smbdrive-mp-" + Guid.NewGuid().ToString("N"));
        try
        {
            string? missing = DokanStartupChecks.CheckMountPoint(folder, 0, _ => "NTFS");
            Directory.CreateDirectory(folder);
            string? emptyNtfs = DokanStartupChecks.CheckMountPoint(folder, 0, _ => "NTFS");
            string? emptyExt4 = DokanStartupChecks.CheckMountPoint(folder, 0, _ => "ext4");
            File.WriteAllText(Path.Combine(folder, "x"), "x");
            string? notEmpty = DokanStartupChecks.CheckMountPoint(folder, 0, _ => "NTFS");
            Assert.Multiple(() =>
            {
                Assert.That(missing, Does.Contain("does not exist"));
                Assert.That(emptyNtfs, Is.Null);
                Assert.That(emptyExt4, Does.Contain("ext4").And.Contain("NTFS"));
                Assert.That(notEmpty, Does.Contain("is not empty"));
                Assert.That(DokanStartupChecks.CheckMountPoint("relative\\dir", 0, _ => "NTFS"), Does.Contain("neither a drive letter"));
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase(-3, "Dokan 2 is not installed")]
    [TestCase(-5, "already in use")]
    [TestCase(-6, "rejected the mount point")]
    [TestCase(-4, "install Dokan 2 again")]
    [TestCase(-42, "error -42")]
    public void DescribeMountResult_EachCode_PlainSentence(int code, string expected)
    {
        Assert.That(DokanStartupChecks.DescribeMountResult(code, "M:\\"), Does.Contain(expected));
    }

    [Test]
    public void CheckDriver_MatchingProtocol_Passes()
    {
        Assert.That(DokanStartupChecks.CheckDriver(0x190, DokanDriverService.Installed, 231), Is.Null);
    }

    [Test]
    public void CheckDriver_NoAnswer_ToldApartByTheServiceKey()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanStartupChecks.CheckDriver(0, DokanDriverService.Missing, 231), Does.StartWith("Dokan 2 is not installed"));
            Assert.That(DokanStartupChecks.CheckDriver(0, DokanDriverService.Installed, 231),
                Does.Contain("installed but not running").And.Contain("sc start dokan2"));
            Assert.That(DokanStartupChecks.CheckDriver(0, DokanDriverService.RemovalPending, 231),
                Does.StartWith("Windows must restart").And.Not.Contain("not installed"));
        });
    }

    [Test]
    public void CheckDriver_OtherProtocol_SaysDriverAndLibraryDoNotMatch()
    {
        string? message = DokanStartupChecks.CheckDriver(0x18F, DokanDriverService.Installed, 231);
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("does not match dokan2.dll 2.3.1"));
            Assert.That(message, Does.Contain("Restart Windows"));
            Assert.That(message, Does.Not.Contain("not installed").And.Not.Contain("this program"));
        });
    }

    [Test]
    public void CheckArchitecture_X64BuildOnArm64_NamesTheRightBuild()
    {
        string? message = DokanStartupChecks.CheckArchitecture(Architecture.Arm64, Architecture.X64);
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.StartWith("This is the x64 build of smbdrive, but Windows runs on ARM64"));
            Assert.That(message, Does.Contain("win-arm64 build"));
            Assert.That(DokanStartupChecks.CheckArchitecture(Architecture.X64, Architecture.X64), Is.Null);
            Assert.That(DokanStartupChecks.CheckArchitecture(Architecture.Arm64, Architecture.Arm64), Is.Null);
        });
    }

    [Test]
    public void DescribeLoadFailure_EachKind_OwnMessage()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanStartupChecks.DescribeLoadFailure(new BadImageFormatException(), Architecture.X64),
                Does.Contain("is not a x64 library").And.Not.Contain("not installed"));
            Assert.That(DokanStartupChecks.DescribeLoadFailure(new EntryPointNotFoundException(), Architecture.X64),
                Does.Contain("lacks functions"));
            Assert.That(DokanStartupChecks.DescribeLoadFailure(new DllNotFoundException(), Architecture.X64),
                Does.StartWith("Dokan 2 is not installed"));
        });
    }

    [Test]
    public void CheckNetworkProvider_RegisteredOnlyWithOrderEntryAndKey()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanStartupChecks.CheckNetworkProvider("RDPNP,LanmanWorkstation, dokan2", true), Is.Null);
            Assert.That(DokanStartupChecks.CheckNetworkProvider("RDPNP,LanmanWorkstation", true), Does.Contain("--fixed-drive"));
            Assert.That(DokanStartupChecks.CheckNetworkProvider("Dokan2", false), Does.Contain("network provider is not registered"));
            Assert.That(DokanStartupChecks.CheckNetworkProvider(null, true), Is.Not.Null);
            Assert.That(DokanStartupChecks.CheckNetworkProvider("Dokan2x", true), Is.Not.Null);
        });
    }

    [Test]
    public void DescribeMountResult_VersionAndStartErrors_NoMisleadingVersionText()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DokanStartupChecks.DescribeMountResult(-7, "M:\\"), Does.Not.Contain("this program's version"));
            Assert.That(DokanStartupChecks.DescribeMountResult(-4, "M:\\"), Does.Contain("different Dokan versions"));
        });
    }

    [Test]
    public void Prepare_NotOnWindows_ClearMessage()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("this checks the message on other platforms");
        }
        var error = Assert.Throws<PlatformNotSupportedException>(() => DokanHost.Prepare(new DokanMountOptions { MountPoint = "M:" }));
        Assert.That(error!.Message, Does.Contain("Windows only"));
    }

    [Test]
    public void FormatVersion_DigitsWithDots()
    {
        Assert.That(DokanStartupChecks.FormatVersion(231), Is.EqualTo("2.3.1"));
    }

    [Test]
    public void Run_NotOnWindows_ClearMessage()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("this checks the message on other platforms");
        }
        using var tree = new Fakes.LocalTree();
        var drive = new Fakes.DirectoryBackedDrive(tree.Root);
        var error = Assert.Throws<PlatformNotSupportedException>(() =>
            DokanHost.Run(drive, new DokanMountOptions { MountPoint = "M:" }, Serilog.Core.Logger.None, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("Windows only"));
    }

    [Test]
    public void Unmount_NotOnWindows_ClearMessage()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("this checks the message on other platforms");
        }
        var error = Assert.Throws<PlatformNotSupportedException>(() => DokanHost.Unmount("M:"));
        Assert.That(error!.Message, Does.Contain("Windows only"));
    }
}
