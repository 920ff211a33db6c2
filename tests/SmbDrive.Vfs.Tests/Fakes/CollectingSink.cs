using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace SmbDrive.Vfs.Tests.Fakes;

/// <summary>Keeps every log event so that tests can assert on what was logged.</summary>
public sealed class CollectingSink : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    public IEnumerable<string> Rendered => Events.Select(e => e.RenderMessage());
}
