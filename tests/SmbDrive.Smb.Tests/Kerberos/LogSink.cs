using System.Text;
using Serilog;
using Serilog.Events;

namespace SmbDrive.Smb.Tests.Kerberos;

/// <summary>Keeps every log event as text (message, properties, exception) for assertions.</summary>
internal sealed class LogSink : Serilog.Core.ILogEventSink
{
    private readonly StringBuilder _text = new();

    public LogSink()
    {
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();
    }

    public ILogger Logger { get; }

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
