using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace SmbDrive.CommandLine;

/// <summary>Turns the first Ctrl+C (SIGINT) or SIGTERM into a cancellation, so that commands clean up: get
/// removes its .part file, mount unmounts. A second Ctrl+C ends the process at once. On Windows every console
/// event counts (<see cref="ConsoleEvents"/>): Ctrl+C, Ctrl+Break, closing the console window, logoff and
/// shutdown, the last three waiting for the cleanup to finish before Windows ends the process.</summary>
internal sealed partial class ProcessSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ManualResetEventSlim _finished = new();
    private readonly PosixSignalRegistration? _interrupt;
    private readonly PosixSignalRegistration? _terminate;
    private readonly ConsoleEvents _consoleEvents;
    private readonly HandlerRoutine? _routine; // referenced for as long as Windows may call it
    private readonly nint _routinePointer;

    public ProcessSignals()
    {
        _consoleEvents = new ConsoleEvents(_cancellation, _finished);
        if (OperatingSystem.IsWindows())
        {
            _routine = type => _consoleEvents.Handle((int)type, ConsoleEvents.CleanupLimit) ? 1 : 0;
            _routinePointer = Marshal.GetFunctionPointerForDelegate<HandlerRoutine>(_routine);
            if (SetConsoleCtrlHandler(_routinePointer, 1) == 0)
            {
                _routine = null;
                _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            }
            return;
        }
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    [UnmanagedFunctionPointer(CallingConvention.Winapi)]
    private delegate int HandlerRoutine(uint controlType);

    public CancellationToken Token => _cancellation.Token;

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancellation.IsCancellationRequested) return;
        context.Cancel = true;
        _cancellation.Cancel();
    }

    /// <summary>The command has finished, cleanup included: a handler waiting on a console close, logoff or shutdown
    /// lets Windows end the process now.</summary>
    public void Dispose()
    {
        _finished.Set();
        if (_routine is not null && OperatingSystem.IsWindows())
        {
            SetConsoleCtrlHandler(_routinePointer, 0);
        }
        _interrupt?.Dispose();
        _terminate?.Dispose();
        // _finished and _cancellation stay undisposed: a handler thread may still be returning through them.
    }

    [SupportedOSPlatform("windows")]
    [LibraryImport("kernel32.dll")]
    private static partial int SetConsoleCtrlHandler(nint handlerRoutine, int add);
}
