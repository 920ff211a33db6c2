using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

internal sealed unsafe partial class FuseFileSystem
{
    public int Open(string path, FuseFileInfo* fileInfo)
    {
        try
        {
            string onShare = _parking.Resolve(path);
            int flags = fileInfo->Flags;
            if (WantsWrite(flags))
                return StaleIfGone(OpenWritable(onShare, fileInfo, DispositionOf(flags)));
            var result = Wait(_drive.OpenAsync(onShare, VfsOpenIntent.ReadData, _stopping.Token));
            if (!result.IsSuccess)
                return StaleIfGone(Errno(result.Status));
            var handle = result.Value!;
            if (!_drive.IsReadOnly)
            {
                // Close-to-open: what another client wrote and closed must be seen by this open, so the
                // kernel's cached attributes and pages of a file that changed are dropped now.
                var check = Wait(_drive.RevalidateAsync(handle, _stopping.Token));
                if (!check.IsSuccess)
                {
                    CloseQuietly(handle);
                    return Errno(check.Status);
                }
                if (check.Value)
                    InvalidateKernelCache(path);
            }
            fileInfo->Fh = _handles.Add(handle);
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("open", path, ex);
        }
    }

    /// <summary>Reads straight into libfuse's buffer. Without direct_io the kernel takes a short count as end of
    /// file, which is exactly what the drive's count means: the drive (through the client's read engine, the one
    /// place that decides where a file ends) returns fewer bytes than asked only at the end of the file.</summary>
    public int Read(string path, byte* buffer, nuint size, long offset, FuseFileInfo* fileInfo)
    {
        try
        {
            if (offset < 0)
                return -StatusMap.EINVAL;
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            if (entry == null)
                return -StatusMap.EBADF;
            int wanted = (int)Math.Min(size, (nuint)MaxReadBytes * 16);
            if (wanted == 0)
                return 0;
            if (offset > long.MaxValue - wanted)
                return -StatusMap.EINVAL;

            var memory = new NativeMemoryManager(buffer, wanted);
            try
            {
                var result = Wait(_drive.ReadAsync(entry.Handle, offset, memory.Memory, _stopping.Token));
                if (result.Status == VfsStatus.STATUS_END_OF_FILE)
                    return 0;
                if (!result.IsSuccess)
                    return Errno(result.Status);
                int count = result.Value;
                if (count < 0 || count > wanted)
                    throw new InvalidOperationException($"The drive reported {count} bytes read into a buffer of {wanted}.");
                return count;
            }
            finally
            {
                memory.Invalidate();
            }
        }
        catch (Exception ex)
        {
            return Failed("read", path, ex);
        }
    }

    /// <summary>The kernel opens a name it still has cached as existing; when another client deleted it meanwhile, the
    /// answer is ESTALE rather than ENOENT: the kernel then looks the name up again and retries the open once, so that
    /// an open with O_CREAT (which the kernel does not pass on) creates the file instead of failing.</summary>
    private static int StaleIfGone(int result) => result == -StatusMap.ENOENT ? -StatusMap.ESTALE : result;

    public int Release(string? path, FuseFileInfo* fileInfo)
    {
        try
        {
            var entry = fileInfo != null ? _handles.Remove(fileInfo->Fh) : null;
            if (entry != null)
            {
                // Closing the server open releases the POSIX locks held on it.
                _posixLocks.ForgetHandle(entry.Handle);
                CloseQuietly(entry.Handle);
                // The last descriptor of an unlinked file: delete it now (libfuse may no longer have its name).
                if (!entry.Handle.IsDirectory && !_handles.AnyOpen(entry.Handle.Path) && _parking.ForgetParked(entry.Handle.Path) is { } parked)
                    DeleteQuietly(parked);
            }
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("release", path, ex);
        }
    }
}
