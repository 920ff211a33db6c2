using System.Text;
using Serilog;
using Serilog.Events;
using SmbDrive.TestSupport;

namespace SmbDrive.Smb.Tests.Integration;

[Category("Integration")]
public class SecretTests
{
    /// <summary>A full session at debug level, with a distinctive password: neither the password nor its
    /// NT hash (MD4 of UTF-16LE) may appear in any log event or exception text.</summary>
    [Test]
    public async Task FullSessionAtDebugLevel_PasswordAndHashNowhereInLogOrErrors()
    {
        const string user = "secretprobe";
        const string password = "Zebra-Quokka-4711-Distinctive";
        var options = new SambaServerOptions();
        options.Users.Add(new SambaUser(user, password));
        options.Shares.Add(new SambaShare("data", SambaFixture.DataDir));
        await using var server = await SambaServer.StartAsync(options);

        var sink = new CapturingSink();
        var log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        var address = SmbAddress.Parse(server.Address("data"));
        await using (var share = await SmbClient.ConnectShareAsync(address, SmbCredentials.User(user, password), new SmbClientOptions(), log, CancellationToken.None))
        {
            await using var file = await share.OpenAsync("small.bin", SmbOpenKind.File, CancellationToken.None);
            await file.ReadAsync(0, new byte[1 << 20], 0, CancellationToken.None);
            await share.ListAsync("", "*", CancellationToken.None);
        }
        var errors = new StringBuilder();
        try
        {
            await SmbClient.ConnectShareAsync(address, SmbCredentials.User(user, password + "x"), new SmbClientOptions(), log, CancellationToken.None);
        }
        catch (SmbException e)
        {
            errors.AppendLine(e.ToString());
        }
        string everything = sink + errors.ToString() + SmbCredentials.User(user, password).ToString();
        Assert.That(sink.ToString(), Does.Contain("Negotiated"), "the log captured the session");
        Assert.That(errors.ToString(), Does.Contain("STATUS_LOGON_FAILURE"));
        Assert.That(everything, Does.Not.Contain(password));
        byte[] ntHash = new Org.BouncyCastle.Crypto.Digests.MD4Digest() is var md4 ? Md4(md4, Encoding.Unicode.GetBytes(password)) : [];
        Assert.That(everything, Does.Not.Contain(Convert.ToHexString(ntHash)).IgnoreCase);
        Assert.That(everything, Does.Not.Contain(Convert.ToBase64String(ntHash)));
    }

    private static byte[] Md4(Org.BouncyCastle.Crypto.Digests.MD4Digest md4, byte[] data)
    {
        md4.BlockUpdate(data, 0, data.Length);
        var hash = new byte[16];
        md4.DoFinal(hash, 0);
        return hash;
    }

    /// <summary>Keeps every event as text: message, every property and the exception.</summary>
    private sealed class CapturingSink : Serilog.Core.ILogEventSink
    {
        private readonly StringBuilder _text = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_text)
            {
                _text.Append(logEvent.RenderMessage()).Append(' ');
                foreach (var (k, v) in logEvent.Properties) _text.Append(k).Append('=').Append(v).Append(' ');
                _text.AppendLine(logEvent.Exception?.ToString());
            }
        }

        public override string ToString()
        {
            lock (_text) return _text.ToString();
        }
    }
}
