using System.Runtime.InteropServices;
using Serilog;
using SmbDrive.Dokan.Native;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>Plays dokan2.dll on Linux: builds DOKAN_OPTIONS and DOKAN_OPERATIONS with the binding's own code (the
/// blocks the host hands to DokanCreateFileSystem), then calls the function pointers in that table with native
/// DOKAN_FILE_INFO structs and native buffers, doing what the library does around each callback (dokan-api.md §3.1):
/// IsDirectory preset for FILE_DIRECTORY_FILE, Context restored and saved per open, no Cleanup/Close after a failed
/// create, SUCCESS with 0 bytes turned into END_OF_FILE, GetFileInformation failures turned into INVALID_PARAMETER,
/// "." and ".." added to listings, an empty listing turned into NO_SUCH_FILE.</summary>
public sealed unsafe class SimulatedDokanDriver : IDisposable
{
    public const int StatusEndOfFile = unchecked((int)0xC0000011);
    public const int StatusNoSuchFile = unchecked((int)0xC000000F);
    public const int StatusNotImplemented = unchecked((int)0xC0000002);
    public const int StatusInvalidParameter = unchecked((int)0xC000000D);
    private const int MaxPath = 260;

    private readonly DokanMountMemory _memory;
    private long _nextRequest;
    private int _leakedContexts;

    internal SimulatedDokanDriver(IDokanFileSystem fileSystem, DokanMountOptions options, string driveUncName, bool driveReadOnly,
        ILogger logger)
    {
        Plan = DokanMountPlan.Create(options, driveUncName, driveReadOnly);
        Instance = new DokanInstance(fileSystem, Services, logger, Plan.VolumeSerialNumber);
        _memory = new DokanMountMemory(Plan, Instance);
    }

    internal DokanMountPlan Plan { get; }
    internal DokanInstance Instance { get; }
    internal RecordingDriverServices Services { get; } = new();
    internal NativeDokanOptions* Options => _memory.Options;
    internal NativeDokanOperations* Operations => _memory.Operations;

    /// <summary>Creates that failed but left something in Context, which the library would never release.</summary>
    public int LeakedContexts => Volatile.Read(ref _leakedContexts);

    public static SimulatedDokanDriver ForDrive(IDriveFileSystem drive, IDokanFileSystem fileSystem, ILogger logger,
        DokanMountOptions? options = null) =>
        new(fileSystem, options ?? new DokanMountOptions { MountPoint = "M:" }, drive.UncName, drive.IsReadOnly, logger);

    public void Dispose() => _memory.Dispose();

    public int Mounted(string mountPoint)
    {
        var info = NewRequest(null, mountRequest: true);
        try
        {
            fixed (char* name = mountPoint)
            {
                return Operations->Mounted(name, info);
            }
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public int Unmounted()
    {
        var info = NewRequest(null, mountRequest: true);
        try
        {
            return Operations->Unmounted(info);
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public CreateResult Create(string fileName, CreateArgs args)
    {
        if ((args.CreateOptions & IoRequest.DirectoryFile) != 0 && (args.CreateOptions & IoRequest.NonDirectoryFile) != 0)
        {
            return new CreateResult(StatusInvalidParameter, null); // the library answers this itself
        }
        var info = NewRequest(null);
        try
        {
            if ((args.CreateOptions & IoRequest.DirectoryFile) != 0)
            {
                info->IsDirectory = 1;
            }
            var security = new NativeDokanIoSecurityContext { DesiredAccess = args.DesiredAccess, OriginalDesiredAccess = args.DesiredAccess };
            int status;
            fixed (char* name = fileName)
            {
                status = Operations->ZwCreateFile(name, &security, args.DesiredAccess, args.FileAttributes, args.ShareAccess,
                    args.Disposition, args.CreateOptions, info);
            }
            if (DokanCallbacks.IsCreateSuccess((VfsStatus)(uint)status, args.Disposition))
            {
                return new CreateResult(status, new SimulatedOpen(fileName, info->Context, info->IsDirectory != 0));
            }
            if (info->Context != 0)
            {
                Interlocked.Increment(ref _leakedContexts);
            }
            return new CreateResult(status, null);
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public ReadResult Read(SimulatedOpen open, long offset, int length, bool pagingIo = false, bool nocache = false)
    {
        var buffer = (byte*)NativeMemory.Alloc((nuint)Math.Max(length, 1));
        new Span<byte>(buffer, length).Fill(0xCD); // the library hands over its buffer without clearing it
        var info = NewRequest(open, pagingIo: pagingIo, nocache: nocache || pagingIo);
        try
        {
            uint readLength = 0xDEADBEEF;
            int status;
            fixed (char* name = open.FileName)
            {
                status = Operations->ReadFile(name, buffer, (uint)length, &readLength, offset, info);
            }
            Save(open, info);
            if (status != 0)
            {
                return new ReadResult(status, status, []);
            }
            if (readLength > (uint)length)
            {
                throw new AssertionException($"ReadFile reported {readLength} bytes for a {length}-byte buffer");
            }
            var data = new ReadOnlySpan<byte>(buffer, (int)readLength).ToArray();
            return new ReadResult(status, readLength == 0 ? StatusEndOfFile : status, data);
        }
        finally
        {
            NativeMemory.Free(info);
            NativeMemory.Free(buffer);
        }
    }

    public FileInformationResult GetFileInformation(SimulatedOpen open)
    {
        var info = NewRequest(open);
        try
        {
            var buffer = new NativeByHandleFileInformation { FileAttributes = 0xFFFFFFFF };
            int status;
            fixed (char* name = open.FileName)
            {
                status = Operations->GetFileInformation(name, &buffer, info);
            }
            Save(open, info);
            long size = (long)(((ulong)buffer.FileSizeHigh << 32) | buffer.FileSizeLow);
            ulong index = ((ulong)buffer.FileIndexHigh << 32) | buffer.FileIndexLow;
            return new FileInformationResult(status, status == 0 ? 0 : StatusInvalidParameter, (FileAttributes)buffer.FileAttributes,
                size, index, buffer.VolumeSerialNumber, buffer.NumberOfLinks, buffer.CreationTime.ToTicks(),
                buffer.LastAccessTime.ToTicks(), buffer.LastWriteTime.ToTicks());
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public FindResult FindFiles(SimulatedOpen open, string? pattern = null)
    {
        var entries = new List<FindEntry>();
        var sink = GCHandle.Alloc(entries);
        var info = NewRequest(open);
        try
        {
            info->ProcessingContext = (void*)GCHandle.ToIntPtr(sink);
            string effective = pattern ?? "*";
            int status;
            fixed (char* name = open.FileName)
            fixed (char* search = effective)
            {
                status = Operations->FindFilesWithPattern(name, search, FindDataCollector.Pointer, info);
                if (status == StatusNotImplemented)
                {
                    status = Operations->FindFiles(name, FindDataCollector.Pointer, info);
                    entries.RemoveAll(e => !DokanWildcard.IsMatch(effective, e.Name, ignoreCase: true));
                }
            }
            Save(open, info);
            if (status != 0)
            {
                return new FindResult(status, status, entries);
            }
            var seen = new List<FindEntry>(entries);
            if (effective == "*" && open.FileName != "\\")
            {
                // 2.1.0+: "." and ".." are added when missing, except in the root.
                if (!seen.Exists(e => e.Name == ".."))
                {
                    seen.Insert(0, new FindEntry("..", "", FileAttributes.Directory, 0, 0, 0, 0));
                }
                if (!seen.Exists(e => e.Name == "."))
                {
                    seen.Insert(0, new FindEntry(".", "", FileAttributes.Directory, 0, 0, 0, 0));
                }
            }
            return new FindResult(status, seen.Count == 0 ? StatusNoSuchFile : status, seen, entries);
        }
        finally
        {
            NativeMemory.Free(info);
            sink.Free();
        }
    }

    public void Cleanup(SimulatedOpen open)
    {
        var info = NewRequest(open);
        try
        {
            // The last handle of an object marked for deletion: the file system deletes it now (2.3.0 semantics).
            info->DeletePending = open.DeletePending ? (byte)1 : (byte)0;
            fixed (char* name = open.FileName)
            {
                Operations->Cleanup(name, info);
            }
            Save(open, info);
            open.CleanedUp = true;
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public void Close(SimulatedOpen open)
    {
        var info = NewRequest(open);
        try
        {
            fixed (char* name = open.FileName)
            {
                Operations->CloseFile(name, info);
            }
            Save(open, info);
            open.Closed = true;
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public VolumeInformationResult GetVolumeInformation()
    {
        var info = NewRequest(null);
        var label = stackalloc char[MaxPath];
        var fsName = stackalloc char[MaxPath];
        new Span<char>(label, MaxPath).Clear(); // the library zeroes both buffers first
        new Span<char>(fsName, MaxPath).Clear();
        try
        {
            uint serial = 0, maxComponent = 0, flags = 0;
            int status = Operations->GetVolumeInformation(label, MaxPath, &serial, &maxComponent, &flags, fsName, MaxPath, info);
            return new VolumeInformationResult(status, new string(label), serial, maxComponent, (FileSystemFeatures)flags, new string(fsName));
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public DiskFreeSpaceResult GetDiskFreeSpace()
    {
        var info = NewRequest(null);
        try
        {
            ulong available = 0, total = 0, free = 0;
            int status = Operations->GetDiskFreeSpace(&available, &total, &free, info);
            return new DiskFreeSpaceResult(status, available, total, free);
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    public (int Status, uint LengthNeeded) GetFileSecurity(SimulatedOpen open, uint bufferLength)
    {
        var info = NewRequest(open);
        var buffer = (byte*)NativeMemory.AllocZeroed(Math.Max(bufferLength, 1));
        try
        {
            uint requested = 0x1 | 0x2 | 0x4; // OWNER | GROUP | DACL
            uint needed = 0;
            int status;
            fixed (char* name = open.FileName)
            {
                status = Operations->GetFileSecurity(name, &requested, buffer, bufferLength, &needed, info);
            }
            Save(open, info);
            return (status, needed);
        }
        finally
        {
            NativeMemory.Free(buffer);
            NativeMemory.Free(info);
        }
    }

    /// <summary>WriteFile with the library's buffer (native memory, freed right after the call, as the library
    /// reuses it). <paramref name="writeToEndOfFile"/> is FILE_APPEND_DATA-only I/O: offset -1 and the flag set.</summary>
    public WriteResult Write(SimulatedOpen open, long offset, ReadOnlySpan<byte> data, bool pagingIo = false, bool writeToEndOfFile = false)
    {
        var info = NewRequest(open, pagingIo: pagingIo, nocache: pagingIo);
        info->WriteToEndOfFile = writeToEndOfFile ? (byte)1 : (byte)0;
        var buffer = (byte*)NativeMemory.Alloc((nuint)Math.Max(data.Length, 1));
        try
        {
            data.CopyTo(new Span<byte>(buffer, data.Length));
            uint written = 0xDEADBEEF;
            int status;
            fixed (char* name = open.FileName)
            {
                status = Operations->WriteFile(name, buffer, (uint)data.Length, &written, writeToEndOfFile ? -1 : offset, info);
            }
            Save(open, info);
            // What the driver holds once the callback returned must never be read again: poison it.
            new Span<byte>(buffer, data.Length).Fill(0xEE);
            return new WriteResult(status, status == 0 ? written : 0);
        }
        finally
        {
            NativeMemory.Free(buffer);
            NativeMemory.Free(info);
        }
    }

    public int Flush(SimulatedOpen open) => Call(open, (name, info) => Operations->FlushFileBuffers(name, info));

    /// <summary>LockFile as the driver sends it with FILELOCK_USER_MODE: the range only, no flags.</summary>
    public int LockFile(SimulatedOpen open, long offset, long length) =>
        Call(open, (name, info) => Operations->LockFile(name, offset, length, info));

    public int UnlockFile(SimulatedOpen open, long offset, long length) =>
        Call(open, (name, info) => Operations->UnlockFile(name, offset, length, info));

    public int SetEndOfFile(SimulatedOpen open, long length) => Call(open, (name, info) => Operations->SetEndOfFile(name, length, info));

    public int SetAllocationSize(SimulatedOpen open, long length) =>
        Call(open, (name, info) => Operations->SetAllocationSize(name, length, info));

    public int SetFileAttributes(SimulatedOpen open, FileAttributes attributes) =>
        Call(open, (name, info) => Operations->SetFileAttributes(name, (uint)attributes, info));

    /// <summary>SetFileTime with raw FILETIME values; null passes a null pointer.</summary>
    public int SetFileTime(SimulatedOpen open, long? creation, long? lastAccess, long? lastWrite)
    {
        var times = stackalloc NativeFileTime[3];
        times[0] = NativeFileTime.FromTicks(creation ?? 0);
        times[1] = NativeFileTime.FromTicks(lastAccess ?? 0);
        times[2] = NativeFileTime.FromTicks(lastWrite ?? 0);
        return Call(open, (name, info) => Operations->SetFileTime(name, creation is null ? null : &times[0],
            lastAccess is null ? null : &times[1], lastWrite is null ? null : &times[2], info));
    }

    /// <summary>FileDispositionInformation as the library handles it: DeletePending set to the request, then
    /// DeleteFile or DeleteDirectory asked whether that is allowed; a refusal leaves the open as it was.</summary>
    public int SetDisposition(SimulatedOpen open, bool delete)
    {
        var info = NewRequest(open);
        try
        {
            info->DeletePending = delete ? (byte)1 : (byte)0;
            int status;
            fixed (char* name = open.FileName)
            {
                status = open.IsDirectory ? Operations->DeleteDirectory(name, info) : Operations->DeleteFile(name, info);
            }
            Save(open, info);
            if (status == 0)
            {
                open.DeletePending = delete;
            }
            return status;
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    /// <summary>Asks to delete (the call Explorer's Delete makes through SetDisposition).</summary>
    public int DeleteFile(SimulatedOpen open) => SetDisposition(open, delete: true);

    /// <summary>FileRenameInformation; on success the library renames the open too.</summary>
    public int MoveFile(SimulatedOpen open, string newName, bool replace = false)
    {
        var info = NewRequest(open);
        try
        {
            int status;
            fixed (char* name = open.FileName)
            fixed (char* target = newName)
            {
                status = Operations->MoveFile(name, target, replace ? 1 : 0, info);
            }
            Save(open, info);
            if (status == 0)
            {
                open.FileName = newName;
            }
            return status;
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    private int Call(SimulatedOpen open, NameCall call)
    {
        var info = NewRequest(open);
        try
        {
            fixed (char* name = open.FileName)
            {
                int status = call(name, info);
                Save(open, info);
                return status;
            }
        }
        finally
        {
            NativeMemory.Free(info);
        }
    }

    private delegate int NameCall(char* name, NativeDokanFileInfo* info);

    /// <summary>A fresh DOKAN_FILE_INFO per request, as the library builds one per IoEvent; DokanContext stands in for
    /// the event pointer that DokanResetTimeout uses to find the request.</summary>
    private NativeDokanFileInfo* NewRequest(SimulatedOpen? open, bool pagingIo = false, bool nocache = false, bool mountRequest = false)
    {
        var info = (NativeDokanFileInfo*)NativeMemory.AllocZeroed((nuint)sizeof(NativeDokanFileInfo));
        info->DokanOptions = Options;
        if (!mountRequest)
        {
            info->DokanContext = (ulong)Interlocked.Increment(ref _nextRequest);
            info->ProcessId = (uint)Environment.ProcessId;
            info->SynchronousIo = 1;
        }
        if (open is not null)
        {
            if (open.Closed)
            {
                throw new InvalidOperationException($"{open} was already closed");
            }
            info->Context = open.Context;
            info->IsDirectory = open.IsDirectory ? (byte)1 : (byte)0;
        }
        info->PagingIo = pagingIo ? (byte)1 : (byte)0;
        info->Nocache = nocache ? (byte)1 : (byte)0;
        return info;
    }

    private static void Save(SimulatedOpen open, NativeDokanFileInfo* info) => open.Context = info->Context;
}
