using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Serilog;
using SmbDrive.Logging;

namespace SmbDrive.Cli.Tests.MountHelper;

/// <summary>The syslog sink against a datagram socket standing in for /dev/log.</summary>
[TestFixture]
[Platform("Linux")]
public class SyslogSinkTests
{
    [Test]
    public void Configured_SendsRfc3164LinesWithPriorityAndPid()
    {
        string folder = Directory.CreateTempSubdirectory("smbdrive-syslog-").FullName;
        string path = Path.Combine(folder, "log");
        try
        {
            using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            server.Bind(new UnixDomainSocketEndPoint(path));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SyslogSink.EnabledKey] = "true",
                [SyslogSink.SocketKey] = path,
                ["Serilog:MinimumLevel:Default"] = "Information",
            }).Build();

            using (var logger = LoggingSetup.Create(configuration, verbose: false))
            {
                logger.Information("Mounted {Share} on {MountPoint}", @"\\h\s", "/mnt");
                logger.Warning(new IOException("disk\ngone"), "Lost {Thing}", "it");
                logger.Debug("not at this level");
            }

            var buffer = new byte[8192];
            server.ReceiveTimeout = 5000;
            string first = Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer));
            string second = Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer));
            Assert.That(first, Is.EqualTo($"<30>smbdrive[{Environment.ProcessId}]: Mounted \"\\\\h\\s\" on \"/mnt\""));
            Assert.That(second, Is.EqualTo($"<28>smbdrive[{Environment.ProcessId}]: Lost \"it\": disk gone"));
            Assert.That(server.Available, Is.Zero, "Debug stays below the configured level");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Configured_NoSyslogListening_UsageErrorNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SyslogSink.EnabledKey] = "true",
            [SyslogSink.SocketKey] = "/nonexistent/smbdrive-test-log",
        }).Build();

        var e = Assert.Throws<SmbDrive.CommandLine.UsageException>(() => LoggingSetup.Create(configuration, verbose: false));
        Assert.That(e!.Message, Does.StartWith("Daemon:Syslog: cannot reach syslog at /nonexistent/smbdrive-test-log"));
    }
}
