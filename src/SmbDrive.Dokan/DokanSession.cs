using Serilog;
using SmbDrive.Dokan.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

/// <summary>dokan2.dll loaded, checked and initialised by <see cref="DokanHost.Prepare"/>: DokanInit on creation,
/// exactly one DokanShutdown on disposal (one too many raises an SEH exception that kills the process).</summary>
public sealed class DokanSession : IDisposable
{
    private const uint PollMilliseconds = 250;
    private readonly uint _libraryVersion;
    private int _disposed;

    internal DokanSession(uint libraryVersion)
    {
        _libraryVersion = libraryVersion;
        DokanNative.DokanInit();
    }

    /// <summary>Mounts <paramref name="drive"/> and blocks until it is unmounted: by <paramref name="cancellationToken"/>
    /// (Ctrl+C, a console event), Explorer's Disconnect or <c>smbdrive unmount</c>.</summary>
    public void Run(IDriveFileSystem drive, DokanMountOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(drive);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var plan = DokanMountPlan.Create(options, drive.UncName, drive.IsReadOnly);
        logger.Information("Dokan {Version} found; mounting {Share} at {MountPoint} as {UncName} ({Kind}{ReadOnly})",
            DokanStartupChecks.FormatVersion(_libraryVersion), drive.UncName, plan.MountPoint, plan.UncName ?? "-",
            plan.Flags.HasFlag(DokanOptionFlags.NetworkDrive) ? "network drive" : "fixed drive",
            plan.Flags.HasFlag(DokanOptionFlags.WriteProtect) ? ", read-only" : "");
        using var dokanDrive = new DokanDrive(drive, new DokanDriveOptions { RequestTimeout = TimeSpan.FromMilliseconds(plan.TimeoutMs) }, logger);
        var instance = new DokanInstance(dokanDrive, new DokanLibraryServices(), logger, plan.VolumeSerialNumber);
        using var memory = new DokanMountMemory(plan, instance);
        MountAndWait(memory, plan, dokanDrive, logger, cancellationToken);
        if (instance.UnexpectedErrors > 0)
        {
            logger.Warning("{Count} Dokan callbacks failed unexpectedly during the mount", instance.UnexpectedErrors);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            DokanNative.DokanShutdown();
        }
    }

    /// <summary>The options memory must outlive the file system, so <paramref name="memory"/> is disposed by the caller
    /// only after DokanCloseHandle has returned.</summary>
    private static unsafe void MountAndWait(DokanMountMemory memory, DokanMountPlan plan, DokanDrive dokanDrive, ILogger logger,
        CancellationToken cancellationToken)
    {
        nint instance = 0;
        int result = DokanNative.DokanCreateFileSystem(memory.Options, memory.Operations, &instance);
        if (result != (int)DokanMainResult.Success)
        {
            throw new DokanStartupException(DokanStartupChecks.DescribeMountResult(result, plan.MountPoint));
        }
        try
        {
            while (DokanNative.DokanWaitForFileSystemClosed(instance, PollMilliseconds) == DokanNative.WaitTimeout)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    logger.Information("Unmounting {MountPoint}", plan.MountPoint);
                    break;
                }
            }
        }
        finally
        {
            // DokanCloseHandle waits for every callback; those waiting on the server are let go first, so that the
            // unmount does not wait for a server that may never answer.
            dokanDrive.CancelOutstanding();
            // Unmounts if still mounted, waits for the callbacks to finish and frees the instance; never called from a callback.
            DokanNative.DokanCloseHandle(instance);
        }
    }
}
