using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace SmbDrive.Cli.Tests.Fakes;

/// <summary>A Serilog sink that keeps the events, for assertions on what was logged.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    public List<LogEvent> Events { get; } = [];

    public void Emit(LogEvent logEvent)
    {
        lock (Events) Events.Add(logEvent);
    }

    public ILogger CreateLogger() => new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public IEnumerable<string> Messages(LogEventLevel level) =>
        Events.Where(e => e.Level == level).Select(e => e.RenderMessage());
}
