using System.Diagnostics;
using System.Globalization;

namespace SmbDrive.Commands;

/// <summary>A one-line progress display for a terminal: redrawn in place with a carriage return at most a few
/// times a second, finished with a newline. Only used when standard error is a terminal.</summary>
internal sealed class ProgressBar
{
    private const int BarWidth = 24;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    private readonly TextWriter _output;
    private readonly string _label;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _lastDrawn;

    public ProgressBar(TextWriter output, string label, long total)
    {
        _output = output;
        _label = label;
        _total = total;
    }

    public void Report(long done)
    {
        var now = _clock.Elapsed;
        if (_lastDrawn is { } last && now - last < RedrawInterval) return;
        _lastDrawn = now;
        _output.Write("\r" + Render(done, _total, now) + "\u001b[K");
        _output.Flush();
    }

    public void Complete(long done)
    {
        _output.Write("\r" + Render(done, _total, _clock.Elapsed) + "\u001b[K\n");
        _output.Flush();
    }

    /// <summary>The text of one frame, such as <c>a.iso  45% [##########..............] 1.2 GiB / 2.7 GiB 85.3 MiB/s</c>.</summary>
    internal string Render(long done, long total, TimeSpan elapsed)
    {
        double fraction = total > 0 ? Math.Clamp((double)done / total, 0, 1) : 1;
        int filled = (int)(fraction * BarWidth);
        double seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture,
            $"{_label} {fraction * 100,3:0}% [{new string('#', filled)}{new string('.', BarWidth - filled)}] {FormatBytes(done)} / {FormatBytes(total)} {FormatBytes((long)(done / seconds))}/s");
    }

    internal static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }
}
