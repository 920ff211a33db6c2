using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using SmbDrive.Fuse.Native;
using SmbDrive.Fuse.Tests.Fakes;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests;

/// <summary>The operations behind the native callbacks, called directly with stack-allocated native structs.</summary>
[TestFixture]
public sealed unsafe class FuseFileSystemTests
{
    private const string EmojiName = "emoji 😀.txt";
    private string _root = "";
    private byte[] _data = [];
    private DirectoryBackedDrive _drive = null!;
    private CapturingLogger _log = null!;
    private FuseFileSystem _fs = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("fuse-ops-").FullName;
        _data = new byte[200_000];
        new Random(7).NextBytes(_data);
        File.WriteAllBytes(Path.Combine(_root, "data.bin"), _data);
        File.WriteAllText(Path.Combine(_root, EmojiName), "smile");
        Directory.CreateDirectory(Path.Combine(_root, "sub"));
        for (int i = 0; i < 20; i++)
            File.WriteAllText(Path.Combine(_root, "sub", $"f{i:D2}"), new string('x', i));
        _drive = new DirectoryBackedDrive(_root);
        _log = new CapturingLogger();
        _fs = new FuseFileSystem(_drive, new StatOwner(1001, 1002), _log.Logger);
    }

    [TearDown]
    public void TearDown()
    {
        _fs.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Test]
    public void GetAttr_File_FillsStatFromTheDrive()
    {
        Stat stat;

        int result = _fs.GetAttr("/data.bin", &stat, null);
        var statCopy = stat;

        var expected = _drive.GetInfoAsync("/data.bin", default).Result.Value!;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.Zero);
            Assert.That(statCopy.Size, Is.EqualTo(_data.Length));
            Assert.That(statCopy.Mode, Is.EqualTo(LibC.S_IFREG | StatFiller.ReadOnlyFileMode));
            Assert.That(statCopy.Ino, Is.EqualTo(expected.FileId));
            Assert.That(statCopy.Uid, Is.EqualTo(1001u));
            Assert.That(statCopy.Mtim.Sec, Is.EqualTo(new DateTimeOffset(expected.LastWriteTimeUtc).ToUnixTimeSeconds()));
        });
    }

    [Test]
    public void GetAttr_Missing_IsNegatedErrnoFromStatusMap()
    {
        Stat stat;

        int result = _fs.GetAttr("/missing", &stat, null);

        Assert.That(result, Is.EqualTo(-StatusMap.ToErrno(VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND)).And.EqualTo(-2));
    }

    [Test]
    public void GetAttr_DriveThrows_IsEioAndTheExceptionIsLogged()
    {
        _drive.Fault = (op, path) => path == "data.bin" ? new InvalidOperationException("boom") : null;
        Stat stat;

        int result = _fs.GetAttr("/data.bin", &stat, null);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(-StatusMap.EIO));
            Assert.That(_log.Errors.Single().Exception, Is.TypeOf<InvalidOperationException>());
        });
    }

    [Test]
    public void GetAttr_WithOpenHandle_AsksTheDriveByHandle()
    {
        FuseFileInfo fileInfo = default;
        Assert.That(_fs.Open("/data.bin", &fileInfo), Is.Zero);
        _drive.InfoRequests.Clear();
        Stat stat;

        int result = _fs.GetAttr("/data.bin", &stat, &fileInfo);
        var statCopy = stat;

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.Zero);
            Assert.That(statCopy.Size, Is.EqualTo(_data.Length));
            Assert.That(_drive.InfoRequests, Is.Empty, "answered from the handle, not by path");
        });
    }

    [TestCase(LibC.O_WRONLY)]
    [TestCase(LibC.O_RDWR)]
    [TestCase(LibC.O_TRUNC)]
    [TestCase(LibC.O_APPEND)]
    [TestCase(LibC.O_WRONLY | LibC.O_CREAT)]
    public void Open_WriteFlags_OnReadOnlyDrive_AreErofsWithoutOpening(int flags)
    {
        var fileInfo = new FuseFileInfo { Flags = flags };

        int result = _fs.Open("/data.bin", &fileInfo);
        var fileInfoCopy = fileInfo;

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_drive.OpenHandleCount, Is.Zero);
            Assert.That(fileInfoCopy.Fh, Is.Zero);
        });
    }

    [Test]
    public void Open_ReadOnly_StoresAHandleThatReleaseCloses()
    {
        var fileInfo = new FuseFileInfo { Flags = 0 };

        int opened = _fs.Open("/data.bin", &fileInfo);
        int openCount = _drive.OpenHandleCount;
        int released = _fs.Release("/data.bin", &fileInfo);
        var fileInfoCopy = fileInfo;

        Assert.Multiple(() =>
        {
            Assert.That(opened, Is.Zero);
            Assert.That(fileInfoCopy.Fh, Is.Not.Zero);
            Assert.That(openCount, Is.EqualTo(1));
            Assert.That(released, Is.Zero);
            Assert.That(_drive.OpenHandleCount, Is.Zero);
            Assert.That(_fs.Handles.Count, Is.Zero);
        });
    }

    [Test]
    public void Open_OfANameGoneFromTheServer_IsEstale_SoThatTheKernelLooksItUpAgain()
    {
        // The kernel opens only names it has cached as existing: if the drive no longer finds one, the name is stale.
        var fileInfo = new FuseFileInfo();

        Assert.That(_fs.Open("/nope", &fileInfo), Is.EqualTo(-StatusMap.ESTALE));
    }

    [Test]
    public void Read_OneDriveReadAnswersTheRequest_ItsCountAsItIs()
    {
        // The drive returns fewer bytes only at the end of the file (the client's read engine decides that, once):
        // the front-end passes the count on and does not ask again.
        _drive.MaxReadChunk = 1000;
        var fileInfo = new FuseFileInfo();
        _fs.Open("/data.bin", &fileInfo);
        var buffer = new byte[65536];

        int read;
        fixed (byte* p = buffer)
            read = _fs.Read("/data.bin", p, (nuint)buffer.Length, 5, &fileInfo);

        Assert.Multiple(() =>
        {
            Assert.That(read, Is.EqualTo(1000));
            Assert.That(buffer.AsSpan(0, 1000).ToArray(), Is.EqualTo(_data.AsSpan(5, 1000).ToArray()));
        });
    }

    [Test]
    public void Read_AcrossEndOfFile_ReturnsTheRemainderThenZero()
    {
        var fileInfo = new FuseFileInfo();
        _fs.Open("/data.bin", &fileInfo);
        var buffer = new byte[4096];

        int tail, past;
        fixed (byte* p = buffer)
        {
            tail = _fs.Read("/data.bin", p, 4096, _data.Length - 100, &fileInfo);
            past = _fs.Read("/data.bin", p, 4096, _data.Length + 10, &fileInfo);
        }

        Assert.Multiple(() =>
        {
            Assert.That(tail, Is.EqualTo(100));
            Assert.That(buffer.AsSpan(0, 100).ToArray(), Is.EqualTo(_data.AsSpan(_data.Length - 100).ToArray()));
            Assert.That(past, Is.Zero);
        });
    }

    [Test]
    public void Read_UnknownHandle_IsEbadf()
    {
        var fileInfo = new FuseFileInfo { Fh = 999 };
        byte b;

        Assert.That(_fs.Read("/data.bin", &b, 1, 0, &fileInfo), Is.EqualTo(-StatusMap.EBADF));
    }

    [Test]
    public void Read_DriveThrows_IsEio()
    {
        var fileInfo = new FuseFileInfo();
        _fs.Open("/data.bin", &fileInfo);
        _drive.Fault = (op, _) => op == "read" ? new IOException("network gone") : null;
        var buffer = new byte[16];

        int read;
        fixed (byte* p = buffer)
            read = _fs.Read("/data.bin", p, 16, 0, &fileInfo);

        Assert.That(read, Is.EqualTo(-StatusMap.EIO));
    }

    [Test]
    public void ReadDir_Root_ListsDotsAndChildrenWithFullStatAndRisingOffsets()
    {
        var fileInfo = new FuseFileInfo();
        Assert.That(_fs.OpenDir("/", &fileInfo), Is.Zero);
        var collector = new DirectoryCollector(int.MaxValue);

        int result = collector.Run(_fs, "/", 0, &fileInfo);

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.Zero);
            Assert.That(collector.Names, Is.EquivalentTo(new[] { ".", "..", "data.bin", EmojiName, "sub" }));
            Assert.That(collector.Offsets, Is.EqualTo(Enumerable.Range(1, 5).Select(i => (long)i)));
            Assert.That(collector.Flags.Distinct(), Is.EqualTo(new[] { LibFuse.FillDirPlus }));
            Assert.That(collector.Entries["data.bin"].Size, Is.EqualTo(_data.Length));
            Assert.That(collector.Entries["sub"].Mode & 0xF000, Is.EqualTo(LibC.S_IFDIR));
            Assert.That(collector.Entries[EmojiName].Size, Is.EqualTo(5));
        });
    }

    [Test]
    public void ReadDir_BufferFills_ResumesAtTheReturnedOffsetFromTheSameSnapshot()
    {
        var fileInfo = new FuseFileInfo();
        _fs.OpenDir("/sub", &fileInfo);
        int lists = 0;
        _drive.Fault = (op, _) =>
        {
            if (op == "list")
                Interlocked.Increment(ref lists);
            return null;
        };
        var names = new List<string>();
        long offset = 0;

        for (int page = 0; page < 20; page++)
        {
            var collector = new DirectoryCollector(capacity: 7);
            Assert.That(collector.Run(_fs, "/sub", offset, &fileInfo), Is.Zero);
            if (collector.Names.Count == 0)
                break;
            names.AddRange(collector.Names);
            offset = collector.Offsets[^1];
        }

        Assert.Multiple(() =>
        {
            Assert.That(names, Has.Count.EqualTo(22), ". and .. plus 20 files, none twice");
            Assert.That(names.Distinct().Count(), Is.EqualTo(22));
            Assert.That(lists, Is.EqualTo(1), "one listing, paged");
        });
    }

    [Test]
    public void OpenDir_OnFile_IsEnotdir()
    {
        var fileInfo = new FuseFileInfo();

        Assert.That(_fs.OpenDir("/data.bin", &fileInfo), Is.EqualTo(-StatusMap.ENOTDIR));
    }

    [Test]
    public void StatFs_VolumeInfo_BecomesBlocksOfTheAllocationUnit()
    {
        StatVfs statVfs;

        int result = _fs.StatFs("/", &statVfs);
        var statVfsCopy = statVfs;

        var volume = _drive.GetVolumeInfoAsync(default).Result.Value!;
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.Zero);
            Assert.That(statVfsCopy.Bsize, Is.EqualTo(4096UL));
            Assert.That(statVfsCopy.Frsize, Is.EqualTo(4096UL));
            Assert.That(statVfsCopy.Blocks, Is.EqualTo((ulong)volume.TotalBytes / 4096));
            Assert.That(statVfsCopy.Namemax, Is.EqualTo(255UL));
            Assert.That(statVfsCopy.Flag & LibC.ST_RDONLY, Is.EqualTo(LibC.ST_RDONLY));
        });
    }

    [Test]
    public void Access_WriteOnReadOnlyDrive_IsErofs_ExecuteOnFile_IsEacces()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_fs.Access("/data.bin", LibC.W_OK), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Access("/data.bin", LibC.X_OK), Is.EqualTo(-StatusMap.EACCES));
            Assert.That(_fs.Access("/sub", LibC.X_OK), Is.Zero);
            Assert.That(_fs.Access("/data.bin", 4 /* R_OK */), Is.Zero);
            Assert.That(_fs.Access("/missing", 0), Is.EqualTo(-StatusMap.ENOENT));
        });
    }

    [Test]
    public void Unsupported_ReadOnlyDrive_IsErofs_OtherwiseTheHonestErrno()
    {
        int readOnly = _fs.Unsupported("symlink", "/x", StatusMap.EPERM);
        _drive.IsReadOnly = false;
        int writable = _fs.Unsupported("symlink", "/x", StatusMap.EPERM);

        Assert.Multiple(() =>
        {
            Assert.That(readOnly, Is.EqualTo(-30));
            Assert.That(writable, Is.EqualTo(-StatusMap.EPERM));
        });
    }

    [Test]
    public void WriteOperations_OnReadOnlyDrive_AreErofs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_fs.Mkdir("/new"), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Unlink("/data.bin"), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Rmdir("/sub"), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Rename("/data.bin", "/other.bin", 0), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Truncate("/data.bin", 0, null), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Chmod("/data.bin", 0x1A4, null), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Chown("/data.bin", 1001, 1002), Is.EqualTo(-StatusMap.EROFS));
            Assert.That(_fs.Mknod("/fifo", 0x1000), Is.EqualTo(-StatusMap.EROFS));
        });
        Assert.That(File.Exists(Path.Combine(_root, "data.bin")), Is.True);
    }

    [Test]
    public void Rename_ExchangeOrUnknownFlag_IsEinval_Chown_OnlyToTheReportedOwner()
    {
        _drive.IsReadOnly = false;
        Assert.Multiple(() =>
        {
            Assert.That(_fs.Rename("/data.bin", "/sub", FuseFileSystem.RenameExchange), Is.EqualTo(-StatusMap.EINVAL));
            Assert.That(_fs.Rename("/data.bin", "/sub", 4 /* RENAME_WHITEOUT */), Is.EqualTo(-StatusMap.EINVAL));
            Assert.That(_fs.Chown("/data.bin", 1001, 1002), Is.Zero, "the reported owner");
            Assert.That(_fs.Chown("/data.bin", uint.MaxValue, 1002), Is.Zero, "-1 keeps the uid");
            Assert.That(_fs.Chown("/data.bin", 0, 0), Is.EqualTo(-StatusMap.EPERM));
            Assert.That(_fs.Mknod("/fifo", 0x1000 /* S_IFIFO */), Is.EqualTo(-StatusMap.EPERM));
        });
    }

    [TestCase(LibC.O_WRONLY, VfsCreateDisposition.Open)]
    [TestCase(LibC.O_RDWR | LibC.O_TRUNC, VfsCreateDisposition.Overwrite)]
    [TestCase(LibC.O_WRONLY | LibC.O_CREAT, VfsCreateDisposition.OpenIf)]
    [TestCase(LibC.O_WRONLY | LibC.O_CREAT | LibC.O_TRUNC, VfsCreateDisposition.OverwriteIf)]
    [TestCase(LibC.O_WRONLY | LibC.O_CREAT | FuseFileSystem.O_EXCL, VfsCreateDisposition.Create)]
    [TestCase(LibC.O_RDWR | LibC.O_CREAT | FuseFileSystem.O_EXCL | LibC.O_TRUNC, VfsCreateDisposition.Create)]
    public void DispositionOf_OpenFlags_FollowsThePosixMapping(int flags, VfsCreateDisposition expected)
    {
        Assert.That(FuseFileSystem.DispositionOf(flags), Is.EqualTo(expected));
    }


    [Test]
    public void Init_SetsCacheLifetimesInodesAndOneMebibyteReads()
    {
        var connection = new FuseConnInfo { MaxReadahead = 128 * 1024, MaxWrite = 1 << 20 };
        var config = new FuseConfig { EntryTimeout = 1, AttrTimeout = 1 };

        _fs.Init(&connection, &config);
        var configCopy = config;
        var connectionCopy = connection;

        Assert.Multiple(() =>
        {
            Assert.That(configCopy.AttrTimeout, Is.EqualTo(5.0));
            Assert.That(configCopy.EntryTimeout, Is.EqualTo(5.0));
            Assert.That(configCopy.NegativeTimeout, Is.EqualTo(0.0), "names that do not exist are asked of the drive each time");
            Assert.That(configCopy.UseIno, Is.EqualTo(1));
            Assert.That(connectionCopy.MaxRead, Is.EqualTo(1u << 20));
            Assert.That(connectionCopy.MaxReadahead, Is.EqualTo(1u << 20));
        });
    }

    [Test]
    public void Init_KernelOffersMoreReadahead_KeepsIt()
    {
        var connection = new FuseConnInfo { MaxReadahead = 4 << 20 };
        var config = new FuseConfig();

        _fs.Init(&connection, &config);

        Assert.That(connection.MaxReadahead, Is.EqualTo(4u << 20));
    }

    /// <summary>Collects what ReadDir hands to the filler; refuses entries beyond its capacity like a full buffer.</summary>
    private sealed class DirectoryCollector(int capacity)
    {
        public List<string> Names { get; } = [];
        public List<long> Offsets { get; } = [];
        public List<int> Flags { get; } = [];
        public Dictionary<string, Stat> Entries { get; } = [];

        public int Run(FuseFileSystem fs, string path, long offset, FuseFileInfo* fileInfo)
        {
            var handle = GCHandle.Alloc(this);
            try
            {
                return fs.ReadDir(path, (void*)GCHandle.ToIntPtr(handle), &Fill, offset, fileInfo, LibFuse.ReaddirPlus);
            }
            finally
            {
                handle.Free();
            }
        }

        [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
        private static int Fill(void* buffer, byte* name, Stat* stat, long offset, int flags)
        {
            var self = (DirectoryCollector)GCHandle.FromIntPtr((nint)buffer).Target!;
            if (self.Names.Count >= self._capacity)
                return 1;
            string decoded = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name));
            self.Names.Add(decoded);
            self.Offsets.Add(offset);
            self.Flags.Add(flags);
            self.Entries[decoded] = *stat;
            return 0;
        }

        private readonly int _capacity = capacity;
    }
}
