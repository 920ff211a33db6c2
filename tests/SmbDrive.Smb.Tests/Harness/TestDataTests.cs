using System.Text;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Harness;

[TestFixture]
public sealed class TestDataTests
{
    private string _scratch = null!;

    [SetUp]
    public void SetUp() => _scratch = Directory.CreateTempSubdirectory("smbdrive-testdata-tests-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_scratch, recursive: true);

    [Test]
    public void Mix_CounterFromZeroState_MatchesPublishedSplitMix64Outputs()
    {
        // Vigna's splitmix64.c seeded with x = 0 starts with these three outputs.
        const ulong Gamma = 0x9E3779B97F4A7C15UL;

        Assert.That(SplitMix64.Mix(1 * Gamma), Is.EqualTo(0xE220A8397B1DCDAFUL));
        Assert.That(SplitMix64.Mix(unchecked(2 * Gamma)), Is.EqualTo(0x6E789E6AA1B965F4UL));
        Assert.That(SplitMix64.Mix(unchecked(3 * Gamma)), Is.EqualTo(0x06C45D188009454FUL));
    }

    [Test]
    public void Fill_UnalignedRanges_EqualSlicesOfOneWholeFill()
    {
        var whole = TestData.RandomContent(seed: 5, offset: 0, length: 200);

        foreach (var (offset, length) in new[] { (0, 200), (1, 7), (3, 100), (8, 8), (13, 1), (190, 10), (199, 1), (57, 0) })
        {
            Assert.That(TestData.RandomContent(5, offset, length), Is.EqualTo(whole.AsSpan(offset, length).ToArray()), $"offset {offset}, length {length}");
        }
    }

    [Test]
    public void Fill_DifferentSeeds_DifferentBytes()
    {
        Assert.That(TestData.RandomContent(1, 0, 64), Is.Not.EqualTo(TestData.RandomContent(2, 0, 64)));
    }

    [Test]
    public void CreateRandomFile_AcrossChunkBoundaries_EqualsRandomContent()
    {
        const long Size = (1L << 20) * 2 + 12_345;
        var path = Path.Combine(_scratch, "sub", "rand.bin");

        TestData.CreateRandomFile(path, Size, seed: 99);

        Assert.That(new FileInfo(path).Length, Is.EqualTo(Size));
        var onDisk = File.ReadAllBytes(path);
        Assert.That(onDisk, Is.EqualTo(TestData.RandomContent(99, 0, (int)Size)));
        Assert.That(TestData.RandomContent(99, (1L << 20) - 5, 10), Is.EqualTo(onDisk.AsSpan((1 << 20) - 5, 10).ToArray()));
    }

    [Test]
    public void CreateSparseFile_RegionsAboveFourGiB_ReadBackAndHolesAreZero()
    {
        const long Size = 5L << 30;
        const long High = (4L << 30) + 4093;
        var path = Path.Combine(_scratch, "sparse.bin");
        var low = Encoding.ASCII.GetBytes("start");
        var high = TestData.RandomContent(7, 0, 10_000);

        TestData.CreateSparseFile(path, Size, [(0L, low), (High, high)]);

        Assert.That(new FileInfo(path).Length, Is.EqualTo(Size));
        FileComparer.AssertRangeEquals(path, 0, low);
        FileComparer.AssertRangeEquals(path, High, high);
        FileComparer.AssertRangeEquals(path, High - 4096, new byte[4096]);
        FileComparer.AssertRangeEquals(path, Size - 4096, new byte[4096]);
    }

    [Test]
    public void CreateSparseFile_RegionPastTheEnd_Throws()
    {
        var path = Path.Combine(_scratch, "bad.bin");

        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.CreateSparseFile(path, 100, [(96L, new byte[5])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.CreateSparseFile(path, 100, [(long.MaxValue, new byte[5])]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.CreateSparseFile(path, 100, [(-1L, new byte[1])]));
    }

    [Test]
    public void CreateManyFiles_TwoThousand_DistinctNamesAndContents()
    {
        var dir = Path.Combine(_scratch, "many");

        var names = TestData.CreateManyFiles(dir, 2_000, "f");

        Assert.That(names, Has.Count.EqualTo(2_000));
        Assert.That(Directory.GetFiles(dir), Has.Length.EqualTo(2_000));
        Assert.That(names.Distinct().Count(), Is.EqualTo(2_000));
        Assert.That(File.ReadAllBytes(Path.Combine(dir, names[1234])), Is.EqualTo(TestData.ManyFileContent("f", 1234)));
        Assert.That(TestData.ManyFileContent("f", 1), Is.Not.EqualTo(TestData.ManyFileContent("f", 2)));
    }

    [Test]
    public void CreateDeepPath_FiftyLevels_FileAtBottomWithKnownContent()
    {
        var relative = TestData.CreateDeepPath(_scratch, 50);

        Assert.That(relative.Split('/'), Has.Length.EqualTo(51));
        Assert.That(File.ReadAllBytes(Path.Combine(_scratch, relative)), Is.EqualTo(TestData.DeepFileContent(50)));
    }

    [Test]
    public void UnicodeNames_AreDistinctNormalizedAndCoverSurrogatePairs()
    {
        var names = TestData.UnicodeNames;

        Assert.That(names.Distinct().Count(), Is.EqualTo(names.Count));
        Assert.That(names, Has.All.Matches<string>(n => n.IsNormalized(NormalizationForm.FormC)));
        Assert.That(names.Any(n => n.Any(char.IsSurrogate)), Is.True);
        Assert.That(names.Any(n => n.Contains(' ')), Is.True);
        Assert.That(names, Does.Contain("café.txt").And.Contain("日本語のファイル.txt"));
    }

    [Test]
    public void CreateUnicodeFiles_EachFileHoldsItsName()
    {
        var dir = Path.Combine(_scratch, "unicode");

        var names = TestData.CreateUnicodeFiles(dir);

        foreach (var name in names)
        {
            Assert.That(File.ReadAllText(Path.Combine(dir, name), Encoding.UTF8), Is.EqualTo(name));
        }
    }

    [Test]
    public void CachedRandomFile_SecondCall_ReusesFileAndRepairsDamagedOne()
    {
        // A seed no other test uses, so parallel test processes do not share this particular file.
        const int Seed = 770_123;
        const long Size = 100_003;

        var path = TestData.CachedRandomFile(Size, Seed);
        var written = File.GetLastWriteTimeUtc(path);
        var again = TestData.CachedRandomFile(Size, Seed);
        var rewrittenOnReuse = File.GetLastWriteTimeUtc(again) != written;
        File.WriteAllBytes(path, new byte[Size]);
        var repaired = TestData.CachedRandomFile(Size, Seed);

        Assert.That(again, Is.EqualTo(path));
        Assert.That(path, Does.StartWith(TestData.CacheDirectory));
        Assert.That(rewrittenOnReuse, Is.False);
        Assert.That(File.ReadAllBytes(repaired), Is.EqualTo(TestData.RandomContent(Seed, 0, (int)Size)));
    }

    [Test]
    public void AssertRangeEquals_SameBytes_Passes()
    {
        var path = Path.Combine(_scratch, "cmp.bin");
        TestData.CreateRandomFile(path, 5000, seed: 3);

        Assert.DoesNotThrow(() => FileComparer.AssertRangeEquals(path, 1000, TestData.RandomContent(3, 1000, 2000)));
    }

    [Test]
    public void AssertRangeEquals_OneByteDiffers_ReportsItsFileOffset()
    {
        var path = Path.Combine(_scratch, "cmp.bin");
        TestData.CreateRandomFile(path, 5000, seed: 3);
        var actual = TestData.RandomContent(3, 1000, 2000);
        actual[234] ^= 0xFF;

        var failure = Assert.Throws<AssertionException>(() => FileComparer.AssertRangeEquals(path, 1000, actual));

        Assert.That(failure!.Message, Does.Contain("first difference at offset 1234"));
    }

    [Test]
    public void AssertRangeEquals_RangePastEnd_Fails()
    {
        var path = Path.Combine(_scratch, "short.bin");
        TestData.CreateRandomFile(path, 100, seed: 3);

        var failure = Assert.Throws<AssertionException>(() => FileComparer.AssertRangeEquals(path, 90, new byte[20]));

        Assert.That(failure!.Message, Does.Contain("past the end"));
    }
}
