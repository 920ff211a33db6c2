using System.Buffers.Binary;
using System.Diagnostics;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

/// <summary>Account states and session expiry each end in one clear outcome.</summary>
[Category("Integration")]
public class AccountTests
{
    private static async Task<SambaServer> StartWithUserAsync(string user, string password)
    {
        var options = new SambaServerOptions();
        options.Users.Add(new SambaUser(user, password));
        options.Shares.Add(new SambaShare("data", SambaFixture.DataDir));
        return await SambaServer.StartAsync(options);
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{file} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }

    [Test]
    public async Task Connect_DisabledAccount_AccountDisabled()
    {
        await using var server = await StartWithUserAsync("disabledone", "Disabled-Pw-1");
        Run("smbpasswd", "-c", server.ConfigPath, "-d", "disabledone");
        var e = Assert.ThrowsAsync<SmbStatusException>(() => SmbClient.ConnectShareAsync(SmbAddress.Parse(server.Address("data")),
            SmbCredentials.User("disabledone", "Disabled-Pw-1"), new SmbClientOptions(), null, CancellationToken.None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_ACCOUNT_DISABLED));
        Assert.That(e.Message, Does.Contain("STATUS_ACCOUNT_DISABLED").And.Not.Contain("Disabled-Pw-1"));
    }

    [Test]
    public async Task Connect_LockedOutAccount_AccountLockedOut()
    {
        await using var server = await StartWithUserAsync("lockedone", "Locked-Pw-1");
        Run("pdbedit", "-s", server.ConfigPath, "-u", "lockedone", "-c", "[L]");
        var e = Assert.ThrowsAsync<SmbStatusException>(() => SmbClient.ConnectShareAsync(SmbAddress.Parse(server.Address("data")),
            SmbCredentials.User("lockedone", "Locked-Pw-1"), new SmbClientOptions(), null, CancellationToken.None));
        Assert.That(e!.Status, Is.EqualTo(NtStatus.STATUS_ACCOUNT_LOCKED_OUT));
    }

    /// <summary>The proxy turns one READ answer into STATUS_NETWORK_SESSION_EXPIRED: the client must log on
    /// again on the same session and repeat the read, and the caller sees only correct bytes.</summary>
    [Test]
    public async Task Read_SessionExpired_ReauthenticatesAndRetriesOnce()
    {
        bool expired = false;
        int sessionSetups = 0;
        await using var proxy = new TamperingProxy(SambaFixture.Server.Port, (i, m) =>
        {
            if (!TamperingProxy.IsSmb2(m)) return true;
            if (TamperingProxy.Command(m) == 1) Interlocked.Increment(ref sessionSetups);
            if (TamperingProxy.Command(m) == 8 && !TamperingProxy.IsInterim(m) && !expired)
            {
                expired = true;
                BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(8), (uint)NtStatus.STATUS_NETWORK_SESSION_EXPIRED);
            }
            return true;
        });
        // Unsigned so that the proxy can rewrite a status at all; the signed case is covered by the tampering tests.
        await using var share = await SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, "data", ""), SambaFixture.User,
            new SmbClientOptions { RequireSigning = false, MaxDialect = "3.0.2" }, null, CancellationToken.None);
        int before = sessionSetups;
        await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        int n = await file.ReadAsync(0, buffer, 0, CancellationToken.None);
        Assert.That(expired, Is.True, "the server side expired the session");
        Assert.That(sessionSetups, Is.GreaterThan(before), "a new SESSION_SETUP was sent");
        Assert.That(n, Is.EqualTo(buffer.Length));
        FileComparer.AssertRangeEquals(Path.Combine(SambaFixture.DataDir, "small.bin"), 0, buffer);
        Assert.That(share.IsBroken, Is.False);
    }
}
