namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>SMB1 has no directory watch in SmbDrive: its directory opens do not offer one, so a caller finds out by
/// the type, before sending anything.</summary>
[Category("Integration")]
public class Smb1NotifyTests
{
    [Test]
    public async Task DirectoryOpen_IsNotWatchable()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        await using var dir = await share.OpenAsync("folder", SmbOpenKind.Directory, CancellationToken.None);
        Assert.That(dir.Info.IsDirectory, Is.True);
        Assert.That(dir, Is.Not.InstanceOf<ISmbWatchableDirectory>());
    }
}
