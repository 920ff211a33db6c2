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
    [TestCase(-4, "reinstall Dokan 2")]
    [TestCase(-42, "error -42")]
    public void DescribeMountResult_EachCode_PlainSentence(int code, string expected)
    {
        Assert.That(DokanStartupChecks.DescribeMountResult(code, "M:\\"), Does.Contain(expected));
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
