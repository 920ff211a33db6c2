namespace SmbDrive.Smb.Tests.Integration;

[Category("Integration")]
public class Smb1FallbackTests
{
    /// <summary>Allowing SMB1 never downgrades a server that speaks SMB2 or newer.</summary>
    [Test]
    public async Task Connect_Smb2ServerWithAllowSmb1_StillUsesSmb2()
    {
        await using var share = await SambaFixture.ConnectAsync(options: new SmbClientOptions { AllowSmb1 = true, ConnectionsPerShare = 1 });
        Assert.That(share, Is.TypeOf<SmbDrive.Smb.Session.SmbTree>());
        Assert.That(((SmbDrive.Smb.Session.SmbTree)share).Dialect, Is.EqualTo(SmbDialect.Smb311));
    }
}
