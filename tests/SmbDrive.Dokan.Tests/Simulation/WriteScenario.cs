using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>What Explorer and Word do to a writable drive, played through the simulated driver with the call sequences
/// Windows sends (dokan-api.md §3.1: deletion at Cleanup, renames through the open). After every step the share's disk
/// (<see cref="DiskRoot"/>) is compared with what the step must have left there.</summary>
public sealed class WriteScenario
{
    private readonly SimulatedDokanDriver _driver;

    public WriteScenario(SimulatedDokanDriver driver, string diskRoot)
    {
        _driver = driver;
        DiskRoot = diskRoot;
    }

    public string DiskRoot { get; }

    /// <summary>Explorer copying a file in: CREATE_NEW with GENERIC_WRITE, SetAllocationSize to the final size, the data
    /// in chunks, SetEndOfFile, the source's times, Cleanup, CloseFile.</summary>
    public void CopyIn(string dokanPath, byte[] content, DateTime lastWriteUtc, int chunk = 1024 * 1024)
    {
        var created = _driver.Create(dokanPath, IoRequest.CopyTarget);
        Assert.That(created.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"create {dokanPath}");
        var file = created.Open!;
        Assert.That(file.IsDirectory, Is.False);
        Assert.That(_driver.SetAllocationSize(file, content.Length), Is.Zero, "SetAllocationSize");
        for (int offset = 0; offset < content.Length; offset += chunk)
        {
            int length = Math.Min(chunk, content.Length - offset);
            var written = _driver.Write(file, offset, content.AsSpan(offset, length));
            Assert.That(written, Is.EqualTo(new WriteResult(0, (uint)length)), $"write {length} at {offset}");
        }
        Assert.That(_driver.SetEndOfFile(file, content.Length), Is.Zero, "SetEndOfFile");
        long time = lastWriteUtc.ToFileTimeUtc();
        Assert.That(_driver.SetFileTime(file, time, time, time), Is.Zero, "SetFileTime");
        var info = _driver.GetFileInformation(file);
        _driver.Cleanup(file);
        _driver.Close(file);
        Assert.Multiple(() =>
        {
            Assert.That(info.Size, Is.EqualTo(content.Length), "size through the open");
            Assert.That(Disk(dokanPath), Is.EqualTo(content), $"{dokanPath} on the share's disk");
            Assert.That(File.GetLastWriteTimeUtc(DiskPath(dokanPath)), Is.EqualTo(lastWriteUtc).Within(TimeSpan.FromSeconds(1)),
                "the source's time of last write, kept after the close");
            Assert.That(file.Context, Is.Zero, "context released at CloseFile");
        });
    }

    /// <summary>Explorer's rename (F2): a DELETE open of the source, the library's probe of the target name, then
    /// FileRenameInformation through the open.</summary>
    public void Rename(string from, string to, bool replace = false)
    {
        byte[] before = Disk(from);
        var probe = _driver.Create(to, IoRequest.QueryAttributes);
        if (!replace)
        {
            Assert.That(probe.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), $"probe of {to}");
        }
        else if (probe.Open is { } target)
        {
            _driver.Cleanup(target);
            _driver.Close(target);
        }
        var opened = _driver.Create(from, IoRequest.DeleteIntent);
        Assert.That(opened.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"DELETE open of {from}");
        var source = opened.Open!;
        int status = _driver.MoveFile(source, to, replace);
        _driver.Cleanup(source);
        _driver.Close(source);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"rename {from} to {to}");
            Assert.That(File.Exists(DiskPath(from)), Is.False, $"{from} is gone from the disk");
            Assert.That(Disk(to), Is.EqualTo(before), $"{to} on the disk holds what {from} held");
        });
    }

    /// <summary>Explorer's Delete once the user confirmed the prompt (no Recycle Bin on a network drive): a DELETE open,
    /// FileDispositionInformation (DeleteFile says whether it may), then Cleanup, where the file goes.</summary>
    public void DeleteConfirmed(string dokanPath)
    {
        var opened = _driver.Create(dokanPath, IoRequest.DeleteIntent);
        Assert.That(opened.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"DELETE open of {dokanPath}");
        var open = opened.Open!;
        int status = _driver.SetDisposition(open, delete: true);
        bool stillThereBeforeCleanup = File.Exists(DiskPath(dokanPath)) || Directory.Exists(DiskPath(dokanPath));
        _driver.Cleanup(open);
        _driver.Close(open);
        Assert.Multiple(() =>
        {
            Assert.That((VfsStatus)(uint)status, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"DeleteFile of {dokanPath}");
            Assert.That(stillThereBeforeCleanup, Is.True, "deleted before Cleanup");
            Assert.That(File.Exists(DiskPath(dokanPath)) || Directory.Exists(DiskPath(dokanPath)), Is.False, $"{dokanPath} deleted at Cleanup");
        });
    }

    /// <summary>Word saving <paramref name="document"/>: the new version into ~WRL0001.tmp, the original renamed to
    /// ~WRL0002.tmp, the new version renamed over the original name, the backup deleted.</summary>
    public void WordSave(string document, byte[] newContent)
    {
        string folder = document[..(document.LastIndexOf('\\') + 1)];
        string temporary = folder + "~WRL0001.tmp", backup = folder + "~WRL0002.tmp";
        byte[] original = Disk(document);

        var created = _driver.Create(temporary, IoRequest.SaveTemporary);
        Assert.That(created.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS), "create the temporary file");
        var file = created.Open!;
        const int chunk = 64 * 1024;
        for (int offset = 0; offset < newContent.Length; offset += chunk)
        {
            int length = Math.Min(chunk, newContent.Length - offset);
            Assert.That(_driver.Write(file, offset, newContent.AsSpan(offset, length)).Status, Is.Zero);
        }
        Assert.That(_driver.SetEndOfFile(file, newContent.Length), Is.Zero);
        Assert.That(_driver.Flush(file), Is.Zero, "FlushFileBuffers");
        _driver.Cleanup(file);
        _driver.Close(file);
        Assert.That(Disk(temporary), Is.EqualTo(newContent), "the temporary file on the disk");

        Rename(document, backup);
        Assert.That(Disk(backup), Is.EqualTo(original), "the original kept as the backup");
        Rename(temporary, document, replace: true);
        DeleteConfirmed(backup);

        var listed = _driver.Create(folder.Length > 1 ? folder.TrimEnd('\\') : "\\", IoRequest.ListFolder).Open!;
        var listing = _driver.FindFiles(listed);
        _driver.Cleanup(listed);
        _driver.Close(listed);
        var onDisk = new DirectoryInfo(DiskPath(folder)).EnumerateFileSystemInfos().Select(e => e.Name);
        Assert.Multiple(() =>
        {
            Assert.That(Disk(document), Is.EqualTo(newContent), "the document holds the saved version");
            Assert.That(File.Exists(DiskPath(temporary)) || File.Exists(DiskPath(backup)), Is.False, "no temporary file left");
            Assert.That(listing.Filled!.Select(e => e.Name), Is.EquivalentTo(onDisk), "the listing is the disk's after the save");
        });
    }

    public byte[] Disk(string dokanPath) => File.ReadAllBytes(DiskPath(dokanPath));

    public string DiskPath(string dokanPath) =>
        Path.Combine(DiskRoot, dokanPath.TrimStart('\\').Replace('\\', Path.DirectorySeparatorChar));
}
