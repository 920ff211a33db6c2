using System.Buffers;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan;

// The write side of the callback layer. Every change goes through the drive (IDriveFileSystem.Write.cs), which keeps
// its caches right; nothing is buffered here. A read-only drive answers every change with MEDIA_WRITE_PROTECTED (the
// driver, mounted with WRITE_PROTECT, refuses most of them before they get here).
public sealed partial class DokanDrive
{
    /// <summary>A create that may make or change the object: every disposition but FILE_OPEN, or FILE_OPEN with
    /// write access to the data. Returns STATUS_OBJECT_NAME_COLLISION when OPEN_ALWAYS or CREATE_ALWAYS found the
    /// object (the library's "it existed" signal), and for CREATE_NEW of an existing name.</summary>
    private VfsStatus CreateWritable(DokanCreateRequest request, DokanFileInfo info)
    {
        var existing = Call(_drive.GetInfoAsync(request.Path, Token(out var call)), call, info, mustComplete: false);
        if (!existing.IsSuccess)
        {
            if (existing.Status is not (VfsStatus.STATUS_OBJECT_NAME_NOT_FOUND or VfsStatus.STATUS_NO_SUCH_FILE))
            {
                return ClassifyOpenFailure(request.Path, existing.Status, request.MustBeDirectory, info);
            }
            return CreateMissing(request, existing.Status, info);
        }

        var found = existing.Value!;
        if (request.Mode == FileMode.CreateNew)
        {
            return VfsStatus.STATUS_OBJECT_NAME_COLLISION;
        }
        if (found.IsDirectory)
        {
            if (request.MustBeFile)
            {
                return VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
            }
            // A directory cannot be overwritten; with FILE_DIRECTORY_FILE NTFS calls the disposition itself invalid.
            if (request.Mode is FileMode.Create or FileMode.Truncate)
            {
                return request.MustBeDirectory ? VfsStatus.STATUS_INVALID_PARAMETER : VfsStatus.STATUS_FILE_IS_A_DIRECTORY;
            }
            return OpenExisting(request, info);
        }
        if (request.MustBeDirectory)
        {
            return VfsStatus.STATUS_NOT_A_DIRECTORY;
        }
        if (request.TrailingSeparator)
        {
            return VfsStatus.STATUS_OBJECT_NAME_INVALID;
        }
        if (!request.WritesData && request.Mode is FileMode.Open or FileMode.OpenOrCreate)
        {
            return OpenExisting(request, info);
        }

        var status = OpenWritable(request, info);
        return status == VfsStatus.STATUS_SUCCESS && request.Mode is FileMode.OpenOrCreate or FileMode.Create
            ? VfsStatus.STATUS_OBJECT_NAME_COLLISION : status;
    }

    /// <summary>The name does not exist: FILE_OPEN and FILE_OVERWRITE fail as an open would; the others make a file,
    /// or with FILE_DIRECTORY_FILE a directory.</summary>
    private VfsStatus CreateMissing(DokanCreateRequest request, VfsStatus notFound, DokanFileInfo info)
    {
        if (request.Mode is FileMode.Open or FileMode.Truncate)
        {
            return ClassifyOpenFailure(request.Path, notFound, request.MustBeDirectory, info);
        }
        if (request.Path.Length == 0 || (request.TrailingSeparator && !request.MustBeDirectory))
        {
            return VfsStatus.STATUS_OBJECT_NAME_INVALID;
        }
        if (!request.MustBeDirectory)
        {
            return OpenWritable(request, info);
        }
        if (request.Mode == FileMode.Create)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER; // supersede or overwrite a directory
        }

        var made = Call(_drive.CreateDirectoryAsync(request.Path, Token(out var call)), call, info, mustComplete: false);
        if (made != VfsStatus.STATUS_SUCCESS)
        {
            return made;
        }
        var opened = Call(_drive.OpenAsync(request.Path, VfsOpenIntent.Directory, Token(out var openCall)), openCall, info, mustComplete: false);
        if (!opened.IsSuccess)
        {
            return opened.Status;
        }
        info.IsDirectory = true;
        info.Context = new DokanOpenFile(opened.Value!, VfsOpenIntent.Directory, new DokanOpenWrites(false, false, request.DeleteOnClose));
        return VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>A writable server open with the request's disposition and sharing. It can always read too: the cache
    /// manager reads the pages around a partial write through whatever file object it has. An open that asked for
    /// DELETE also shares deletion on the server: the drive renames and deletes by name, with an open of its own that
    /// this very handle must not refuse (the driver still enforces the caller's sharing among the drive's handles).</summary>
    private VfsStatus OpenWritable(DokanCreateRequest request, DokanFileInfo info)
    {
        var createRequest = new VfsCreateRequest
        {
            Disposition = request.Disposition,
            Read = true,
            Share = request.WantsDelete ? request.Share | FileShare.Delete : request.Share,
            DeleteAccess = request.WantsDelete,
            NewFileAttributes = request.NewFileAttributes,
        };
        var created = Call(_drive.CreateAsync(request.Path, createRequest, Token(out var call)), call, info, mustComplete: false);
        if (!created.IsSuccess)
        {
            return created.Status;
        }
        info.IsDirectory = false;
        info.Context = new DokanOpenFile(created.Value!, VfsOpenIntent.ReadData,
            new DokanOpenWrites(true, request.WantsDelete, request.DeleteOnClose));
        return VfsStatus.STATUS_SUCCESS;
    }

    public VfsStatus WriteFile(string fileName, ReadOnlyMemory<byte> buffer, out int bytesWritten, long offset, DokanFileInfo info)
    {
        bytesWritten = 0;
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        if (info.Context is not DokanOpenFile open)
        {
            return VfsStatus.STATUS_INVALID_HANDLE;
        }
        if (open.IsDirectory)
        {
            return VfsStatus.STATUS_INVALID_DEVICE_REQUEST;
        }
        bool append = info.WriteToEndOfFile || offset == -1;
        if (!append && offset < 0)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }

        var handle = open.WriteHandle;
        VfsHandle? closeAfterUse = null;
        if (handle is null)
        {
            // Only the cache manager or a mapped view writes through a file object opened without write access.
            if (!info.PagingIo)
            {
                return VfsStatus.STATUS_ACCESS_DENIED;
            }
            var created = Call(_drive.CreateAsync(open.Handle.Path, new VfsCreateRequest { Disposition = VfsCreateDisposition.Open },
                Token(out var createCall)), createCall, info, mustComplete: false);
            if (!created.IsSuccess)
            {
                return created.Status;
            }
            (handle, closeAfterUse) = open.AdoptWriteHandle(created.Value!);
        }

        try
        {
            int length = buffer.Length;
            if (append || info.PagingIo)
            {
                var current = Call(_drive.GetInfoAsync(handle, Token(out var infoCall)), infoCall, info, mustComplete: false);
                if (!current.IsSuccess)
                {
                    return current.Status;
                }
                long size = current.Value!.Size;
                if (append)
                {
                    offset = size;
                }
                if (info.PagingIo)
                {
                    // The cache manager writes whole pages; what lies past the end of file is not the file's.
                    if (offset >= size)
                    {
                        return VfsStatus.STATUS_SUCCESS;
                    }
                    length = (int)Math.Min(length, size - offset);
                }
            }
            if (length == 0)
            {
                return VfsStatus.STATUS_SUCCESS;
            }
            var written = WritePrivately(handle, offset, buffer[..length], info);
            if (!written.IsSuccess)
            {
                return written.Status;
            }
            bytesWritten = written.Value;
            return VfsStatus.STATUS_SUCCESS;
        }
        finally
        {
            if (closeAfterUse is not null)
            {
                Close(closeAfterUse);
            }
        }
    }

    public VfsStatus FlushFileBuffers(string fileName, DokanFileInfo info)
    {
        if (info.Context is not DokanOpenFile { WriteHandle: { } handle })
        {
            return VfsStatus.STATUS_SUCCESS; // nothing of ours to commit
        }
        return Call(_drive.FlushAsync(handle, Token(out var call)), call, info, mustComplete: false);
    }

    public VfsStatus SetEndOfFile(string fileName, long length, DokanFileInfo info)
    {
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        if (length < 0)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }
        var open = info.Context as DokanOpenFile;
        if (open?.WriteHandle is { } handle)
        {
            return Call(_drive.SetSizeAsync(handle, length, Token(out var call)), call, info, mustComplete: false);
        }
        var status = PathOf(fileName, open, out string path);
        return status != VfsStatus.STATUS_SUCCESS ? status
            : Call(_drive.SetSizeAsync(path, length, Token(out var pathCall)), pathCall, info, mustComplete: false);
    }

    /// <summary>An allocation below the end of file truncates the file to it; a larger one changes nothing that a
    /// caller could see (SMB servers do not reserve space for it), so it is not sent.</summary>
    public VfsStatus SetAllocationSize(string fileName, long length, DokanFileInfo info)
    {
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        if (length < 0)
        {
            return VfsStatus.STATUS_INVALID_PARAMETER;
        }
        var open = info.Context as DokanOpenFile;
        VfsResult<VfsFileInfo> current;
        if (open is not null)
        {
            current = Call(_drive.GetInfoAsync(open.WriteHandle ?? open.Handle, Token(out var call)), call, info, mustComplete: false);
        }
        else
        {
            var status = PathOf(fileName, open, out string path);
            if (status != VfsStatus.STATUS_SUCCESS)
            {
                return status;
            }
            current = Call(_drive.GetInfoAsync(path, Token(out var pathCall)), pathCall, info, mustComplete: false);
        }
        if (!current.IsSuccess)
        {
            return current.Status;
        }
        return length >= current.Value!.Size ? VfsStatus.STATUS_SUCCESS : SetEndOfFile(fileName, length, info);
    }

    /// <summary>0 leaves the attributes as they are; FILE_ATTRIBUTE_NORMAL clears them.</summary>
    public VfsStatus SetFileAttributes(string fileName, FileAttributes attributes, DokanFileInfo info)
    {
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        // The directory bit describes the object; it is not something to set.
        var settable = attributes & ~FileAttributes.Directory;
        if (settable == 0)
        {
            return VfsStatus.STATUS_SUCCESS;
        }
        return SetBasicInfo(fileName, new VfsBasicInfo { Attributes = settable }, info);
    }

    /// <summary>A time that is absent, 0, -1 or -2 (FILETIME 0xFFFFFFFF'FFFFFFFF and ...FE, which only switch the
    /// automatic update off and on) arrives as null and is left as it is.</summary>
    public VfsStatus SetFileTime(string fileName, DateTime? creationTime, DateTime? lastAccessTime, DateTime? lastWriteTime,
        DokanFileInfo info)
    {
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        if (creationTime is null && lastAccessTime is null && lastWriteTime is null)
        {
            return VfsStatus.STATUS_SUCCESS;
        }
        return SetBasicInfo(fileName, new VfsBasicInfo
        {
            CreationTimeUtc = creationTime,
            LastAccessTimeUtc = lastAccessTime,
            LastWriteTimeUtc = lastWriteTime,
        }, info);
    }

    /// <summary>Only says whether the file may be deleted (a read-only file may not); the deletion is done in
    /// <see cref="Cleanup"/> once the library reports DeletePending. Called with DeletePending false to undo.</summary>
    public VfsStatus DeleteFile(string fileName, DokanFileInfo info)
    {
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        if (!info.DeletePending)
        {
            return VfsStatus.STATUS_SUCCESS;
        }
        var current = InfoOf(fileName, info);
        if (!current.IsSuccess)
        {
            return current.Status;
        }
        if (current.Value!.IsDirectory)
        {
            return VfsStatus.STATUS_ACCESS_DENIED;
        }
        return current.Value.Attributes.HasFlag(FileAttributes.ReadOnly) ? VfsStatus.STATUS_CANNOT_DELETE : VfsStatus.STATUS_SUCCESS;
    }

    /// <summary>Only says whether the directory may be deleted: it must be empty, and not the share's root.</summary>
    public VfsStatus DeleteDirectory(string fileName, DokanFileInfo info)
    {
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        if (!info.DeletePending)
        {
            return VfsStatus.STATUS_SUCCESS;
        }
        var status = PathOf(fileName, info.Context as DokanOpenFile, out string path);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }
        if (path.Length == 0)
        {
            return VfsStatus.STATUS_CANNOT_DELETE;
        }
        var listing = Call(_drive.ListAsync(path, null, Token(out var call)), call, info, mustComplete: false);
        if (!listing.IsSuccess)
        {
            return listing.Status;
        }
        return listing.Value!.Any(e => e.Name is not ("." or "..")) ? VfsStatus.STATUS_DIRECTORY_NOT_EMPTY : VfsStatus.STATUS_SUCCESS;
    }

    public VfsStatus MoveFile(string oldName, string newName, bool replace, DokanFileInfo info)
    {
        if (_drive.IsReadOnly)
        {
            return WriteDenied;
        }
        var status = PathOf(oldName, info.Context as DokanOpenFile, out string from);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }
        status = DokanPath.TryNormalize(newName, out string to, out _);
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            return status;
        }
        return Call(_drive.RenameAsync(from, to, replace, Token(out var call)), call, info, mustComplete: false);
    }

    public VfsStatus SetFileSecurity(string fileName, SecurityInformation provided, ReadOnlySpan<byte> securityDescriptor,
        DokanFileInfo info) =>
        // The share's permissions are the server's; a Windows descriptor has nothing on the share to go to.
        _drive.IsReadOnly ? WriteDenied : VfsStatus.STATUS_NOT_IMPLEMENTED;

    /// <summary>The last user handle was closed. Its byte-range locks are released now, as Windows does at cleanup
    /// (CloseFile may come much later, when the cache manager lets go of the file object). An object marked for
    /// deletion (DeleteFile/DeleteDirectory accepted, or FILE_DELETE_ON_CLOSE) is deleted now: through the handle when
    /// it was opened with DELETE, else by name once this open's own handles are closed, so that they cannot stand in
    /// the way. Otherwise the handles stay: paging reads and writes can still arrive after Cleanup, and CloseFile ends
    /// them.</summary>
    public void Cleanup(string fileName, DokanFileInfo info)
    {
        if (info.Context is not DokanOpenFile open)
        {
            return;
        }
        ReleaseLocks(open, info);
        if (_drive.IsReadOnly || !(info.DeletePending || open.Writes.DeleteOnClose))
        {
            return;
        }
        PathOf(fileName, open, out string path);
        var status = VfsStatus.STATUS_UNSUCCESSFUL;
        if (open.Writes is { Writable: true, ServerDeleteAccess: true })
        {
            status = Call(_drive.SetDeleteOnCloseAsync(open.Handle, true, Token(out var call)), call, info, mustComplete: false);
        }
        foreach (var handle in open.TakeHandlesForClose())
        {
            Close(handle); // the server deletes a file marked delete-on-close when its last handle closes
        }
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            status = Call(_drive.DeleteAsync(path, open.IsDirectory, Token(out var call)), call, info, mustComplete: false);
        }
        if (status != VfsStatus.STATUS_SUCCESS)
        {
            _logger.Warning("Deleting {Path} at Cleanup failed: {Status}", path, status);
        }
    }

    private VfsStatus SetBasicInfo(string fileName, VfsBasicInfo basic, DokanFileInfo info)
    {
        var open = info.Context as DokanOpenFile;
        if (open is not null)
        {
            // The drive uses the handle when it can write, the name otherwise.
            return Call(_drive.SetBasicInfoAsync(open.WriteHandle ?? open.Handle, basic, Token(out var call)), call, info, mustComplete: false);
        }
        var status = PathOf(fileName, open, out string path);
        return status != VfsStatus.STATUS_SUCCESS ? status
            : Call(_drive.SetBasicInfoAsync(path, basic, Token(out var pathCall)), pathCall, info, mustComplete: false);
    }

    private VfsResult<VfsFileInfo> InfoOf(string fileName, DokanFileInfo info)
    {
        if (info.Context is DokanOpenFile open)
        {
            return Call(_drive.GetInfoAsync(open.WriteHandle ?? open.Handle, Token(out var call)), call, info, mustComplete: false);
        }
        var status = DokanPath.TryNormalize(fileName, out string path, out _);
        return status != VfsStatus.STATUS_SUCCESS ? status
            : Call(_drive.GetInfoAsync(path, Token(out var pathCall)), pathCall, info, mustComplete: false);
    }

    /// <summary>The drive path of the name Dokan passed (the library renames its opens along with their files), or
    /// of the open when that name is unusable.</summary>
    private static VfsStatus PathOf(string fileName, DokanOpenFile? open, out string path)
    {
        var status = DokanPath.TryNormalize(fileName, out path, out _);
        if (status != VfsStatus.STATUS_SUCCESS && open is not null)
        {
            path = open.Handle.Path;
            return VfsStatus.STATUS_SUCCESS;
        }
        return status;
    }

    /// <summary>One write from a copy of the driver's buffer, made before the drive is called: the drive may outlive
    /// an abandoned call (a server that never answers, an unmount), and the driver's buffer is gone as soon as the
    /// callback returns.</summary>
    private VfsResult<int> WritePrivately(VfsHandle handle, long offset, ReadOnlyMemory<byte> source, DokanFileInfo info)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(source.Length);
        source.Span.CopyTo(copy);
        var written = Call(_drive.WriteAsync(handle, offset, copy.AsMemory(0, source.Length), Token(out var call)), call, info,
            mustComplete: false, out bool abandoned);
        if (!abandoned)
        {
            // An abandoned call may still read it: that copy is left to the garbage collector instead of the pool.
            ArrayPool<byte>.Shared.Return(copy);
        }
        if (written.IsSuccess && (written.Value < 0 || written.Value > source.Length))
        {
            throw new InvalidOperationException($"the drive reported {written.Value} bytes for a {source.Length}-byte write");
        }
        return written;
    }
}
