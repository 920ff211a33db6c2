using SmbDrive.Dokan.Native;
using SmbDrive.Dokan.Tests.Fakes;
using SmbDrive.Dokan.Tests.Simulation;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests;

/// <summary>What the callbacks do at the native boundary: no exception gets through, Context never leaks, and the
/// fill callback gets the DOKAN_FILE_INFO it needs.</summary>
[TestFixture]
public sealed unsafe class CallbackBoundaryTests
{
    private const int StatusInternalError = unchecked((int)0xC00000E5);

    [Test]
    public void DriveThrows_EveryCallback_ReturnsAStatusAndCountsTheBug()
    {
        using var mount = new FakeMount();
        var open = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile).Open!;
        mount.Drive.ThrowOnPath = LocalTree.SmallFile;

        var read = mount.Driver.Read(open, 0, 10);
        var create = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile);
        mount.Driver.Cleanup(open);
        mount.Driver.Close(open);

        Assert.Multiple(() =>
        {
            Assert.That(read.Status, Is.EqualTo(StatusInternalError));
            Assert.That(create.Status, Is.EqualTo(StatusInternalError));
            Assert.That(create.Open, Is.Null);
            Assert.That(mount.Driver.LeakedContexts, Is.Zero);
            Assert.That(mount.Driver.Instance.UnexpectedErrors, Is.EqualTo(2));
            Assert.That(open.Context, Is.Zero, "CloseFile releases the context even when the drive throws");
        });
    }

    [Test]
    public void CreateFileSetsContextThenFails_BindingReleasesTheContext()
    {
        using var mount = new FakeMount(wrap: inner => new ContextThenFail(inner));
        var result = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile);
        Assert.Multiple(() =>
        {
            Assert.That(result.VfsStatus, Is.EqualTo(VfsStatus.STATUS_ACCESS_DENIED));
            Assert.That(mount.Driver.LeakedContexts, Is.Zero);
        });
    }

    [Test]
    public void CreateFileThrowsAfterSettingContext_BindingReleasesTheContext()
    {
        using var mount = new FakeMount(wrap: inner => new ContextThenThrow(inner));
        var result = mount.Driver.Create("\\" + LocalTree.SmallFile, IoRequest.ReadFile);
        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(StatusInternalError));
            Assert.That(mount.Driver.LeakedContexts, Is.Zero);
        });
    }

    [Test]
    public void FileInfoWithoutOptions_AnswersInvalidParameterInsteadOfThrowing()
    {
        using var mount = new FakeMount();
        var info = new NativeDokanFileInfo();
        uint read = 0;
        byte buffer = 0;
        fixed (char* name = "\\readme.txt")
        {
            int status = mount.Driver.Operations->ReadFile(name, &buffer, 1, &read, 0, &info);
            mount.Driver.Operations->Cleanup(name, null);
            Assert.That(status, Is.EqualTo(SimulatedDokanDriver.StatusInvalidParameter));
        }
    }

    [Test]
    public void FindFiles_CallsFillWithTheGivenFileInfo()
    {
        // The collector only finds its list through the ProcessingContext of the struct it was handed.
        using var mount = new FakeMount();
        var root = mount.Driver.Create("\\", IoRequest.ListFolder).Open!;
        var listing = mount.Driver.FindFiles(root);
        Assert.That(listing.Filled, Has.Count.EqualTo(Directory.EnumerateFileSystemEntries(mount.Tree.Root).Count()));
    }

    [Test]
    public void OperationsTable_EveryEntryIsFilled()
    {
        using var mount = new FakeMount();
        var table = (nint*)mount.Driver.Operations;
        for (int i = 0; i < sizeof(NativeDokanOperations) / sizeof(nint); i++)
        {
            Assert.That(table[i], Is.Not.EqualTo(nint.Zero), $"slot {i}");
        }
    }

    private sealed class ContextThenFail(IDokanFileSystem inner) : ForwardingDokanFileSystem(inner)
    {
        public override VfsStatus CreateFile(string fileName, DokanFileAccess access, FileShare share, FileMode mode, FileOptions options,
            FileAttributes attributes, NtCreateOptions createOptions, DokanFileInfo info)
        {
            info.Context = new object();
            return VfsStatus.STATUS_ACCESS_DENIED;
        }
    }

    private sealed class ContextThenThrow(IDokanFileSystem inner) : ForwardingDokanFileSystem(inner)
    {
        public override VfsStatus CreateFile(string fileName, DokanFileAccess access, FileShare share, FileMode mode, FileOptions options,
            FileAttributes attributes, NtCreateOptions createOptions, DokanFileInfo info)
        {
            info.Context = new object();
            throw new InvalidOperationException("bug after setting the context");
        }
    }
}
