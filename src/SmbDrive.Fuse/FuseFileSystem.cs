using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;
using Serilog;
using SmbDrive.Fuse.PosixLocks;

namespace SmbDrive.Fuse;

/// <summary>The FUSE operations, translated to <see cref="IDriveFileSystem"/>. libfuse's multi-threaded loop calls
/// them from its worker threads, which exist only to serve requests, so each call waits synchronously for the
/// drive. Every method returns 0 or a negated errno and never throws: an exception (a bug in a lower layer)
/// is logged and answered with EIO, because an exception crossing into libfuse would end the process.</summary>
/// <remarks><see cref="FuseCallbacks"/> holds the native entry points and forwards here; this split lets unit
/// tests call the operations with stack-allocated native structs and no mount.</remarks>
internal sealed unsafe partial class FuseFileSystem : IDisposable
{
    /// <summary>Largest read the kernel is asked to send (max_read, and the readahead we ask for). libfuse's
    /// receive buffer holds 256 pages, which caps requests at 1 MiB anyway.</summary>
    public const int MaxReadBytes = 1 << 20;

    private readonly IDriveFileSystem _drive;
    private readonly StatOwner _owner;
    private readonly ILogger _logger;
    private readonly FuseHandleTable _handles = new();
    private readonly HiddenFileParking _parking = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly PosixLockTable _posixLocks;

    public FuseFileSystem(IDriveFileSystem drive, StatOwner owner, ILogger logger)
    {
        _drive = drive;
        _owner = owner;
        _logger = logger.ForContext<FuseFileSystem>();
        _posixLocks = new PosixLockTable(drive, _logger);
        _drive.PathsOutdated += OnPathsOutdated;
    }

    internal FuseHandleTable Handles => _handles;

    /// <summary>Result of the init negotiation, for the host's log line and for tests.</summary>
    internal FuseConnInfo NegotiatedConnection { get; private set; }

    /// <summary>Called by init before the kernel hears our answer: cache lifetimes from the drive, server file ids
    /// as inode numbers, 1 MiB reads.</summary>
    public void Init(FuseConnInfo* connection, FuseConfig* config)
    {
        try
        {
            var context = LibFuse.FuseGetContext();
            if (context != null)
                Volatile.Write(ref _fuse, context->Fuse);
            var lifetimes = _drive.CacheLifetimes;
            config->UseIno = 1;
            config->EntryTimeout = Seconds(lifetimes.FileInfo);
            config->AttrTimeout = Seconds(lifetimes.FileInfo);
            // The kernel keeps no "does not exist" answers: it could not be told to forget one (libfuse's path interface
            // invalidates only names it knows), and a companion file another PC created (SQLite's hot journal) must be
            // seen at once. Such lookups are answered from the drive's own not-found cache, which locks refresh.
            config->NegativeTimeout = 0;
            // Keep a file's page cache across opens while its size and mtime are unchanged (checked on open).
            config->AutoCache = 1;
            config->KernelCache = 0;
            config->DirectIo = 0;
            config->HardRemove = 0;
            config->NullpathOk = 0;

            // Must equal the max_read mount option (FuseMountArguments): libfuse refuses the mount otherwise.
            connection->MaxRead = MaxReadBytes;
            // The kernel offers its current readahead and keeps the smaller of offer and answer; FuseSession
            // raises the per-mount limit in sysfs afterwards where it may.
            if (connection->MaxReadahead < MaxReadBytes)
                connection->MaxReadahead = MaxReadBytes;
            NegotiatedConnection = *connection;
        }
        catch (Exception ex)
        {
            _logger.Error(ex, "FUSE init failed; continuing with libfuse defaults");
        }
    }

    /// <summary>stat by path, or fstat by handle (<paramref name="path"/> is null when libfuse no longer has a
    /// name for the file: it was unlinked and its folder removed).</summary>
    public int GetAttr(string? path, Stat* stat, FuseFileInfo* fileInfo)
    {
        try
        {
            VfsResult<VfsFileInfo> result;
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            if (entry != null)
            {
                path = entry.Handle.Path;
                result = Wait(_drive.GetInfoAsync(entry.Handle, _stopping.Token));
            }
            else if (path != null)
            {
                path = _parking.Resolve(path);
                result = Wait(_drive.GetInfoAsync(path, _stopping.Token));
            }
            else
            {
                return -StatusMap.EBADF;
            }
            if (!result.IsSuccess)
                return Errno(result.Status);
            StatFiller.Fill(ref *stat, result.Value!, path, _owner, _drive.IsReadOnly);
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("getattr", path, ex);
        }
    }

    /// <summary>access(2) reaches us because the mount does not use default_permissions: writes are refused
    /// with EROFS, execute with EACCES on files (nothing on a share is executable here).</summary>
    public int Access(string path, int mask)
    {
        try
        {
            path = _parking.Resolve(path);
            if ((mask & LibC.W_OK) != 0 && _drive.IsReadOnly)
                return -StatusMap.EROFS;
            var result = Wait(_drive.GetInfoAsync(path, _stopping.Token));
            if (!result.IsSuccess)
                return Errno(result.Status);
            if ((mask & LibC.X_OK) != 0 && !result.Value!.IsDirectory)
                return -StatusMap.EACCES;
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("access", path, ex);
        }
    }

    public int StatFs(string path, StatVfs* statVfs)
    {
        try
        {
            var result = Wait(_drive.GetVolumeInfoAsync(_stopping.Token));
            if (!result.IsSuccess)
                return Errno(result.Status);
            var volume = result.Value!;
            long blockSize = (long)volume.BytesPerSector * volume.SectorsPerAllocationUnit;
            if (blockSize < 512)
                blockSize = 4096;
            *statVfs = default;
            statVfs->Bsize = (ulong)blockSize;
            statVfs->Frsize = (ulong)blockSize;
            statVfs->Blocks = (ulong)Math.Max(0, volume.TotalBytes) / (ulong)blockSize;
            statVfs->Bfree = (ulong)Math.Max(0, volume.FreeBytes) / (ulong)blockSize;
            statVfs->Bavail = (ulong)Math.Max(0, volume.AvailableBytes) / (ulong)blockSize;
            statVfs->Namemax = (ulong)Math.Max(1, volume.MaxComponentLength);
            statVfs->Flag = _drive.IsReadOnly ? LibC.ST_RDONLY : 0;
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("statfs", path, ex);
        }
    }

    /// <summary>Cancels drive calls in flight; used when the mount is being torn down.</summary>
    public void Stop()
    {
        Volatile.Write(ref _fuse, 0);
        try
        {
            _stopping.Cancel();
        }
        catch (AggregateException ex)
        {
            _logger.Warning(ex, "A cancellation callback failed while stopping the FUSE file system");
        }
    }

    /// <summary>Closes every handle the kernel did not release (the connection was aborted).</summary>
    public void CloseAll()
    {
        foreach (var entry in _handles.RemoveAll())
            CloseQuietly(entry.Handle);
        // libfuse unlinks a hidden name only after a RELEASE; the ones that will never come leave files behind.
        foreach (var parked in _parking.ForgetAll())
            DeleteQuietly(parked);
    }

    public void Dispose()
    {
        _drive.PathsOutdated -= OnPathsOutdated;
        CloseAll();
        _stopping.Dispose();
    }

    /// <summary>Logs an unexpected exception and answers EIO. Path names are user data, not secrets.</summary>
    internal int Failed(string operation, string? path, Exception exception)
    {
        try
        {
            _logger.Error(exception, "FUSE {Operation} {Path} failed with an unexpected exception", operation, path);
        }
        catch
        {
            // A broken sink must not turn into a crash of the mount.
        }
        return -StatusMap.EIO;
    }

    private void CloseQuietly(VfsHandle handle)
    {
        try
        {
            var close = _drive.CloseAsync(handle);
            if (!close.IsCompletedSuccessfully)
                close.AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            _logger.Error(ex, "Closing {Handle} failed", handle);
        }
    }

    private void DeleteQuietly(string path)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var status = Wait(_drive.DeleteAsync(path, directory: false, timeout.Token));
            if (status != VfsStatus.STATUS_SUCCESS)
                _logger.Warning("Deleting the unlinked file {Path} failed: {Status}", path, status);
        }
        catch (Exception ex)
        {
            _logger.Warning(ex, "Deleting the unlinked file {Path} failed", path);
        }
    }

    private static int Errno(VfsStatus status)
    {
        int errno = StatusMap.ToErrno(status);
        // STATUS_END_OF_FILE maps to 0 (a zero-byte read); as an operation result it must still be an error.
        return errno == 0 ? -StatusMap.EIO : -errno;
    }

    private static double Seconds(TimeSpan lifetime) => lifetime > TimeSpan.Zero ? lifetime.TotalSeconds : 0;

    /// <summary>Waits for a drive call. Worker threads of the multi-threaded loop are dedicated to requests, so
    /// blocking them is the intended use; the drive's continuations run on the thread pool, not here.</summary>
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static T Wait<T>(ValueTask<T> task) =>
        task.IsCompletedSuccessfully ? task.Result : task.AsTask().GetAwaiter().GetResult();
}
