namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>The one entry point, SmbClient.ConnectShareAsync, picks SMB1 only when allowed and needed.</summary>
[Category("Integration")]
public class Smb1ClientSelectionTests
{
    [Test]
    public void Connect_Smb1OnlyServerWithoutAllowSmb1_ErrorNamesTheSetting()
    {
        var e = Assert.ThrowsAsync<SmbException>(() => SmbClient.ConnectShareAsync(Smb1Fixture.Address(), Smb1Fixture.User,
            new SmbClientOptions(), null, CancellationToken.None));
        Assert.That(e!.Message, Is.EqualTo($"{Smb1Fixture.Address().Where("")}: the server speaks only SMB1 (NT LM 0.12); set Smb:AllowSmb1=true (--smb1) to use it"));
    }

    [Test]
    public async Task Connect_Smb1OnlyServerWithAllowSmb1_ReadsThroughSmb1()
    {
        await using var share = await SmbClient.ConnectShareAsync(Smb1Fixture.Address(), Smb1Fixture.User,
            new SmbClientOptions { AllowSmb1 = true }, null, CancellationToken.None);
        Assert.That(share.GetType().Namespace, Does.StartWith("SmbDrive.Smb.Smb1"));
        var entries = await share.ListAsync("", "*", CancellationToken.None);
        Assert.That(entries, Is.Not.Empty);
    }
}
