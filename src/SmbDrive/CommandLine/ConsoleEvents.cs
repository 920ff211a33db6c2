namespace SmbDrive.CommandLine;

/// <summary>What smbdrive does with each Windows console control event (wincon.h CTRL_*_EVENT). Ctrl+C and Ctrl+Break
/// cancel the command, which then cleans up (get removes its .part file, mount unmounts); a second one ends the
/// process at once. Closing the console window, logging off and shutting down end the process as soon as the
/// handler returns, so the handler cancels and then waits, up to <see cref="CleanupLimit"/>, until the command
/// reports that it has finished.</summary>
internal sealed class ConsoleEvents
{
    public const int CtrlC = 0;
    public const int CtrlBreak = 1;
    public const int Close = 2;
    public const int Logoff = 5;
    public const int Shutdown = 6;

    /// <summary>Windows ends a process 5 s after a close event (and by default after a logoff); cleanup must fit.</summary>
    public static readonly TimeSpan CleanupLimit = TimeSpan.FromSeconds(4.5);

    private readonly CancellationTokenSource _cancellation;
    private readonly ManualResetEventSlim _finished;

    public ConsoleEvents(CancellationTokenSource cancellation, ManualResetEventSlim finished)
    {
        _cancellation = cancellation;
        _finished = finished;
    }

    /// <summary>The HandlerRoutine: true when the event was handled, false to let Windows' default handler end the
    /// process.</summary>
    public bool Handle(int controlType, TimeSpan cleanupLimit)
    {
        switch (controlType)
        {
            case CtrlC:
            case CtrlBreak:
                if (_cancellation.IsCancellationRequested)
                {
                    return false; // the second one: end at once
                }
                _cancellation.Cancel();
                return true;
            case Close:
            case Logoff:
            case Shutdown:
                if (!_cancellation.IsCancellationRequested)
                {
                    _cancellation.Cancel();
                }
                try
                {
                    _finished.Wait(cleanupLimit);
                }
                catch (ObjectDisposedException)
                {
                    // The process is already past its cleanup.
                }
                return true;
            default:
                return false;
        }
    }
}
