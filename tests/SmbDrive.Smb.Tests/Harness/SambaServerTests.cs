using System.Net;
using System.Net.Sockets;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Harness;

/// <summary>Checks the Samba test bed with Samba's own smbclient, so the harness is proven before our client relies on it.</summary>
[TestFixture]
[Category("Integration")]
public sealed class SambaServerTests
{
    private const string UserShare = "private";
    private const string GuestShare = "public";
    private const string FileName = "data file.bin";
    private const int FileSize = 3 * 1024 * 1024 + 17;
    private const int Seed = 4711;

    private SambaServer _server = null!;
    private string _scratch = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        SambaRequirement.RequireSambaAndSmbClient();
        var options = new SambaServerOptions();
        options.Shares.Add(new SambaShare(UserShare, Extra: new Dictionary<string, string> { ["valid users"] = SambaServer.DefaultUserName }));
        options.Shares.Add(new SambaShare(GuestShare, GuestOk: true));
        _server = await SambaServer.StartAsync(options);
        TestData.CreateRandomFile(Path.Combine(_server.SharePath(UserShare), FileName), FileSize, Seed);
        TestData.CreateRandomFile(Path.Combine(_server.SharePath(GuestShare), FileName), FileSize, Seed + 1);
        _scratch = Directory.CreateTempSubdirectory("smbdrive-harness-").FullName;
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_scratch is not null)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Test]
    public async Task StartAsync_UserShareWithPassword_SmbClientGetsSameBytes()
    {
        var local = Path.Combine(_scratch, "user.bin");

        await SmbClientTool.GetFileAsync(_server, UserShare, _server.User, FileName, local);

        var bytes = await File.ReadAllBytesAsync(local);
        Assert.That(bytes, Has.Length.EqualTo(FileSize));
        FileComparer.AssertRangeEquals(Path.Combine(_server.SharePath(UserShare), FileName), 0, bytes);
        Assert.That(bytes.AsSpan(0, 64).ToArray(), Is.EqualTo(TestData.RandomContent(Seed, 0, 64)));
    }

    [Test]
    public async Task StartAsync_GuestShare_AnonymousSmbClientGetsSameBytes()
    {
        var local = Path.Combine(_scratch, "guest.bin");

        await SmbClientTool.GetFileAsync(_server, GuestShare, user: null, FileName, local);

        FileComparer.AssertRangeEquals(Path.Combine(_server.SharePath(GuestShare), FileName), 0, await File.ReadAllBytesAsync(local));
    }

    [Test]
    public async Task StartAsync_UserOnlyShare_AnonymousClientIsRefused()
    {
        var result = await SmbClientTool.RunAsync(_server, UserShare, user: null, "ls");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("NT_STATUS_ACCESS_DENIED"));
    }

    [Test]
    public async Task StartAsync_WrongPassword_LogonFails()
    {
        var impostor = new SambaUser(_server.User.Name, _server.User.Password + "x");

        var result = await SmbClientTool.RunAsync(_server, UserShare, impostor, "ls");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.StandardOutput + result.StandardError, Does.Contain("NT_STATUS_LOGON_FAILURE"));
    }

    [Test]
    public async Task StartAsync_DefaultSigning_ClientWithSigningDisabledSendsUnsigned()
    {
        // Control for the mandatory-signing test: the same probe must see no signed messages here.
        var result = await SmbClientTool.RunAsync(
            _server, UserShare, _server.User, "ls", ["--option=client signing=disabled", "-d5"]);

        Assert.That(result.ExitCode, Is.Zero, "smbclient ls failed");
        Assert.That(SignedMessagesAfterTreeConnect(result), Is.Zero);
    }

    [Test]
    public void StartAsync_NoUsersGiven_CreatesDefaultUserWithStrongPassword()
    {
        Assert.That(_server.User.Name, Is.EqualTo(SambaServer.DefaultUserName));
        Assert.That(_server.User.Password, Has.Length.GreaterThanOrEqualTo(20));
        Assert.That(_server.User.ToString(), Does.Not.Contain(_server.User.Password));
    }

    [Test]
    public void Address_ShareAndPath_IsLoopbackWithPort()
    {
        Assert.That(_server.Address(UserShare), Is.EqualTo($"//127.0.0.1:{_server.Port}/{UserShare}"));
        Assert.That(_server.Address(UserShare, "/dir\\sub/file.txt"), Is.EqualTo($"//127.0.0.1:{_server.Port}/{UserShare}/dir/sub/file.txt"));
    }

    [Test]
    public void StartAsync_Config_StaysInsideRootAndBindsOnlyLoopback()
    {
        var config = File.ReadAllText(_server.ConfigPath);

        Assert.That(config, Does.Contain($"smb ports = {_server.Port}"));
        Assert.That(config, Does.Contain("bind interfaces only = yes"));
        Assert.That(config, Does.Contain($"passdb backend = tdbsam:{_server.RootDirectory}/priv/passdb.tdb"));
        Assert.That(config, Does.Not.Contain("/var/lib/samba"));
        Assert.That(config, Does.Not.Contain(_server.User.Password));
        Assert.That(ProcessTable.CountLoopbackListeners(_server.Port), Is.EqualTo(1));
    }

    [Test]
    public void ReadLog_RunningServer_HasSmbdBannerAndNoPassword()
    {
        var log = _server.ReadLog();

        Assert.That(log, Does.Contain("smbd version"));
        Assert.That(log, Does.Not.Contain(_server.User.Password));
    }

    /// <summary>
    /// Messages smbclient -d5 reports as signed after the tree connect: SMB 3.1.1 always signs the session setup,
    /// so only later messages show whether the server demands signing.
    /// </summary>
    internal static int SignedMessagesAfterTreeConnect(CommandResult result) =>
        (result.StandardOutput + result.StandardError).Split('\n')
            .SkipWhile(line => !line.Contains("tconx ok", StringComparison.Ordinal))
            .Count(line => line.Contains("signed SMB2 message", StringComparison.Ordinal));

    internal static bool AcceptsConnections(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
