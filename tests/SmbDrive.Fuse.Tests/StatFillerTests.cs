using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed class StatFillerTests
{
    private static readonly StatOwner s_owner = new(1234, 5678);

    private static VfsFileInfo File(long size = 10, long allocation = 0, FileAttributes attributes = FileAttributes.Archive,
        bool directory = false, ulong fileId = 77) => new()
    {
        Name = "x",
        IsDirectory = directory,
        Size = size,
        AllocationSize = allocation,
        Attributes = directory ? FileAttributes.Directory : attributes,
        CreationTimeUtc = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        LastAccessTimeUtc = new DateTime(2021, 2, 3, 4, 5, 6, DateTimeKind.Utc).AddTicks(1234567),
        LastWriteTimeUtc = new DateTime(2022, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(10),
        ChangeTimeUtc = new DateTime(2023, 4, 5, 6, 7, 8, DateTimeKind.Utc),
        FileId = fileId,
    };

    [Test]
    public void Fill_ReadOnlyFile_IsRegular0444WithSizeOwnerAndInode()
    {
        var stat = new Stat { Rdev = 99 };

        StatFiller.Fill(ref stat, File(size: 5000, fileId: 42), "/x", s_owner, readOnly: true);

        Assert.Multiple(() =>
        {
            Assert.That(stat.Mode, Is.EqualTo(0x8000u | 0x124u), "S_IFREG | 0444");
            Assert.That(stat.Size, Is.EqualTo(5000));
            Assert.That(stat.Ino, Is.EqualTo(42UL));
            Assert.That(stat.Uid, Is.EqualTo(1234u));
            Assert.That(stat.Gid, Is.EqualTo(5678u));
            Assert.That(stat.Nlink, Is.EqualTo(1UL));
            Assert.That(stat.Rdev, Is.EqualTo(0UL), "the struct is cleared first");
            Assert.That(stat.Blocks, Is.EqualTo(10), "ceil(5000 / 512)");
            Assert.That(stat.Blksize, Is.EqualTo(1 << 20));
        });
    }

    [Test]
    public void Fill_ReadOnlyDirectory_IsDirectory0555()
    {
        var stat = new Stat();

        StatFiller.Fill(ref stat, File(directory: true, size: 0), "/d", s_owner, readOnly: true);

        Assert.That(stat.Mode, Is.EqualTo(0x4000u | 0x16Du), "S_IFDIR | 0555");
    }

    [Test]
    public void Fill_WritableDrive_Uses0755And0644UnlessTheFileIsReadOnly()
    {
        Stat directory = default, file = default, readOnlyFile = default;

        StatFiller.Fill(ref directory, File(directory: true), "/d", s_owner, readOnly: false);
        StatFiller.Fill(ref file, File(), "/f", s_owner, readOnly: false);
        StatFiller.Fill(ref readOnlyFile, File(attributes: FileAttributes.ReadOnly), "/r", s_owner, readOnly: false);

        Assert.Multiple(() =>
        {
            Assert.That(directory.Mode & 0xFFF, Is.EqualTo(0x1EDu), "0755");
            Assert.That(file.Mode & 0xFFF, Is.EqualTo(0x1A4u), "0644");
            Assert.That(readOnlyFile.Mode & 0xFFF, Is.EqualTo(0x124u), "0444");
        });
    }

    [Test]
    public void Fill_AllocationSize_DrivesBlockCount()
    {
        var stat = new Stat();

        StatFiller.Fill(ref stat, File(size: 1, allocation: 4096), "/x", s_owner, readOnly: true);

        Assert.That(stat.Blocks, Is.EqualTo(8));
    }

    [Test]
    public void Fill_Times_AreUnixSecondsAndNanoseconds()
    {
        var stat = new Stat();
        var info = File();

        StatFiller.Fill(ref stat, info, "/x", s_owner, readOnly: true);

        Assert.Multiple(() =>
        {
            // 2022-03-04T05:06:07Z = 1646370367; 10 ticks = 1000 ns.
            Assert.That(stat.Mtim.Sec, Is.EqualTo(1646370367));
            Assert.That(stat.Mtim.Nsec, Is.EqualTo(1000));
            // 2021-02-03T04:05:06Z = 1612325106; 1234567 ticks = 123456700 ns.
            Assert.That(stat.Atim.Sec, Is.EqualTo(1612325106));
            Assert.That(stat.Atim.Nsec, Is.EqualTo(123456700));
            // 2023-04-05T06:07:08Z = 1680674828.
            Assert.That(stat.Ctim.Sec, Is.EqualTo(1680674828));
        });
    }

    [Test]
    public void ToTimespec_BeforeUnixEpoch_HasNegativeSecondsAndPositiveNanoseconds()
    {
        var time = DateTime.UnixEpoch.AddTicks(-1); // 100 ns before 1970

        var spec = StatFiller.ToTimespec(time);

        Assert.Multiple(() =>
        {
            Assert.That(spec.Sec, Is.EqualTo(-1));
            Assert.That(spec.Nsec, Is.EqualTo(999_999_900));
        });
    }

    [Test]
    public void ToTimespec_UnknownTime_IsTheUnixEpoch()
    {
        Assert.Multiple(() =>
        {
            Assert.That(StatFiller.ToTimespec(default), Is.EqualTo(default(Timespec)));
            Assert.That(StatFiller.ToTimespec(new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc)), Is.EqualTo(default(Timespec)));
        });
    }

    [Test]
    public void InodeOf_NoServerFileId_IsAStableCaseInsensitiveHashWithTheTopBitSet()
    {
        var info = File(fileId: 0);

        ulong a = StatFiller.InodeOf(info, "/Dir/File.txt");
        ulong b = StatFiller.InodeOf(info, @"dir\file.TXT");
        ulong other = StatFiller.InodeOf(info, "/dir/other.txt");

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a, Is.Not.EqualTo(other));
            Assert.That(a & (1UL << 63), Is.Not.Zero);
        });
    }

    [TestCase("", 0xcbf29ce484222325UL)]
    [TestCase("a", 0xaf63dc4c8601ec8cUL)]
    [TestCase("foobar", 0x85944171f73967e8UL)]
    public void Fnv1a64_PublishedVectors_Match(string input, ulong expected)
    {
        // Test vectors from the FNV reference (Fowler/Noll/Vo, FNV-1a 64-bit).
        Assert.That(StatFiller.Fnv1a64(System.Text.Encoding.ASCII.GetBytes(input)), Is.EqualTo(expected));
    }

    [Test]
    public void SyntheticInode_Path_IsFnv1aOfTheUpperCasedSlashPathWithTopBit()
    {
        Assert.That(StatFiller.SyntheticInode(@"\foobar\"), Is.EqualTo(StatFiller.Fnv1a64("FOOBAR"u8) | (1UL << 63)));
    }
}
