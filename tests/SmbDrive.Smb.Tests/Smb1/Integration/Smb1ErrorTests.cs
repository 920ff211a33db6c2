namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>Every SMB1 failure is one readable message naming host, share, path and the NTSTATUS name.</summary>
[Category("Integration")]
public class Smb1ErrorTests
{
    private static string Unc(string share, string path = "") => Smb1Fixture.Address(share).Where(path);

    private static Task<ISmbShare> Connect(string share, SmbCredentials credentials, SmbClientOptions? options = null) =>
        SmbDrive.Smb.Smb1.Smb1Client.ConnectShareAsync(Smb1Fixture.Address(share), credentials, options ?? Smb1Fixture.Unsigned, null, CancellationToken.None);

    [Test]
    public void Connect_WrongPassword_LogonFailureWithoutPassword()
    {
        const string password = "Wr0ng-Pa55word-smb1";
        var e = Assert.ThrowsAsync<SmbStatusException>(() => Connect("data", SmbCredentials.User(Smb1Fixture.Server.User.Name, password)));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_LOGON_FAILURE));
        Assert.That(e.Message, Does.StartWith(Unc("data")).And.Contain("STATUS_LOGON_FAILURE"));
        Assert.That(e.ToString(), Does.Not.Contain(password));
    }

    [Test]
    public void Connect_MissingShare_BadNetworkName()
    {
        var e = Assert.ThrowsAsync<SmbStatusException>(() => Connect("no-such-share", Smb1Fixture.User));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_BAD_NETWORK_NAME));
        Assert.That(e.Message, Is.EqualTo($"{Unc("no-such-share")}: STATUS_BAD_NETWORK_NAME"));
    }

    [Test]
    public async Task Open_MissingFile_ObjectNameNotFound()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        var e = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("nope.txt", SmbOpenKind.Any, CancellationToken.None));
        Assert.That(e!.Message, Is.EqualTo($@"{Unc("data")}\nope.txt: STATUS_OBJECT_NAME_NOT_FOUND"));
        var p = Assert.ThrowsAsync<SmbStatusException>(() => share.GetInfoAsync(@"no-dir\nope.txt", CancellationToken.None));
        Assert.That(p!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND));
        var g = Assert.ThrowsAsync<SmbStatusException>(() => share.GetInfoAsync("nope.txt", CancellationToken.None));
        Assert.That(g!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND));
        var l = Assert.ThrowsAsync<SmbStatusException>(() => share.ListAsync("no-dir", "*", CancellationToken.None));
        Assert.That(l!.Status, Is.AnyOf(NtStatus.STATUS_OBJECT_NAME_NOT_FOUND, NtStatus.STATUS_OBJECT_PATH_NOT_FOUND));
        Assert.That(share.IsBroken, Is.False, "a missing file does not hurt the connection");
        await share.EchoAsync(CancellationToken.None);
    }

    [Test]
    public async Task Open_FileAsDirectoryAndDirectoryAsFile_NtfsStatuses()
    {
        await using var share = await Smb1Fixture.ConnectAsync();
        var a = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("small.bin", SmbOpenKind.Directory, CancellationToken.None));
        Assert.That(a!.Status, Is.EqualTo(NtStatus.STATUS_NOT_A_DIRECTORY));
        var b = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("folder", SmbOpenKind.File, CancellationToken.None));
        Assert.That(b!.Status, Is.EqualTo(NtStatus.STATUS_FILE_IS_A_DIRECTORY));
        var c = Assert.ThrowsAsync<SmbStatusException>(() => share.ListAsync("small.bin", "*", CancellationToken.None));
        Assert.That(c!.Status, Is.EqualTo(NtStatus.STATUS_NOT_A_DIRECTORY));
        Assert.That(c.Message, Is.EqualTo($@"{Unc("data")}\small.bin: STATUS_NOT_A_DIRECTORY"));
    }

    [Test]
    public void Connect_UnknownUserMappedToGuest_RefusedUnlessAllowed()
    {
        var e = Assert.ThrowsAsync<SmbException>(() => Connect("public", SmbCredentials.User("nobody-like-this", "whatever")));
        Assert.That(e!.Message, Does.Contain("guest").And.Contain("Smb:AllowGuest"));
    }

    [Test]
    public async Task Connect_UnknownUserWithAllowGuest_ReadsPublicShareUnsigned()
    {
        var options = new SmbClientOptions { AllowGuest = true };
        await using var share = (SmbDrive.Smb.Smb1.Session.Smb1Tree)await Connect("public", SmbCredentials.User("nobody-like-this", "whatever"), options);
        Assert.That(share.Session.IsGuest, Is.True);
        Assert.That(share.Connection.IsSigning, Is.False, "a guest session has no key to sign with");
        Assert.That(await share.ListAsync("", "*.bin", CancellationToken.None), Has.Count.EqualTo(Directory.GetFiles(Smb1Fixture.DataDir, "*.bin").Length));
    }

    [Test]
    public async Task Connect_ExplicitGuest_ReadsPublicShareButNotPrivate()
    {
        await using (var share = await Connect("public", SmbCredentials.Guest))
        {
            await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
            Assert.That(file.Info.Size, Is.EqualTo(Smb1Fixture.SmallFileSize));
        }
        var e = Assert.ThrowsAsync<SmbStatusException>(() => Connect("private", SmbCredentials.Guest));
        Assert.That(e!.Status, Is.AnyOf(NtStatus.STATUS_ACCESS_DENIED, NtStatus.STATUS_BAD_NETWORK_NAME, NtStatus.STATUS_NETWORK_ACCESS_DENIED));
    }

    [Test]
    public async Task Operations_AfterServerStops_ConnectionErrorAndBroken()
    {
        var options = Smb1Fixture.Nt1Options();
        options.Shares.Add(new TestSupport.SambaShare("data", Smb1Fixture.DataDir));
        await using var server = await TestSupport.SambaServer.StartAsync(options);
        var share = await SmbDrive.Smb.Smb1.Smb1Client.ConnectShareAsync(SmbAddress.Parse(server.Address("data")),
            SmbCredentials.User(server.User.Name, server.User.Password), Smb1Fixture.Unsigned, null, CancellationToken.None);
        await using (share)
        {
            await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
            server.Kill();
            Assert.ThrowsAsync<SmbConnectionException>(async () => await file.ReadAsync(0, new byte[1 << 20], 0, CancellationToken.None));
            Assert.That(share.IsBroken, Is.True);
            Assert.ThrowsAsync<SmbConnectionException>(() => share.EchoAsync(CancellationToken.None));
        }
    }
}
