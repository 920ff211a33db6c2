using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace SmbDrive.Logging;

/// <summary>Sends log events to the local syslog daemon (the /dev/log datagram socket, RFC 3164 local format
/// <c>&lt;PRI&gt;smbdrive[PID]: message</c>, facility daemon), for mounts made by the mount helper, whose
/// standard error nobody reads. Turned on by the setting <c>Daemon:Syslog=true</c> (mount option log=syslog).
/// Exceptions are reduced to their message: a stack trace does not belong in the system log.</summary>
internal sealed class SyslogSink : ILogEventSink, IDisposable
{
    public const string EnabledKey = "Daemon:Syslog";
    public const string SocketKey = "Daemon:SyslogSocket";
    public const string DevLog = "/dev/log";
    private const int FacilityDaemon = 3;
    private const int MaxDatagram = 8192;

    private readonly Socket _socket;
    private readonly object _sync = new();
    private readonly string _prefix;

    public SyslogSink(string socketPath)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            _socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        _prefix = $"smbdrive[{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}]: ";
    }

    /// <summary>The sink the configuration asks for, or null.</summary>
    public static SyslogSink? FromConfiguration(IConfiguration configuration)
    {
        if (!bool.TryParse(configuration[EnabledKey], out bool enabled) || !enabled) return null;
        string path = configuration[SocketKey] ?? DevLog;
        try
        {
            return new SyslogSink(path);
        }
        catch (SocketException e)
        {
            throw new CommandLine.UsageException($"{EnabledKey}: cannot reach syslog at {path}: {e.Message}", e);
        }
    }

    public void Emit(LogEvent logEvent)
    {
        var text = new StringBuilder();
        text.Append('<').Append(FacilityDaemon * 8 + Severity(logEvent.Level)).Append('>').Append(_prefix);
        text.Append(logEvent.RenderMessage(CultureInfo.InvariantCulture));
        if (logEvent.Exception is { } e) text.Append(": ").Append(e.Message);
        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString().ReplaceLineEndings(" "));
        try
        {
            lock (_sync) _socket.Send(bytes.AsSpan(0, Math.Min(bytes.Length, MaxDatagram)));
        }
        catch (SocketException)
        {
            // syslog restarted or is gone: losing a log line must not stop the mount.
        }
    }

    /// <summary>RFC 5424 severities.</summary>
    internal static int Severity(LogEventLevel level) => level switch
    {
        LogEventLevel.Fatal => 2,
        LogEventLevel.Error => 3,
        LogEventLevel.Warning => 4,
        LogEventLevel.Information => 6,
        _ => 7,
    };

    public void Dispose() => _socket.Dispose();
}
