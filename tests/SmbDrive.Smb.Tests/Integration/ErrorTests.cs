namespace SmbDrive.Smb.Tests.Integration;

/// <summary>Every failure is one readable message naming host, share, path and the NTSTATUS name.</summary>
[Category("Integration")]
public class ErrorTests
{
    private static string Unc(string share, string path = "") => SambaFixture.Address(share).Where(path);

    [Test]
    public void Connect_WrongPassword_LogonFailureWithoutPassword()
    {
        const string password = "Wr0ng-Pa55word-xyzzy";
        var e = Assert.ThrowsAsync<SmbStatusException>(() => SmbClient.ConnectShareAsync(SambaFixture.Address(),
            SmbCredentials.User(SambaFixture.Server.User.Name, password), new SmbClientOptions(), null, CancellationToken.None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_LOGON_FAILURE));
        Assert.That(e.Message, Does.StartWith(Unc("data")).And.Contain("STATUS_LOGON_FAILURE"));
        Assert.That(e.ToString(), Does.Not.Contain(password));
    }

    [Test]
    public void Connect_MissingShare_BadNetworkName()
    {
        var e = Assert.ThrowsAsync<SmbStatusException>(() => SambaFixture.ConnectAsync("no-such-share"));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_BAD_NETWORK_NAME));
        Assert.That(e.Message, Is.EqualTo($"{Unc("no-such-share")}: STATUS_BAD_NETWORK_NAME"));
    }

    [Test]
    public async Task Open_MissingFile_ObjectNameNotFound()
    {
        await using var share = await SambaFixture.ConnectAsync();
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("nope.txt", SmbOpenKind.Any, CancellationToken.None));
        Assert.That(e!.Message, Is.EqualTo($@"{Unc("data")}\nope.txt: STATUS_OBJECT_NAME_NOT_FOUND"));
        var p = Assert.ThrowsAsync<SmbStatusException>(() => share.GetInfoAsync(@"no-dir\nope.txt", CancellationToken.None));
        Assert.That(p!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND));
        Assert.That(share.IsBroken, Is.False, "a missing file does not hurt the connection");
    }

    [Test]
    public async Task Open_FileAsDirectoryAndDirectoryAsFile_NtfsStatuses()
    {
        await using var share = await SambaFixture.ConnectAsync();
        var a = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("small.bin", SmbOpenKind.Directory, CancellationToken.None));
        Assert.That(a!.Status, Is.EqualTo(NtStatus.STATUS_NOT_A_DIRECTORY));
        var b = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("folder", SmbOpenKind.File, CancellationToken.None));
        Assert.That(b!.Status, Is.EqualTo(NtStatus.STATUS_FILE_IS_A_DIRECTORY));
        var c = Assert.ThrowsAsync<SmbStatusException>(() => share.ListAsync("small.bin", "*", CancellationToken.None));
        Assert.That(c!.Status, Is.EqualTo(NtStatus.STATUS_NOT_A_DIRECTORY));
    }

    [Test]
    public void Connect_UnknownUserMappedToGuest_RefusedUnlessAllowed()
    {
        var creds = SmbCredentials.User("nobody-like-this", "whatever");
        var e = Assert.ThrowsAsync<SmbException>(() => SmbClient.ConnectShareAsync(SambaFixture.Address("public"), creds, new SmbClientOptions(), null, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("guest").And.Contain("Smb:AllowGuest"));
    }

    [Test]
    public async Task Connect_UnknownUserWithAllowGuest_ReadsPublicShare()
    {
        var creds = SmbCredentials.User("nobody-like-this", "whatever");
        await using var share = await SmbClient.ConnectShareAsync(SambaFixture.Address("public"), creds, new SmbClientOptions { AllowGuest = true }, null, CancellationToken.None);
        Assert.That(await share.ListAsync("", "*.bin", CancellationToken.None), Has.Count.EqualTo(Directory.GetFiles(SambaFixture.DataDir, "*.bin").Length));
    }

    [Test]
    public async Task Connect_ExplicitGuest_ReadsPublicShareButNotPrivate()
    {
        await using (var share = await SmbClient.ConnectShareAsync(SambaFixture.Address("public"), SmbCredentials.Guest, new SmbClientOptions(), null, CancellationToken.None))
        {
            await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
            Assert.That(file.Info.Size, Is.EqualTo(3_000_001));
        }
        var e = Assert.ThrowsAsync<SmbStatusException>(() => SmbClient.ConnectShareAsync(SambaFixture.Address("private"), SmbCredentials.Guest, new SmbClientOptions(), null, CancellationToken.None));
        Assert.That(e!.Status, Is.AnyOf(NtStatus.STATUS_ACCESS_DENIED, NtStatus.STATUS_BAD_NETWORK_NAME, NtStatus.STATUS_NETWORK_ACCESS_DENIED));
    }

    [Test]
    public void Connect_EncryptionRequiredButDialect21_ClearErrorNoFallback()
    {
        var e = Assert.ThrowsAsync<SmbException>(() => SambaFixture.ConnectAsync(options: new SmbClientOptions { RequireEncryption = true, MaxDialect = "2.1" }));
        Assert.That(e!.Message, Does.Contain("encryption is required"));
    }
}
