namespace SmbDrive.Dokan.Tests;

/// <summary>CreateFlagsMapper against the tables of DokanMapKernelToUserCreateFileFlags (dokan-api.md §1.3).</summary>
[TestFixture]
public sealed class CreateFlagsMapperTests
{
    // Kernel CreateOptions bit → Win32 FILE_FLAG_* bit (§1.3 table 1).
    [TestCase(0x2u, 0x80000000u, TestName = "WriteThrough")]
    [TestCase(0x4u, 0x08000000u, TestName = "SequentialOnly")]
    [TestCase(0x800u, 0x10000000u, TestName = "RandomAccess")]
    [TestCase(0x8u, 0x20000000u, TestName = "NoIntermediateBuffering")]
    [TestCase(0x200000u, 0x00200000u, TestName = "OpenReparsePoint")]
    [TestCase(0x1000u, 0x04000000u, TestName = "DeleteOnClose")]
    [TestCase(0x4000u, 0x02000000u, TestName = "OpenForBackupIntent")]
    [TestCase(0x40000u, 0x00800000u, TestName = "SessionAware")]
    public void MapAttributesAndFlags_OneCreateOption_AddsItsWin32Flag(uint createOption, uint win32Flag)
    {
        Assert.That(CreateFlagsMapper.MapAttributesAndFlags(0, createOption), Is.EqualTo(win32Flag));
    }

    [Test]
    public void MapAttributesAndFlags_OptionsWithoutWin32Counterpart_AddNothing()
    {
        // FILE_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE | FILE_OPEN_BY_FILE_ID
        Assert.That(CreateFlagsMapper.MapAttributesAndFlags(0, 0x1 | 0x20 | 0x40 | 0x2000), Is.Zero);
    }

    [Test]
    public void MapAttributesAndFlags_KeepsAttributes_AndCombinesFlags()
    {
        const uint readOnlyHidden = 0x1 | 0x2;
        uint mapped = CreateFlagsMapper.MapAttributesAndFlags(readOnlyHidden, 0x4 | 0x4000 | 0x20);
        Assert.That(mapped, Is.EqualTo(readOnlyHidden | 0x08000000u | 0x02000000u));
    }

    // Kernel disposition → Win32 disposition (§1.3 table 2).
    [TestCase(2u, 1u, TestName = "FILE_CREATE_to_CREATE_NEW")]
    [TestCase(1u, 3u, TestName = "FILE_OPEN_to_OPEN_EXISTING")]
    [TestCase(3u, 4u, TestName = "FILE_OPEN_IF_to_OPEN_ALWAYS")]
    [TestCase(4u, 5u, TestName = "FILE_OVERWRITE_to_TRUNCATE_EXISTING")]
    [TestCase(0u, 2u, TestName = "FILE_SUPERSEDE_to_CREATE_ALWAYS")]
    [TestCase(5u, 2u, TestName = "FILE_OVERWRITE_IF_to_CREATE_ALWAYS")]
    [TestCase(6u, 0u, TestName = "Unknown_to_0")]
    [TestCase(0xFFu, 0u, TestName = "Garbage_to_0")]
    public void MapDisposition_KernelValue_GivesWin32Value(uint kernel, uint win32)
    {
        Assert.That(CreateFlagsMapper.MapDisposition(kernel), Is.EqualTo(win32));
    }

    [Test]
    public void Mode_EqualsFileModeForEveryKnownDisposition()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CreateFlagsMapper.Map(0, 0, 0, 2).Mode, Is.EqualTo(FileMode.CreateNew));
            Assert.That(CreateFlagsMapper.Map(0, 0, 0, 1).Mode, Is.EqualTo(FileMode.Open));
            Assert.That(CreateFlagsMapper.Map(0, 0, 0, 3).Mode, Is.EqualTo(FileMode.OpenOrCreate));
            Assert.That(CreateFlagsMapper.Map(0, 0, 0, 4).Mode, Is.EqualTo(FileMode.Truncate));
            Assert.That(CreateFlagsMapper.Map(0, 0, 0, 5).Mode, Is.EqualTo(FileMode.Create));
        });
    }

    // Complete specific groups fold into GENERIC_* (§1.3 table 3).
    [TestCase(0x120089u, 0x80000000u, TestName = "FILE_GENERIC_READ_to_GENERIC_READ")]
    [TestCase(0x120116u, 0x40000000u, TestName = "FILE_GENERIC_WRITE_to_GENERIC_WRITE")]
    [TestCase(0x1200A0u, 0x20000000u, TestName = "FILE_GENERIC_EXECUTE_to_GENERIC_EXECUTE")]
    [TestCase(0x1F01FFu, 0xF0000000u, TestName = "FILE_ALL_ACCESS_to_all_four_GENERIC_bits")]
    [TestCase(0x120089u | 0x1200A0u, 0xA0000000u, TestName = "READ_and_EXECUTE_groups_both_fold")]
    [TestCase(0x120089u | 0x10000u, 0x80010000u, TestName = "DELETE_survives_next_to_GENERIC_READ")]
    public void MapAccess_CompleteGroups_FoldIntoGenericBits(uint desired, uint expected)
    {
        Assert.That((uint)CreateFlagsMapper.MapAccess(desired), Is.EqualTo(expected));
    }

    [TestCase(0x100081u, TestName = "LIST_DIRECTORY_SYNCHRONIZE_READ_ATTRIBUTES")]
    [TestCase(0x100080u, TestName = "READ_ATTRIBUTES_SYNCHRONIZE")]
    [TestCase(0x120088u, TestName = "GENERIC_READ_without_READ_DATA")]
    [TestCase(0x00000001u, TestName = "READ_DATA_alone")]
    public void MapAccess_IncompleteGroups_StayAsTheyAre(uint desired)
    {
        Assert.That((uint)CreateFlagsMapper.MapAccess(desired), Is.EqualTo(desired));
    }

    [Test]
    public void Options_SplitsFlagsFromAttributes()
    {
        var mapped = CreateFlagsMapper.Map(0x120089, 0x80, 0x4 | 0x4000, 1);
        Assert.Multiple(() =>
        {
            Assert.That(mapped.Attributes, Is.EqualTo(FileAttributes.Normal));
            Assert.That((uint)mapped.Options, Is.EqualTo(0x08000000u | 0x02000000u));
            Assert.That(mapped.Options.HasFlag(FileOptions.SequentialScan), Is.True);
            Assert.That(mapped.Access, Is.EqualTo(DokanFileAccess.GenericRead));
        });
    }
}
