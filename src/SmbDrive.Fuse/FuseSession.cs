using System.Globalization;
using System.Runtime.InteropServices;
using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;
using Serilog;

namespace SmbDrive.Fuse;

/// <summary>One mount from fuse_new to fuse_destroy. The calling thread runs libfuse's multi-threaded loop;
/// stop requests (signal, cancellation) arrive on other threads.</summary>
/// <remarks>
/// Stopping: fuse_exit only sets a flag that the loop's threads look at after they read the next request, and
/// libfuse's own signal handler relies on the signal interrupting the loop thread's sem_wait, which in a .NET
/// process (many threads that do not block signals) is not where it lands. So a stop sets the flag and then sends
/// the mount one request (statvfs): the worker that reads it sees the flag and ends the loop, the others are
/// cancelled by libfuse. fuse_unmount then closes /dev/fuse, which aborts the connection (programs with files
/// still open get ENOTCONN instead of hanging) and detaches the mount point. Signals are taken with
/// PosixSignalRegistration for the same reason. fuse_set_signal_handlers is not called: where it finds the default
/// disposition it installs libfuse's own handler, which only sets the flag, with no wake-up.
/// Lock: <see cref="_lock"/> orders stop requests against teardown so fuse_exit never sees a destroyed struct fuse.
/// </remarks>
internal sealed unsafe class FuseSession
{
    /// <summary>How long a stop waits for the loop before aborting the connection through fusectl, for a mount
    /// that was lazily detached while files stay open (the wake-up request cannot reach it then).</summary>
    private static readonly TimeSpan s_abortDelay = TimeSpan.FromSeconds(3);

    private readonly IDriveFileSystem _drive;
    private readonly string _mountPoint;
    private readonly FuseMountOptions _options;
    private readonly ILogger _logger;
    private readonly object _lock = new();
    private nint _fuse;
    private FuseStopReason? _stopReason;
    private bool _loopEnded;
    private string? _device;
    private FuseFileSystem? _fileSystem;

    public FuseSession(IDriveFileSystem drive, string mountPoint, FuseMountOptions options, ILogger logger)
    {
        _drive = drive;
        _mountPoint = mountPoint;
        _options = options;
        _logger = logger.ForContext<FuseSession>();
    }

    public FuseMountResult Run(Action? onMounted, CancellationToken cancellationToken)
    {
        var owner = new StatOwner(_options.Uid ?? LibC.GetUid(), _options.Gid ?? LibC.GetGid(), _options.FileMode, _options.DirectoryMode);
        using var fileSystem = new FuseFileSystem(_drive, owner, _logger);
        _fileSystem = fileSystem;
        var handle = GCHandle.Alloc(fileSystem);
        nint fuse = 0;
        bool mounted = false;
        var registrations = new List<IDisposable>();
        try
        {
            string fsName = string.IsNullOrEmpty(_options.FsName) ? FuseMountArguments.FsNameFromUnc(_drive.UncName) : _options.FsName;
            fuse = CreateFuse(GCHandle.ToIntPtr(handle), FuseMountArguments.Build(_options, fsName));
            if (fuse == 0)
                return FuseMountResult.NotMounted("libfuse rejected the mount options (its message is printed above).");
            if (LibFuse.FuseMount(fuse, _mountPoint) != 0)
            {
                string allowOther = _options.AllowOther ? " and, for --allow-other as a non-root user, that /etc/fuse.conf contains user_allow_other" : "";
                return FuseMountResult.NotMounted(
                    $"Could not mount on '{_mountPoint}': libfuse printed the reason above. Check that /dev/fuse is accessible{allowOther}.");
            }
            mounted = true;
            lock (_lock)
                _fuse = fuse;

            if (_options.HandleSignals)
            {
                foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
                    registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            registrations.Add(cancellationToken.Register(() => RequestStop(FuseStopReason.Cancelled)));
            StartReadinessProbe(fileSystem, onMounted);

            _logger.Information("Serving {FsName} on {MountPoint} (libfuse {Version})", fsName, _mountPoint, LibFuse.FuseVersion());
            int status = LibFuse.FuseLoopMt(fuse, 0);

            FuseStopReason? requested;
            lock (_lock)
            {
                _loopEnded = true;
                requested = _stopReason;
            }
            if (requested is { } reason)
                return new FuseMountResult(true, reason, null);
            if (status == 0)
                return new FuseMountResult(true, FuseStopReason.Unmounted, null);
            // libfuse's own handler records the signal number as the loop's result.
            if (status > 0)
                return new FuseMountResult(true, FuseStopReason.Signal, null);
            return new FuseMountResult(false, FuseStopReason.LoopFailed,
                $"The FUSE loop for '{_mountPoint}' ended with error {-status} ({Marshal.GetPInvokeErrorMessage(-status)}).");
        }
        finally
        {
            foreach (var registration in registrations)
                registration.Dispose();
            lock (_lock)
            {
                _loopEnded = true;
                _fuse = 0;
            }
            fileSystem.Stop();
            if (mounted)
                LibFuse.FuseUnmount(fuse);
            if (fuse != 0)
                LibFuse.FuseDestroy(fuse);
            fileSystem.CloseAll();
            handle.Free();
            if (mounted)
                _logger.Information("Unmounted {MountPoint}", _mountPoint);
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the default would end the process and leave a dead mount behind.
        context.Cancel = true;
        _logger.Information("Received {Signal}, unmounting {MountPoint}", context.Signal, _mountPoint);
        RequestStop(FuseStopReason.Signal);
    }

    private void RequestStop(FuseStopReason reason)
    {
        lock (_lock)
        {
            if (_fuse == 0 || _loopEnded || _stopReason != null)
                return;
            _stopReason = reason;
            LibFuse.FuseExit(_fuse);
        }
        _fileSystem?.Stop();
        var wake = new Thread(WakeLoop) { IsBackground = true, Name = "fuse-stop" };
        wake.Start();
        _ = Task.Delay(s_abortDelay).ContinueWith(_ => AbortIfStillRunning(), TaskScheduler.Default);
    }

    /// <summary>Sends one request so a worker reads it, sees the exit flag and ends the loop. The call itself may
    /// stay blocked until the connection is closed at teardown, hence its own background thread.</summary>
    private void WakeLoop()
    {
        StatVfs ignored;
        LibC.StatVfs(_mountPoint, &ignored);
    }

    private void AbortIfStillRunning()
    {
        string? device;
        lock (_lock)
        {
            if (_loopEnded)
                return;
            device = _device;
        }
        string? abortPath = device != null ? FuseControlAbortPath(device) : null;
        if (abortPath != null && File.Exists(abortPath))
        {
            try
            {
                File.WriteAllText(abortPath, "1");
                _logger.Warning("Aborted the FUSE connection of {MountPoint} to finish unmounting", _mountPoint);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.Debug(ex, "Could not abort the FUSE connection through {Path}", abortPath);
            }
        }
        // No fusectl (it is often not mounted): ask again, in case the first wake-up was served before a worker could
        // see the flag, and detach the mount, which ends the connection (and the loop) once no file on it is open.
        _logger.Warning("{MountPoint} has not stopped yet; waking the FUSE loop again and detaching the mount", _mountPoint);
        new Thread(WakeLoop) { IsBackground = true, Name = "fuse-stop-again" }.Start();
        try
        {
            FuseHost.Unmount(_mountPoint, lazy: true);
        }
        catch (FuseException ex)
        {
            _logger.Warning("Still waiting for {MountPoint} to stop ({Reason}): programs may keep files open on it", _mountPoint, ex.Message);
        }
    }

    /// <summary>/sys/fs/fuse/connections/N/abort, where N is the kernel's dev_t of the mount (major &lt;&lt; 20 | minor).</summary>
    internal static string? FuseControlAbortPath(string device)
    {
        var parts = device.Split(':');
        if (parts.Length != 2
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint major)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint minor))
            return null;
        ulong id = ((ulong)major << 20) | minor;
        return $"/sys/fs/fuse/connections/{id.ToString(CultureInfo.InvariantCulture)}/abort";
    }

    private void StartReadinessProbe(FuseFileSystem fileSystem, Action? onMounted)
    {
        var probe = new Thread(() => ProbeReadiness(fileSystem, onMounted)) { IsBackground = true, Name = "fuse-ready" };
        probe.Start();
    }

    /// <summary>statvfs on the mount point returns once the kernel has the INIT answer and a worker served the
    /// request: from then on the mount is usable, which is what onMounted promises (e.g. to --daemon's parent).</summary>
    private void ProbeReadiness(FuseFileSystem fileSystem, Action? onMounted)
    {
        try
        {
            StatVfs statVfs;
            int result = LibC.StatVfs(_mountPoint, &statVfs);
            int errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
            var entry = MountTable.Find(_mountPoint);
            lock (_lock)
            {
                if (_loopEnded || _stopReason != null)
                    return;
                _device = entry?.Device;
            }
            if (errno == LibC.ENOTCONN || entry == null || !entry.FileSystemType.StartsWith("fuse", StringComparison.Ordinal))
            {
                _logger.Warning("The mount on {MountPoint} did not answer (errno {Errno})", _mountPoint, errno);
                return;
            }
            var connection = fileSystem.NegotiatedConnection;
            _logger.Debug("FUSE protocol {Major}.{Minor}: max_read {MaxRead}, max_write {MaxWrite}, max_readahead {MaxReadahead}",
                connection.ProtoMajor, connection.ProtoMinor, connection.MaxRead, connection.MaxWrite, connection.MaxReadahead);
            RaiseReadahead(entry.Device);
            onMounted?.Invoke();
        }
        catch (Exception ex)
        {
            _logger.Error(ex, "Signalling that {MountPoint} is mounted failed", _mountPoint);
        }
    }

    /// <summary>The kernel keeps the smaller of our max_readahead and the per-mount default (128 KiB), so sequential
    /// reads would arrive in 128 KiB requests. The limit lives in /sys/class/bdi/MAJOR:MINOR/read_ahead_kb and root
    /// may raise it once INIT is done; elsewhere the default stays.</summary>
    private void RaiseReadahead(string device)
    {
        string path = $"/sys/class/bdi/{device}/read_ahead_kb";
        const int wantedKb = FuseFileSystem.MaxReadBytes / 1024;
        try
        {
            if (!File.Exists(path))
                return;
            if (int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int current) && current >= wantedKb)
                return;
            File.WriteAllText(path, wantedKb.ToString(CultureInfo.InvariantCulture));
            _logger.Debug("Readahead of {MountPoint} raised to {Kb} KiB", _mountPoint, wantedKb);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.Debug("Readahead of {MountPoint} stays at the kernel default: {Reason}", _mountPoint, ex.Message);
        }
    }

    private static nint CreateFuse(nint userData, IReadOnlyList<string> arguments)
    {
        var argv = (byte**)NativeMemory.AllocZeroed((nuint)(arguments.Count + 1), (nuint)sizeof(nint));
        try
        {
            for (int i = 0; i < arguments.Count; i++)
                argv[i] = (byte*)Marshal.StringToCoTaskMemUTF8(arguments[i]);
            var args = new FuseArgs { Argc = arguments.Count, Argv = argv, Allocated = 0 };
            var operations = FuseCallbacks.CreateOperations();
            nint fuse = LibFuse.FuseNew(&args, &operations, (nuint)sizeof(FuseOperations), userData);
            // Option parsing may have replaced args.argv with libfuse's own copy; this frees only that copy.
            LibFuse.FuseOptFreeArgs(&args);
            return fuse;
        }
        finally
        {
            for (int i = 0; i < arguments.Count; i++)
                Marshal.FreeCoTaskMem((nint)argv[i]);
            NativeMemory.Free(argv);
        }
    }
}
