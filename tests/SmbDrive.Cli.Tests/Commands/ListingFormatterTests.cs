using SmbDrive.Commands;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Commands;

public class ListingFormatterTests
{
    private static SmbFileInfo Entry(string name, bool directory, long size, DateTime time) => new()
    {
        Name = name,
        Attributes = directory ? FileAttributes.Directory : FileAttributes.Normal,
        Size = size,
        CreationTimeUtc = time,
        LastAccessTimeUtc = time,
        LastWriteTimeUtc = time,
        ChangeTimeUtc = time,
    };

    [Test]
    public void Format_MixedEntries_SortsOrdinallyAndAlignsSizes()
    {
        var time = new DateTime(2026, 11, 23, 20, 15, 3, 999, DateTimeKind.Utc);
        var lines = ListingFormatter.Format(
        [
            Entry("b.txt", false, 12345, time),
            Entry("Zeta", true, 0, time),
            Entry("a.txt", false, 7, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc)),
        ]).ToList();

        Assert.That(lines, Is.EqualTo(new[]
        {
            "d     0 2026-11-23T20:15:03Z Zeta",
            "-     7 2001-02-03T04:05:06Z a.txt",
            "- 12345 2026-11-23T20:15:03Z b.txt",
        }));
    }

    [Test]
    public void Format_NoEntries_GivesNoLines()
    {
        Assert.That(ListingFormatter.Format([]), Is.Empty);
    }

    [Test]
    public void FormatTime_UnspecifiedKind_IsTakenAsUtc()
    {
        Assert.That(ListingFormatter.FormatTime(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified)),
            Is.EqualTo("2026-01-02T03:04:05Z"));
    }
}
