using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace SmbDrive.Fuse.Tests;

/// <summary>A Serilog logger that keeps its events for assertions and echoes them to the NUnit progress output.</summary>
internal sealed class CapturingLogger : ILogEventSink
{
    public CapturingLogger() =>
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public IEnumerable<LogEvent> Errors => Events.Where(e => e.Level >= LogEventLevel.Error);

    public void Emit(LogEvent logEvent)
    {
        Events.Enqueue(logEvent);
        if (logEvent.Level >= LogEventLevel.Information)
            TestContext.Progress.WriteLine($"[{logEvent.Level}] {logEvent.RenderMessage()}{(logEvent.Exception != null ? " " + logEvent.Exception.GetType().Name + ": " + logEvent.Exception.Message : "")}");
    }
}
