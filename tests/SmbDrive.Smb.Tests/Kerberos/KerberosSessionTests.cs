using System.Buffers.Binary;
using System.Diagnostics;
using SmbDrive.Smb.Tests.Integration;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Kerberos;

/// <summary>Re-authentication with Kerberos when the server expires the session, an expired ticket, and no
/// secret in a debug-level log.</summary>
[Category("Integration")]
[NonParallelizable]
public class KerberosSessionTests
{
    // DER of the krb5 and MS-KRB5 mechanism OIDs, as the server's SPNEGO answer names the mechanism it accepted.
    private static readonly byte[] Krb5Oid = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02];
    private static readonly byte[] MsKrb5Oid = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x82, 0xF7, 0x12, 0x01, 0x02, 0x02];

    private static bool IsKerberosSessionSetupSuccess(byte[] m) =>
        TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == 1 && BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(8)) == 0
        && (m.AsSpan().IndexOf(Krb5Oid) >= 0 || m.AsSpan().IndexOf(MsKrb5Oid) >= 0);

    /// <summary>The proxy turns one READ answer into STATUS_NETWORK_SESSION_EXPIRED: the client logs on again
    /// with Kerberos (a new ticket, from the password or from the cache), repeats the read, and the bytes match.</summary>
    [TestCase(false)]
    [TestCase(true)]
    public async Task SessionExpired_ReauthenticatesWithKerberosOnce(bool fromTicketCache)
    {
        string cache = Path.Combine(KerberosFixture.Realm.RootDirectory, "reauth.ccache");
        if (fromTicketCache)
        {
            await KerberosFixture.Realm.KinitAsync(KerberosFixture.Alice, KerberosFixture.AlicePassword, cache);
            KerberosFixture.Realm.UseInThisProcess(cache);
        }
        try
        {
            bool expired = false;
            int kerberosLogons = 0;
            await using var proxy = new TamperingProxy(KerberosFixture.Kerberized.Port, (_, m) =>
            {
                if (IsKerberosSessionSetupSuccess(m)) Interlocked.Increment(ref kerberosLogons);
                if (TamperingProxy.IsSmb2(m) && TamperingProxy.Command(m) == 8 && !TamperingProxy.IsInterim(m) && !expired)
                {
                    expired = true;
                    BinaryPrimitives.WriteUInt32LittleEndian(m.AsSpan(8), (uint)NtStatus.STATUS_NETWORK_SESSION_EXPIRED);
                }
                return true;
            });
            // Unsigned so that the proxy can rewrite a status at all; signing with the Kerberos key is covered above.
            var options = KerberosFixture.KerberosOnly(maxDialect: "3.0.2");
            options.RequireSigning = false;
            var credentials = fromTicketCache ? SmbCredentials.OwnKerberos() : KerberosFixture.AliceWithPassword;
            await using var share = await SmbClient.ConnectShareAsync(new SmbAddress("127.0.0.1", proxy.Port, "data", ""), credentials,
                options, null, CancellationToken.None);
            Assert.That(kerberosLogons, Is.EqualTo(1));
            await KerberosFixture.AssertReadsLikeDiskAsync(share, "random.bin");
            Assert.That(expired, Is.True, "the server side expired the session");
            Assert.That(kerberosLogons, Is.EqualTo(2), "one Kerberos re-authentication");
            Assert.That(share.IsBroken, Is.False);
        }
        finally
        {
            KerberosFixture.Realm.UseInThisProcess();
            File.Delete(cache);
        }
    }

    [Test]
    public async Task ExpiredTicketInTheCache_ClearError()
    {
        string cache = Path.Combine(KerberosFixture.Realm.RootDirectory, "short.ccache");
        await KerberosFixture.Realm.KinitAsync(KerberosFixture.Alice, KerberosFixture.AlicePassword, cache, lifetime: "2s");
        KerberosFixture.Realm.UseInThisProcess(cache);
        try
        {
            // Wait for the ticket to run out (klist -s fails once no valid ticket is left), bounded.
            var clock = Stopwatch.StartNew();
            while (await TicketIsValidAsync(cache) && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(200);
            var e = Assert.ThrowsAsync<SmbKerberosException>(() => KerberosFixture.ConnectAsync(SmbCredentials.OwnKerberos(), KerberosFixture.KerberosOnly()));
            TestContext.Out.WriteLine(e!.Message);
            Assert.That(e.Failure, Is.EqualTo(KerberosFailure.TicketExpired), e.Message);
            Assert.That(e.Message, Does.Contain("expired").And.Contain("alice@SMBDRIVE.TEST").And.Contain("cifs/127.0.0.1").And.Contain("realm SMBDRIVE.TEST"));
        }
        finally
        {
            KerberosFixture.Realm.UseInThisProcess();
            File.Delete(cache);
        }
    }

    private static async Task<bool> TicketIsValidAsync(string cache)
    {
        var environment = new Dictionary<string, string>(KerberosFixture.Realm.Environment) { ["KRB5CCNAME"] = "FILE:" + cache };
        var result = await CommandRunner.RunAsync("/usr/bin/klist", ["-s"], null, environment, TimeSpan.FromSeconds(10));
        return result.ExitCode == 0;
    }

    /// <summary>A whole Kerberos session at Verbose level, plus a failed one: the password appears nowhere, and
    /// nothing that looks like a ticket or key (a long hex or base64 run) is logged or put in an error.</summary>
    [Test]
    public async Task DebugLog_HoldsNoPasswordTicketOrKey()
    {
        var sink = new LogSink();
        var options = KerberosFixture.KerberosOnly();
        await using (var share = await KerberosFixture.ConnectAsync(KerberosFixture.AliceWithPassword, options, log: sink.Logger))
        {
            await KerberosFixture.AssertReadsLikeDiskAsync(share, "random.bin");
        }
        string errors = "";
        try
        {
            var wrong = SmbCredentials.User(KerberosFixture.Alice, KerberosFixture.AlicePassword + "x", KerberosRealm.Name);
            await KerberosFixture.ConnectAsync(wrong, new SmbClientOptions { ConnectionsPerShare = 1 }, log: sink.Logger);
        }
        catch (SmbException e)
        {
            errors = e.ToString();
        }
        string everything = sink + errors;
        Assert.That(sink.ToString(), Does.Contain("by Kerberos"), "the log captured the Kerberos session");
        Assert.That(errors, Does.Contain(@"SMBDRIVE.TEST\alice"), "Negotiate fell back to NTLM, which did not log alice on either");
        Assert.That(sink.ToString(), Does.Contain("the KDC refused the password"));
        Assert.That(everything, Does.Not.Contain(KerberosFixture.AlicePassword));
        Assert.That(everything, Does.Not.Match("[0-9A-Fa-f]{32,}"), "no hex blob");
        Assert.That(everything, Does.Not.Match("[A-Za-z0-9+/]{40,}={0,2}"), "no base64 blob");
    }
}
