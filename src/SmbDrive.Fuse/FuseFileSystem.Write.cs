using SmbDrive.Fuse.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Fuse;

// The write side: create and writable opens, write, truncate, unlink, mkdir, rmdir, rename, utimens, chmod (the
// read-only attribute), fsync. Writes are not buffered here: each returns once the server has the bytes.
internal sealed unsafe partial class FuseFileSystem
{
    /// <summary>renameat2 flags (linux/fs.h).</summary>
    public const uint RenameNoReplace = 1, RenameExchange = 2;

    /// <summary>utimensat special nanosecond values (sys/stat.h).</summary>
    public const long UtimeNow = (1L << 30) - 1, UtimeOmit = (1L << 30) - 2;

    public const int O_EXCL = 0x80;

    /// <summary>The open(2) flags that need a writable open, and the disposition they mean (go-smb2's mapping:
    /// O_CREAT|O_EXCL → CREATE, O_CREAT|O_TRUNC → OVERWRITE_IF, O_CREAT → OPEN_IF, O_TRUNC → OVERWRITE).</summary>
    public static VfsCreateDisposition DispositionOf(int flags)
    {
        bool create = (flags & LibC.O_CREAT) != 0, truncate = (flags & LibC.O_TRUNC) != 0, exclusive = (flags & O_EXCL) != 0;
        if (create && exclusive) return VfsCreateDisposition.Create;
        if (create) return truncate ? VfsCreateDisposition.OverwriteIf : VfsCreateDisposition.OpenIf;
        return truncate ? VfsCreateDisposition.Overwrite : VfsCreateDisposition.Open;
    }

    private static bool WantsWrite(int flags) => (flags & LibC.O_ACCMODE) != 0 || (flags & (LibC.O_TRUNC | LibC.O_APPEND)) != 0;

    /// <summary>open(2) of an existing file for writing: the server file is opened with write access at once, and
    /// truncated by the open when O_TRUNC says so.</summary>
    private int OpenWritable(string path, FuseFileInfo* fileInfo, VfsCreateDisposition disposition)
    {
        if (_drive.IsReadOnly)
            return -StatusMap.EROFS;
        // Read access too: an O_WRONLY descriptor's partial-page writes may make the kernel read.
        var result = Wait(_drive.CreateAsync(path, new VfsCreateRequest { Disposition = disposition }, _stopping.Token));
        if (!result.IsSuccess)
            return Errno(result.Status);
        fileInfo->Fh = _handles.Add(result.Value!);
        return 0;
    }

    public int Create(string path, uint mode, FuseFileInfo* fileInfo)
    {
        try
        {
            // The mode is not applied: SMB has no POSIX permissions, and a read-only attribute on a new file
            // (git creates its objects 0444) would stop the very writes that follow.
            return OpenWritable(path, fileInfo, DispositionOf(fileInfo->Flags | LibC.O_CREAT));
        }
        catch (Exception ex)
        {
            return Failed("create", path, ex);
        }
    }

    /// <summary>Regular files only (libfuse uses create; mknod of a FIFO, socket or device has no SMB equivalent).</summary>
    public int Mknod(string path, uint mode)
    {
        try
        {
            if ((mode & 0xF000) != LibC.S_IFREG)
                return Unsupported("mknod", path, StatusMap.EPERM);
            if (_drive.IsReadOnly)
                return -StatusMap.EROFS;
            var result = Wait(_drive.CreateAsync(path, new VfsCreateRequest { Disposition = VfsCreateDisposition.Create }, _stopping.Token));
            if (!result.IsSuccess)
                return Errno(result.Status);
            CloseQuietly(result.Value!);
            return 0;
        }
        catch (Exception ex)
        {
            return Failed("mknod", path, ex);
        }
    }

    public int Write(string? path, byte* buffer, nuint size, long offset, FuseFileInfo* fileInfo)
    {
        try
        {
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            if (entry == null)
                return -StatusMap.EBADF;
            if (offset < 0 || size > int.MaxValue)
                return -StatusMap.EINVAL;
            if (size == 0)
                return 0;
            var memory = new NativeMemoryManager(buffer, (int)size);
            try
            {
                var result = Wait(_drive.WriteAsync(entry.Handle, offset, memory.Memory, _stopping.Token));
                if (!result.IsSuccess)
                    return Errno(result.Status);
                return result.Value;
            }
            finally
            {
                memory.Invalidate();
            }
        }
        catch (Exception ex)
        {
            return Failed("write", path, ex);
        }
    }

    public int Truncate(string? path, long size, FuseFileInfo* fileInfo)
    {
        try
        {
            if (size < 0)
                return -StatusMap.EINVAL;
            if (_drive.IsReadOnly)
                return -StatusMap.EROFS;
            path = path == null ? null : _parking.Resolve(path);
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            VfsStatus status;
            if (entry != null)
                status = Wait(_drive.SetSizeAsync(entry.Handle, size, _stopping.Token));
            else if (path != null)
                status = Wait(_drive.SetSizeAsync(path, size, _stopping.Token));
            else
                return -StatusMap.EBADF;
            // ftruncate on a descriptor the drive opened for reading only: truncate by path.
            if (status == VfsStatus.STATUS_ACCESS_DENIED && entry != null && path != null)
                status = Wait(_drive.SetSizeAsync(path, size, _stopping.Token));
            return Status(status);
        }
        catch (Exception ex)
        {
            return Failed("truncate", path, ex);
        }
    }

    public int Fallocate(string? path, int mode, long offset, long length, FuseFileInfo* fileInfo)
    {
        try
        {
            if (_drive.IsReadOnly)
                return -StatusMap.EROFS;
            // Only plain allocation (mode 0); punching holes or keeping the size has no SMB2 equivalent here.
            if (mode != 0)
                return -StatusMap.ENOTSUP;
            if (offset < 0 || length <= 0 || offset > long.MaxValue - length)
                return -StatusMap.EINVAL;
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            if (entry == null)
                return -StatusMap.EBADF;
            var info = Wait(_drive.GetInfoAsync(entry.Handle, _stopping.Token));
            if (!info.IsSuccess)
                return Errno(info.Status);
            long end = offset + length;
            return end <= info.Value!.Size ? 0 : Status(Wait(_drive.SetSizeAsync(entry.Handle, end, _stopping.Token)));
        }
        catch (Exception ex)
        {
            return Failed("fallocate", path, ex);
        }
    }

    public int Unlink(string path)
    {
        try
        {
            string onShare = _parking.Resolve(path);
            var status = Wait(_drive.DeleteAsync(onShare, directory: false, _stopping.Token));
            if (onShare != path && status is VfsStatus.STATUS_SUCCESS or VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND)
                _parking.Forget(path);
            return Status(status);
        }
        catch (Exception ex)
        {
            return Failed("unlink", path, ex);
        }
    }

    public int Rmdir(string path)
    {
        try
        {
            var status = Wait(_drive.DeleteAsync(path, directory: true, _stopping.Token));
            if (status == VfsStatus.STATUS_DIRECTORY_NOT_EMPTY)
                LogWhatIsLeft(path);
            return Status(status);
        }
        catch (Exception ex)
        {
            return Failed("rmdir", path, ex);
        }
    }

    /// <summary>rmdir was refused as not empty: names what the server still has there (for example a hidden name
    /// of a file some program still holds open), so that a refusal the user did not expect can be explained.</summary>
    private void LogWhatIsLeft(string path)
    {
        var listing = Wait(_drive.ListAsync(path, null, _stopping.Token));
        if (!listing.IsSuccess)
            return;
        var names = listing.Value!.Select(e => e.Name).Where(n => n is not ("." or "..")).Take(10).ToList();
        _logger.Information("rmdir {Path}: the server still has {Count} entries there: {Names}", path, listing.Value!.Count, names);
    }

    public int Mkdir(string path)
    {
        try
        {
            return Status(Wait(_drive.CreateDirectoryAsync(path, _stopping.Token)));
        }
        catch (Exception ex)
        {
            return Failed("mkdir", path, ex);
        }
    }

    /// <summary>rename(2) replaces an existing target; RENAME_NOREPLACE must not; RENAME_EXCHANGE (swap two names
    /// atomically) has no SMB equivalent.</summary>
    public int Rename(string from, string to, uint flags)
    {
        try
        {
            if ((flags & RenameExchange) != 0 || (flags & ~(RenameNoReplace | RenameExchange)) != 0)
                return -StatusMap.EINVAL;
            if (_drive.IsReadOnly)
                return -StatusMap.EROFS;
            bool replace = (flags & RenameNoReplace) == 0;
            from = _parking.Resolve(from);
            if (HiddenFileParking.ParkingPathOf(to) is { } parked
                && Wait(_drive.RenameAsync(from, parked, false, _stopping.Token)) == VfsStatus.STATUS_SUCCESS)
            {
                _parking.Park(to, parked);
                return 0;
            }
            // Not a hidden name, or the root folder refused it (taken, or not writable): rename where asked.
            var status = Wait(_drive.RenameAsync(from, to, replace, _stopping.Token));
            if (status == VfsStatus.STATUS_ACCESS_DENIED && replace)
            {
                // POSIX lets a directory replace an empty directory; SMB refuses. Remove the empty target and retry.
                var target = Wait(_drive.GetInfoAsync(to, _stopping.Token));
                var source = Wait(_drive.GetInfoAsync(from, _stopping.Token));
                if (target.IsSuccess && source.IsSuccess && target.Value!.IsDirectory && source.Value!.IsDirectory
                    && Wait(_drive.DeleteAsync(to, directory: true, _stopping.Token)) == VfsStatus.STATUS_SUCCESS)
                    status = Wait(_drive.RenameAsync(from, to, false, _stopping.Token));
            }
            return Status(status);
        }
        catch (Exception ex)
        {
            return Failed("rename", from, ex);
        }
    }

    /// <summary>utimensat: times[0] is the access time, times[1] the modification time; null means both now.</summary>
    public int Utimens(string path, Timespec* times, FuseFileInfo* fileInfo)
    {
        try
        {
            if (_drive.IsReadOnly)
                return -StatusMap.EROFS;
            var now = DateTime.UtcNow;
            var info = new VfsBasicInfo
            {
                LastAccessTimeUtc = times == null ? now : ToTime(times[0], now),
                LastWriteTimeUtc = times == null ? now : ToTime(times[1], now),
            };
            if (info.LastAccessTimeUtc is null && info.LastWriteTimeUtc is null)
                return 0;
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            return Status(entry != null
                ? Wait(_drive.SetBasicInfoAsync(entry.Handle, info, _stopping.Token))
                : Wait(_drive.SetBasicInfoAsync(_parking.Resolve(path), info, _stopping.Token)));
        }
        catch (Exception ex)
        {
            return Failed("utimens", path, ex);
        }
    }

    /// <summary>chmod maps to the one permission SMB has: no write bit for anyone sets the read-only attribute,
    /// any write bit clears it. Directories keep their attributes.</summary>
    public int Chmod(string path, uint mode, FuseFileInfo* fileInfo)
    {
        try
        {
            if (_drive.IsReadOnly)
                return -StatusMap.EROFS;
            path = _parking.Resolve(path);
            var current = Wait(_drive.GetInfoAsync(path, _stopping.Token));
            if (!current.IsSuccess)
                return Errno(current.Status);
            if (current.Value!.IsDirectory)
                return 0;
            bool readOnly = (mode & 0b010_010_010) == 0;
            var attributes = current.Value.Attributes & ~(FileAttributes.ReadOnly | FileAttributes.Directory | FileAttributes.Normal);
            if (readOnly)
                attributes |= FileAttributes.ReadOnly;
            if (attributes == current.Value.Attributes)
                return 0;
            return Status(Wait(_drive.SetBasicInfoAsync(path, new VfsBasicInfo { Attributes = attributes == 0 ? FileAttributes.Normal : attributes }, _stopping.Token)));
        }
        catch (Exception ex)
        {
            return Failed("chmod", path, ex);
        }
    }

    /// <summary>Every file belongs to the one reported owner: "changing" to that owner succeeds (tar and cp -p
    /// do it), any other owner cannot be represented.</summary>
    public int Chown(string path, uint uid, uint gid)
    {
        if (_drive.IsReadOnly)
            return -StatusMap.EROFS;
        bool sameUid = uid == uint.MaxValue || uid == _owner.Uid;
        bool sameGid = gid == uint.MaxValue || gid == _owner.Gid;
        return sameUid && sameGid ? 0 : Unsupported("chown", path, StatusMap.EPERM);
    }

    public int Fsync(string? path, FuseFileInfo* fileInfo)
    {
        try
        {
            var entry = fileInfo != null ? _handles.Get(fileInfo->Fh) : null;
            if (entry == null)
                return -StatusMap.EBADF;
            return Status(Wait(_drive.FlushAsync(entry.Handle, _stopping.Token)));
        }
        catch (Exception ex)
        {
            return Failed("fsync", path, ex);
        }
    }

    /// <summary>What SMB has no equivalent of (symbolic and hard links, device nodes, foreign owners, xattrs):
    /// EROFS on a read-only drive, else the given errno.</summary>
    public int Unsupported(string operation, string? path, int errno)
    {
        try
        {
            int result = _drive.IsReadOnly ? StatusMap.EROFS : errno;
            _logger.Debug("FUSE {Operation} {Path} refused: errno {Errno}", operation, path, result);
            return -result;
        }
        catch (Exception ex)
        {
            return Failed(operation, path, ex);
        }
    }

    private static DateTime? ToTime(Timespec time, DateTime now) => time.Nsec switch
    {
        UtimeOmit => null,
        UtimeNow => now,
        _ => DateTime.UnixEpoch.AddTicks(time.Sec * TimeSpan.TicksPerSecond + time.Nsec / 100),
    };

    private static int Status(VfsStatus status) => status == VfsStatus.STATUS_SUCCESS ? 0 : Errno(status);
}
