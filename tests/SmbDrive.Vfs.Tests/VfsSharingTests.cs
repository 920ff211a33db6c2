namespace SmbDrive.Vfs.Tests;

/// <summary>Which opens need the server to hold their share mode: those that read or delete and deny something.</summary>
public class VfsSharingTests
{
    [TestCase(FileShare.Read, true, false, ExpectedResult = true)]
    [TestCase(FileShare.ReadWrite, true, false, ExpectedResult = true)]
    [TestCase(FileShare.Read | FileShare.Delete, true, false, ExpectedResult = true)]
    [TestCase(FileShare.None, false, true, ExpectedResult = true)]
    [TestCase(FileShare.ReadWrite | FileShare.Delete, true, true, ExpectedResult = false)]
    [TestCase(FileShare.ReadWrite | FileShare.Delete | FileShare.Inheritable, true, false, ExpectedResult = false)]
    [TestCase(FileShare.None, false, false, ExpectedResult = false)]
    public bool DeniesOthers(FileShare share, bool readData, bool deleteAccess) =>
        new VfsSharing { Share = share, ReadData = readData, DeleteAccess = deleteAccess }.DeniesOthers;

    [Test]
    public void ShareEverything_DeniesNothing() => Assert.That(VfsSharing.ShareEverything.DeniesOthers, Is.False);
}
