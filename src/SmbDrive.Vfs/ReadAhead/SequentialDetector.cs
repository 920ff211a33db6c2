namespace SmbDrive.Vfs.ReadAhead;

/// <summary>Per-handle access-pattern tracking. A read that starts near where the previous ones ended is
/// sequential and doubles the read-ahead window, from the initial size up to the maximum; any other read is
/// a seek, which turns read-ahead off until reading is sequential again. "Near" allows some reordering,
/// because FUSE and the Windows cache manager issue several reads of one stream at once.</summary>
internal sealed class SequentialDetector
{
    /// <summary>How far a read may start from the expected offset of a running stream and still count as sequential, at least.</summary>
    public const long MinimumTolerance = 1024 * 1024;

    private readonly object _lock = new();
    private readonly long _initialWindow;
    private readonly long _maxWindow;
    private long _expectedOffset;
    private long _window;

    public SequentialDetector(long initialWindow, long maxWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialWindow);
        ArgumentOutOfRangeException.ThrowIfNegative(maxWindow);
        _initialWindow = Math.Min(initialWindow, maxWindow);
        _maxWindow = maxWindow;
    }

    /// <summary>Current window in bytes (0 while reading randomly or when read-ahead is off).</summary>
    public long Window
    {
        get { lock (_lock) return _window; }
    }

    /// <summary>Records a read and returns how many bytes past its end to fetch ahead (0 for a seek).</summary>
    public long OnRead(long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_lock)
        {
            // Once streaming, the tolerance covers the reads in flight; from a standstill, only the start
            // of a stream (or its first reads arriving out of order) counts.
            long tolerance = _window > 0 ? Math.Max(_window, MinimumTolerance) : _initialWindow;
            // Subtraction of two non-negative longs cannot overflow.
            bool sequential = Math.Abs(offset - _expectedOffset) <= tolerance;
            long end = offset > long.MaxValue - length ? long.MaxValue : offset + length;
            if (sequential)
            {
                _window = _window == 0 ? _initialWindow : Math.Min(_window * 2, _maxWindow);
                _expectedOffset = Math.Max(_expectedOffset, end);
            }
            else
            {
                _window = 0;
                _expectedOffset = end;
            }
            return _window;
        }
    }
}
