using SmbDrive.Smb.Smb1;
using SmbDrive.Smb.Smb1.Session;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Smb1.Integration;

/// <summary>A server like the oldest NAS boxes: no Unicode (names in the OEM code page) and DOS error classes
/// instead of NT status codes (Samba's <c>unicode = no</c>, <c>nt status support = no</c>).</summary>
[Category("Integration")]
public class Smb1LegacyServerTests
{
    private static SambaServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var options = Smb1Fixture.Nt1Options();
        options.Global["unicode"] = "no";
        options.Global["nt status support"] = "no";
        options.Shares.Add(new SambaShare("data", Smb1Fixture.DataDir));
        _server = await SambaServer.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    private static SmbAddress Address(string share = "data") => SmbAddress.Parse(_server.Address(share));

    private static async Task<Smb1Tree> ConnectAsync(string share = "data") =>
        (Smb1Tree)await Smb1Client.ConnectShareAsync(Address(share), SmbCredentials.User(_server.User.Name, _server.User.Password),
            Smb1Fixture.Unsigned, null, CancellationToken.None);

    [Test]
    public async Task Connect_NoUnicodeNoNtStatus_OemStringsAndDosErrors()
    {
        await using var share = await ConnectAsync();
        Assert.That(share.Connection.Strings.IsUnicode, Is.False);
        Assert.That(share.Connection.UsesNtStatus, Is.False);
    }

    [Test]
    public async Task List_OemNames_AsciiAndLatinNamesIntact()
    {
        await using var share = await ConnectAsync();
        var names = (await share.ListAsync("", "*", CancellationToken.None)).Select(e => e.Name).ToList();
        Assert.That(names, Does.Contain("small.bin").And.Contain("café.txt").And.Contain("naïve résumé.txt").And.Contain("folder"));
        Assert.That((await share.ListAsync("many", "*", CancellationToken.None)).Count, Is.EqualTo(Smb1Fixture.ManyFiles));
    }

    [Test]
    public async Task Read_OemName_BytesEqualDisk()
    {
        await using var share = await ConnectAsync();
        await using var file = await share.OpenAsync("naïve résumé.txt", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[1000];
        int n = await file.ReadAsync(0, buffer, 0, CancellationToken.None);
        FileComparer.AssertRangeEquals(Path.Combine(Smb1Fixture.DataDir, "naïve résumé.txt"), 0, buffer.AsSpan(0, n));
        Assert.That(n, Is.GreaterThan(0));
        var info = await share.GetInfoAsync("café.txt", CancellationToken.None);
        Assert.That(info.Size, Is.EqualTo(new FileInfo(Path.Combine(Smb1Fixture.DataDir, "café.txt")).Length));
    }

    [Test]
    public async Task Open_NameOutsideOemCodePage_ClearError()
    {
        await using var share = await ConnectAsync();
        var e = Assert.ThrowsAsync<SmbException>(() => share.OpenAsync("日本語のファイル.txt", SmbOpenKind.File, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("code page 850").And.Contain("Unicode"));
        Assert.That(share.IsBroken, Is.False);
    }

    [Test]
    public async Task Errors_DosClasses_MappedToNtStatus()
    {
        await using var proxy = new Smb1RelayProxy(_server.Port);
        await using (var share = (Smb1Tree)await Smb1Client.ConnectShareAsync(proxy.Address("data"),
            SmbCredentials.User(_server.User.Name, _server.User.Password), Smb1Fixture.Unsigned, null, CancellationToken.None))
        {
            var missing = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("nope.txt", SmbOpenKind.Any, CancellationToken.None));
            Assert.That(missing!.Message, Is.EqualTo($@"{proxy.Address("data").Where("nope.txt")}: STATUS_OBJECT_NAME_NOT_FOUND"));
            // The wire carried ERRDOS/ERRbadfile (class 1, code 2) without SMB_FLAGS2_NT_STATUS.
            var answer = proxy.Responses.Last(m => Smb1RelayProxy.Command(m) == 0xA2);
            Assert.That((answer[10] | answer[11] << 8) & 0x4000, Is.Zero);
            Assert.That((answer[5], answer[7] | answer[8] << 8), Is.EqualTo(((byte)1, 2)));
            var path = Assert.ThrowsAsync<SmbStatusException>(() => share.GetInfoAsync(@"no-dir\nope.txt", CancellationToken.None));
            Assert.That(path!.Status, Is.EqualTo(NtStatus.STATUS_OBJECT_PATH_NOT_FOUND));
            var notDirectory = Assert.ThrowsAsync<SmbStatusException>(() => share.OpenAsync("small.bin", SmbOpenKind.Directory, CancellationToken.None));
            Assert.That(notDirectory!.Status, Is.EqualTo(NtStatus.STATUS_NOT_A_DIRECTORY));
            Assert.That(await share.ListAsync("", "no-such-*", CancellationToken.None), Is.Empty);
        }
        var password = Assert.ThrowsAsync<SmbStatusException>(() => Smb1Client.ConnectShareAsync(Address(),
            SmbCredentials.User(_server.User.Name, "Wr0ng-Pa55word-dos"), Smb1Fixture.Unsigned, null, CancellationToken.None));
        Assert.That(password!.Status, Is.EqualTo(NtStatus.STATUS_LOGON_FAILURE));
        var share2 = Assert.ThrowsAsync<SmbStatusException>(() => Smb1Client.ConnectShareAsync(Address("no-such-share"),
            SmbCredentials.User(_server.User.Name, _server.User.Password), Smb1Fixture.Unsigned, null, CancellationToken.None));
        Assert.That(share2!.Status, Is.EqualTo(NtStatus.STATUS_BAD_NETWORK_NAME));
    }
}
