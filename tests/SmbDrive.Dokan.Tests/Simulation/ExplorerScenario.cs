using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>What Explorer and an application do to a freshly mounted read-only drive (dokan-api.md §6.1), played
/// through the simulated driver. Every listing, size and byte is compared with the share's disk
/// (<see cref="DiskRoot"/>), every status with what NTFS returns.</summary>
public sealed class ExplorerScenario
{
    private readonly SimulatedDokanDriver _driver;

    public ExplorerScenario(SimulatedDokanDriver driver, string diskRoot, string shareName)
    {
        _driver = driver;
        DiskRoot = diskRoot;
        ShareName = shareName;
    }

    public string DiskRoot { get; }
    public string ShareName { get; }

    /// <summary>Server round trips so far, to check that repeated negative lookups are served from the cache.</summary>
    public Func<long>? ServerRoundTrips { get; init; }

    public void Mount()
    {
        Assert.That(_driver.Mounted("M:\\"), Is.Zero, "Mounted");
    }

    public void Unmount()
    {
        Assert.That(_driver.Unmounted(), Is.Zero, "Unmounted");
        Assert.That(_driver.LeakedContexts, Is.Zero, "contexts left behind by failed creates");
    }

    public VolumeInformationResult QueryVolume()
    {
        var volume = _driver.GetVolumeInformation();
        var space = _driver.GetDiskFreeSpace();
        Assert.Multiple(() =>
        {
            Assert.That(volume.Status, Is.Zero, "GetVolumeInformation");
            Assert.That(volume.Label, Is.EqualTo(ShareName.Length > 32 ? ShareName[..32] : ShareName));
            Assert.That(volume.FileSystemName, Is.EqualTo("NTFS"));
            Assert.That(volume.MaximumComponentLength, Is.EqualTo(255));
            Assert.That(volume.Features.HasFlag(FileSystemFeatures.ReadOnlyVolume), Is.True, "READ_ONLY_VOLUME");
            Assert.That(volume.Features.HasFlag(FileSystemFeatures.CasePreservedNames), Is.True);
            Assert.That(volume.Features.HasFlag(FileSystemFeatures.UnicodeOnDisk), Is.True);
            Assert.That(volume.Features.HasFlag(FileSystemFeatures.NamedStreams), Is.False, "no ALT_STREAM, so no named streams");
            Assert.That(volume.Features.HasFlag(FileSystemFeatures.PersistentAcls), Is.False);
            Assert.That(volume.SerialNumber, Is.Not.Zero);
            Assert.That(space.Status, Is.Zero, "GetDiskFreeSpace");
            Assert.That(space.TotalBytes, Is.GreaterThan(0UL));
            Assert.That(space.TotalFreeBytes, Is.LessThanOrEqualTo(space.TotalBytes));
            Assert.That(space.FreeBytesAvailable, Is.LessThanOrEqualTo(space.TotalBytes));
        });
        return volume;
    }

    /// <summary>Names Windows and the shell probe on every new volume: none exists on a share.</summary>
    public void ProbeSystemNames()
    {
        foreach (string name in new[] { "\\System Volume Information", "\\$RECYCLE.BIN", "\\autorun.inf" })
        {
            var probe = _driver.Create(name, IoRequest.QueryAttributes);
            Assert.That(probe.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), name);
        }
    }

    /// <summary>Opens a folder, checks it, lists it against the disk, opens every child for its attributes; returns
    /// the listing.</summary>
    public IReadOnlyList<FindEntry> BrowseFolder(string dokanPath, uint volumeSerial)
    {
        var opened = _driver.Create(dokanPath, IoRequest.ListFolder);
        Assert.That(opened.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"open {dokanPath}");
        var folder = opened.Open!;
        Assert.That(folder.IsDirectory, Is.True);

        var folderInfo = _driver.GetFileInformation(folder);
        Assert.Multiple(() =>
        {
            Assert.That(folderInfo.Status, Is.Zero);
            Assert.That(folderInfo.Attributes.HasFlag(FileAttributes.Directory), Is.True);
            Assert.That(folderInfo.NumberOfLinks, Is.EqualTo(1u));
            Assert.That(folderInfo.VolumeSerialNumber, Is.EqualTo(volumeSerial));
        });

        var listing = _driver.FindFiles(folder);
        Assert.That(listing.CallbackStatus, Is.Zero, $"list {dokanPath}");
        var disk = new DirectoryInfo(DiskPath(dokanPath)).EnumerateFileSystemInfos().ToDictionary(e => e.Name, StringComparer.Ordinal);
        var filled = listing.Filled!;
        Assert.Multiple(() =>
        {
            Assert.That(filled.Select(e => e.Name), Is.EquivalentTo(disk.Keys), $"names in {dokanPath}");
            Assert.That(filled.Any(e => e.Name is "." or ".."), Is.False, "the library adds . and ..");
            bool isRoot = dokanPath == "\\";
            Assert.That(listing.Entries.Any(e => e.Name == "."), Is.EqualTo(!isRoot), ". in a listing");
            foreach (var entry in filled)
            {
                if (!disk.TryGetValue(entry.Name, out var onDisk))
                {
                    continue;
                }
                bool diskIsDirectory = onDisk is DirectoryInfo;
                Assert.That(entry.IsDirectory, Is.EqualTo(diskIsDirectory), $"{entry.Name} directory bit");
                Assert.That(entry.AlternateName, Is.Empty);
                if (!diskIsDirectory)
                {
                    Assert.That(entry.Size, Is.EqualTo(((FileInfo)onDisk).Length), $"{entry.Name} size");
                }
                var written = DateTime.FromFileTimeUtc(entry.LastWriteTime);
                Assert.That(written, Is.EqualTo(onDisk.LastWriteTimeUtc).Within(TimeSpan.FromSeconds(2)), $"{entry.Name} write time");
            }
        });

        var indexes = new Dictionary<ulong, string>();
        foreach (var entry in filled)
        {
            string childPath = Combine(dokanPath, entry.Name);
            var child = _driver.Create(childPath, IoRequest.QueryAttributes);
            Assert.That(child.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"attributes open of {childPath}");
            var first = _driver.GetFileInformation(child.Open!);
            var second = _driver.GetFileInformation(child.Open!); // Windows asks once per information class
            _driver.Cleanup(child.Open!);
            _driver.Close(child.Open!);
            Assert.Multiple(() =>
            {
                Assert.That(child.Open!.IsDirectory, Is.EqualTo(entry.IsDirectory), $"{childPath} IsDirectory");
                Assert.That(first.Status, Is.Zero);
                Assert.That(first.Size, Is.EqualTo(entry.IsDirectory ? 0 : entry.Size), $"{childPath} size");
                Assert.That(first.Attributes.HasFlag(FileAttributes.Directory), Is.EqualTo(entry.IsDirectory));
                Assert.That(first.FileIndex, Is.Not.Zero, $"{childPath} file index");
                Assert.That(second.FileIndex, Is.EqualTo(first.FileIndex), $"{childPath} stable file index");
                Assert.That(indexes.TryAdd(first.FileIndex, childPath), Is.True, $"{childPath} shares its index with another entry");
                Assert.That(child.Open.Context, Is.Zero, "context released at CloseFile");
            });
        }

        _driver.Cleanup(folder);
        _driver.Close(folder);
        return filled;
    }

    /// <summary>The shell looks for desktop.ini in every folder and even below files: NTFS says the name (or, below a
    /// file, the path) does not exist, and asking again must not reach the server.</summary>
    public void ProbeDesktopIni(IEnumerable<string> folders, string someFile)
    {
        foreach (string folder in folders)
        {
            string probe = Combine(folder, "desktop.ini");
            var first = _driver.Create(probe, IoRequest.ProbeDesktopIni);
            long before = ServerRoundTrips?.Invoke() ?? 0;
            var again = _driver.Create(probe, IoRequest.ProbeDesktopIni);
            long after = ServerRoundTrips?.Invoke() ?? 0;
            Assert.Multiple(() =>
            {
                Assert.That(first.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), probe);
                Assert.That(again.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), probe);
                Assert.That(after - before, Is.Zero, $"second probe of {probe} reached the server");
            });
        }
        var belowFile = _driver.Create(Combine(someFile, "desktop.ini"), IoRequest.ProbeDesktopIni);
        Assert.That(belowFile.VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND), "desktop.ini below a file");
    }

    /// <summary>Opens <paramref name="dokanPath"/> for FILE_GENERIC_READ and reads it at many offsets, cached and
    /// paging, comparing every byte with the disk; reads once more after Cleanup, as a memory map would.</summary>
    public void ReadFileEverywhere(string dokanPath, int seed)
    {
        byte[] expected = File.ReadAllBytes(DiskPath(dokanPath));
        long size = expected.Length;
        var opened = _driver.Create(dokanPath, IoRequest.ReadFile);
        Assert.That(opened.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS), $"open {dokanPath}");
        var file = opened.Open!;
        Assert.That(file.IsDirectory, Is.False);
        var info = _driver.GetFileInformation(file);
        Assert.That(info.Size, Is.EqualTo(size));

        var reads = new List<(long Offset, int Length)>
        {
            (0, 4096), (0, 1), (1, 4095), (4095, 2), (65536, 65536), (7, 1024 * 1024 + 3),
            (size - 1, 1), (size - 100, 4096), (size / 2, 8192), (0, (int)Math.Min(size, 4 * 1024 * 1024)),
        };
        var random = new Random(seed);
        for (int i = 0; i < 64; i++)
        {
            reads.Add((random.NextInt64(0, size), random.Next(1, 256 * 1024)));
        }
        foreach (var (offset, length) in reads)
        {
            if (offset < 0)
            {
                continue;
            }
            var read = _driver.Read(file, offset, length);
            int expectedLength = (int)Math.Max(0, Math.Min(length, size - offset));
            Assert.That(read.Status, Is.EqualTo(offset >= size ? SimulatedDokanDriver.StatusEndOfFile : 0), $"read {length} at {offset}");
            byte[] expectedBytes = offset >= size ? [] : expected.AsSpan((int)offset, expectedLength).ToArray();
            Assert.That(read.Data, Is.EqualTo(expectedBytes), $"bytes {length} at {offset}");
        }

        // At and past end of file: SUCCESS with 0 bytes from us, END_OF_FILE for the caller.
        var atEnd = _driver.Read(file, size, 4096);
        var pastEnd = _driver.Read(file, size + 5000, 10);
        // Paging reads come in whole pages; the last page must be clamped to the file size.
        long lastPage = size / 4096 * 4096;
        var paging = _driver.Read(file, lastPage, 65536, pagingIo: true);
        var pagingPast = _driver.Read(file, (size + 4095) / 4096 * 4096 + 4096, 4096, pagingIo: true);
        Assert.Multiple(() =>
        {
            Assert.That(atEnd.CallbackStatus, Is.Zero);
            Assert.That(atEnd.Status, Is.EqualTo(SimulatedDokanDriver.StatusEndOfFile));
            Assert.That(pastEnd.Status, Is.EqualTo(SimulatedDokanDriver.StatusEndOfFile));
            Assert.That(paging.Status, Is.Zero);
            Assert.That(paging.Data, Is.EqualTo(expected.AsSpan((int)lastPage).ToArray()), "clamped paging read");
            Assert.That(pagingPast.CallbackStatus, Is.Zero);
            Assert.That(pagingPast.Status, Is.EqualTo(SimulatedDokanDriver.StatusEndOfFile));
        });

        _driver.Cleanup(file);
        var afterCleanup = _driver.Read(file, 0, 8192, pagingIo: true);
        Assert.That(afterCleanup.Data, Is.EqualTo(expected.AsSpan(0, (int)Math.Min(8192, size)).ToArray()), "paging read after Cleanup");
        _driver.Close(file);
        Assert.That(file.Context, Is.Zero, "context released at CloseFile");
    }

    /// <summary>NTFS's answers to opens that do not fit the object.</summary>
    public void CheckOpenStatuses(string someFile, string someFolder)
    {
        Assert.Multiple(() =>
        {
            Assert.That(_driver.Create(someFile, IoRequest.ListFolder).VfsStatus, Is.EqualTo(VfsStatus.STATUS_NOT_A_DIRECTORY), "file as folder");
            Assert.That(_driver.Create(someFolder, IoRequest.ReadFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_FILE_IS_A_DIRECTORY), "folder as file");
            Assert.That(_driver.Create("\\no such folder\\x.txt", IoRequest.ReadFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_PATH_NOT_FOUND), "missing parent");
            Assert.That(_driver.Create("\\no such file.txt", IoRequest.ReadFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND), "missing leaf");
            Assert.That(_driver.Create(someFile, IoRequest.ReadWriteFile).VfsStatus, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED), "write access");
            Assert.That(_driver.Create(someFile, IoRequest.DeleteIntent).VfsStatus, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED), "delete access");
            Assert.That(_driver.Create("\\new.txt", IoRequest.CreateNew).VfsStatus, Is.EqualTo(VfsStatus.STATUS_MEDIA_WRITE_PROTECTED), "create");
        });
        var anything = _driver.Create(someFolder, IoRequest.OpenAnything);
        Assert.Multiple(() =>
        {
            Assert.That(anything.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
            Assert.That(anything.Open!.IsDirectory, Is.True, "IsDirectory set without FILE_DIRECTORY_FILE");
        });
        _driver.Cleanup(anything.Open!);
        _driver.Close(anything.Open!);
    }

    /// <summary>The whole sequence, as a user opening the drive in Explorer and then a file in an application.</summary>
    public void Run(string bigFile, int seed)
    {
        Mount();
        var volume = QueryVolume();
        ProbeSystemNames();

        var root = _driver.Create("\\", IoRequest.ListFolder);
        Assert.That(root.VfsStatus, Is.EqualTo(VfsStatus.STATUS_SUCCESS));
        var security = _driver.GetFileSecurity(root.Open!, 4096);
        Assert.That(security.Status, Is.EqualTo(SimulatedDokanDriver.StatusNotImplemented), "library builds the default descriptor");
        _driver.Cleanup(root.Open!);
        _driver.Close(root.Open!);

        var rootEntries = BrowseFolder("\\", volume.SerialNumber);
        var folders = new List<string> { "\\" };
        foreach (var folder in rootEntries.Where(e => e.IsDirectory))
        {
            string path = Combine("\\", folder.Name);
            folders.Add(path);
            BrowseFolder(path, volume.SerialNumber);
        }
        string someFile = Combine("\\", rootEntries.First(e => !e.IsDirectory).Name);
        ProbeDesktopIni(folders, someFile);
        CheckOpenStatuses(someFile, folders[^1]);
        ReadFileEverywhere(bigFile, seed);
        Unmount();
    }

    private string DiskPath(string dokanPath) =>
        Path.Combine(DiskRoot, dokanPath.TrimStart('\\').Replace('\\', Path.DirectorySeparatorChar));

    private static string Combine(string folder, string name) => folder.EndsWith('\\') ? folder + name : folder + "\\" + name;
}
