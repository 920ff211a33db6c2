using SmbDrive.Commands;
using SmbDrive.Smb;

namespace SmbDrive.Cli.Tests.Browse;

[TestFixture]
public class ShareListingFormatTests
{
    private static readonly SmbShareInfo[] Shares =
    [
        new("media", 0, "Films"),
        new("IPC$", 0x80000003, "IPC Service"),
        new("Archive", 0, ""),
        new("laser", 1, "2nd floor"),
        new("c$", 0x80000000, "Default share"),
    ];

    [Test]
    public void Format_HidesDollarSharesAndAlignsColumns()
    {
        Assert.That(ShareListing.Format(Shares, includeHidden: false), Is.EqualTo(new[]
        {
            "Archive  disk",
            "laser    printer  2nd floor",
            "media    disk     Films",
        }));
    }

    [Test]
    public void Format_IncludeHidden_EveryShareSortedIgnoringCase()
    {
        Assert.That(ShareListing.Format(Shares, includeHidden: true).Select(l => l.Split(' ')[0]),
            Is.EqualTo(new[] { "Archive", "c$", "IPC$", "laser", "media" }));
    }

    [Test]
    public void Format_NoShares_NoLines()
    {
        Assert.That(ShareListing.Format([], includeHidden: true), Is.Empty);
    }
}
