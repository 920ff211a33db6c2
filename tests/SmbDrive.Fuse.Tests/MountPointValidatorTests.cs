namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed class MountPointValidatorTests
{
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("fuse-validate-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Validate_EmptyDirectory_IsAccepted()
    {
        Assert.That(FuseHost.ValidateMountPoint(_directory), Is.Null);
    }

    [Test]
    public void Validate_Missing_SaysItDoesNotExistAndHowToCreateIt()
    {
        string missing = Path.Combine(_directory, "nope");

        Assert.That(FuseHost.ValidateMountPoint(missing), Does.Contain("does not exist").And.Contain("mkdir"));
    }

    [Test]
    public void Validate_MissingParent_SuggestsMkdirP()
    {
        string missing = Path.Combine(_directory, "a", "b");

        Assert.That(FuseHost.ValidateMountPoint(missing), Does.Contain("mkdir -p"));
    }

    [Test]
    public void Validate_File_SaysItIsNotADirectory()
    {
        string file = Path.Combine(_directory, "file");
        File.WriteAllText(file, "x");

        Assert.That(FuseHost.ValidateMountPoint(file), Does.Contain("not a directory"));
    }

    [Test]
    public void Validate_NonEmptyDirectory_SaysItIsNotEmpty()
    {
        File.WriteAllText(Path.Combine(_directory, "inside"), "x");

        Assert.That(FuseHost.ValidateMountPoint(_directory), Does.Contain("not empty"));
    }

    [Test]
    public void Validate_ExistingMountPoint_SaysItIsAlreadyMounted()
    {
        TestEnvironment.SkipUnless(File.Exists(MountTable.MountInfoPath), "no /proc/self/mountinfo");
        // /proc is a mount point on every Linux system (and not empty, which must not be what is reported).
        Assert.That(FuseHost.ValidateMountPoint("/proc"), Does.Contain("already a mount point").And.Contain("proc"));
    }

    [Test]
    public void Validate_TrailingSlashAndRelativeSpelling_AreNormalized()
    {
        TestEnvironment.SkipUnless(File.Exists(MountTable.MountInfoPath), "no /proc/self/mountinfo");

        Assert.That(FuseHost.ValidateMountPoint("/proc/"), Does.Contain("already a mount point"));
    }

    [Test]
    public void Validate_Blank_SaysNoMountPointWasGiven()
    {
        Assert.That(FuseHost.ValidateMountPoint(" "), Does.Contain("No mount point"));
    }
}
