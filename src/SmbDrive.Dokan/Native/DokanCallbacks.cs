using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmbDrive.Vfs;

namespace SmbDrive.Dokan.Native;

/// <summary>The 25 DOKAN_OPERATIONS entry points (dokan.h; dokan-api.md §3, §3.1). Each one is an
/// [UnmanagedCallersOnly] static, so there is no delegate for the GC to collect; each finds its
/// <see cref="DokanInstance"/> through DokanOptions->GlobalContext, forwards to <see cref="IDokanFileSystem"/>, and
/// catches every exception: an exception crossing into dokan2.dll would kill the process.</summary>
internal static unsafe class DokanCallbacks
{
    private const int MaxVolumeLabelLength = 32;    // longer labels misbehave (#939)
    private const int MaxFileSystemNameLength = 10;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int ZwCreateFile(char* fileName, NativeDokanIoSecurityContext* securityContext, uint desiredAccess,
        uint fileAttributes, uint shareAccess, uint createDisposition, uint createOptions, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            var mapped = CreateFlagsMapper.Map(desiredAccess, fileAttributes, createOptions, createDisposition);
            var status = instance.FileSystem.CreateFile(name, mapped.Access, (FileShare)(shareAccess & 0x7), mapped.Mode,
                mapped.Options, (FileAttributes)unchecked((int)fileAttributes), (NtCreateOptions)createOptions,
                new DokanFileInfo(dokanFileInfo, instance));
            if (!IsCreateSuccess(status, createDisposition))
            {
                // A failed create gets no Cleanup/CloseFile, so nothing may stay behind in Context.
                DokanInstance.ReleaseContext(dokanFileInfo);
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            SafeRelease(dokanFileInfo);
            return Fail(instance, ex, nameof(ZwCreateFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static void Cleanup(char* fileName, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            instance.FileSystem.Cleanup(name, new DokanFileInfo(dokanFileInfo, instance));
        }
        catch (Exception ex)
        {
            Fail(instance, ex, nameof(Cleanup), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static void CloseFile(char* fileName, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            instance.FileSystem.CloseFile(name, new DokanFileInfo(dokanFileInfo, instance));
        }
        catch (Exception ex)
        {
            Fail(instance, ex, nameof(CloseFile), name);
        }
        finally
        {
            SafeRelease(dokanFileInfo);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int ReadFile(char* fileName, void* buffer, uint bufferLength, uint* readLength, long offset,
        NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            if (readLength != null)
            {
                *readLength = 0;
            }
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            int length = (int)Math.Min(bufferLength, int.MaxValue);
            using var memory = new NativeMemoryManager((byte*)buffer, length);
            var status = instance.FileSystem.ReadFile(name, memory.Memory, out int bytesRead, offset,
                new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS)
            {
                if ((uint)bytesRead > (uint)length)
                {
                    throw new InvalidOperationException($"ReadFile reported {bytesRead} bytes for a {length}-byte buffer");
                }
                if (readLength != null)
                {
                    *readLength = (uint)bytesRead;
                }
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(ReadFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int WriteFile(char* fileName, void* buffer, uint numberOfBytesToWrite, uint* numberOfBytesWritten,
        long offset, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            if (numberOfBytesWritten != null)
            {
                *numberOfBytesWritten = 0;
            }
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            int length = (int)Math.Min(numberOfBytesToWrite, int.MaxValue);
            using var memory = new NativeMemoryManager((byte*)buffer, length);
            var status = instance.FileSystem.WriteFile(name, memory.Memory, out int written, offset,
                new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS && numberOfBytesWritten != null)
            {
                *numberOfBytesWritten = (uint)Math.Clamp(written, 0, length);
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(WriteFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int FlushFileBuffers(char* fileName, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.FlushFileBuffers(name, new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(FlushFileBuffers), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int GetFileInformation(char* fileName, NativeByHandleFileInformation* buffer, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            if (buffer == null)
            {
                return NtStatusCodes.InvalidParameter;
            }
            var status = instance.FileSystem.GetFileInformation(name, out var info, new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS)
            {
                *buffer = default;
                buffer->FileAttributes = (uint)info.Attributes;
                buffer->CreationTime = NativeFileTime.FromDateTime(info.CreationTime);
                buffer->LastAccessTime = NativeFileTime.FromDateTime(info.LastAccessTime);
                buffer->LastWriteTime = NativeFileTime.FromDateTime(info.LastWriteTime);
                buffer->VolumeSerialNumber = instance.VolumeSerialNumber;
                ulong size = (ulong)Math.Max(info.Length, 0);
                buffer->FileSizeHigh = (uint)(size >> 32);
                buffer->FileSizeLow = (uint)size;
                buffer->NumberOfLinks = 1;
                buffer->FileIndexHigh = (uint)(info.FileIndex >> 32);
                buffer->FileIndexLow = (uint)info.FileIndex;
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(GetFileInformation), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int FindFiles(char* fileName, delegate* unmanaged[Stdcall]<NativeWin32FindData*, NativeDokanFileInfo*, int> fillFindData,
        NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            var status = instance.FileSystem.FindFiles(name, out var files, new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS)
            {
                Fill(instance, files, fillFindData, dokanFileInfo);
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(FindFiles), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int FindFilesWithPattern(char* pathName, char* searchPattern,
        delegate* unmanaged[Stdcall]<NativeWin32FindData*, NativeDokanFileInfo*, int> fillFindData, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(pathName);
            string pattern = searchPattern == null ? "*" : new string(searchPattern);
            var status = instance.FileSystem.FindFilesWithPattern(name, pattern, out var files,
                new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS)
            {
                Fill(instance, files, fillFindData, dokanFileInfo);
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(FindFilesWithPattern), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int SetFileAttributes(char* fileName, uint fileAttributes, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.SetFileAttributes(name, (FileAttributes)unchecked((int)fileAttributes),
                new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(SetFileAttributes), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int SetFileTime(char* fileName, NativeFileTime* creationTime, NativeFileTime* lastAccessTime,
        NativeFileTime* lastWriteTime, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.SetFileTime(name,
                creationTime == null ? null : creationTime->ToDateTime(),
                lastAccessTime == null ? null : lastAccessTime->ToDateTime(),
                lastWriteTime == null ? null : lastWriteTime->ToDateTime(),
                new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(SetFileTime), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int DeleteFile(char* fileName, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.DeleteFile(name, new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(DeleteFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int DeleteDirectory(char* fileName, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.DeleteDirectory(name, new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(DeleteDirectory), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int MoveFile(char* fileName, char* newFileName, int replaceIfExisting, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.MoveFile(name, ToName(newFileName), replaceIfExisting != 0,
                new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(MoveFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int SetEndOfFile(char* fileName, long byteOffset, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.SetEndOfFile(name, byteOffset, new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(SetEndOfFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int SetAllocationSize(char* fileName, long allocSize, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.SetAllocationSize(name, allocSize, new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(SetAllocationSize), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int LockFile(char* fileName, long byteOffset, long length, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.LockFile(name, byteOffset, length, new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(LockFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int UnlockFile(char* fileName, long byteOffset, long length, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            return ToNtStatus(instance.FileSystem.UnlockFile(name, byteOffset, length, new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(UnlockFile), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int GetDiskFreeSpace(ulong* freeBytesAvailable, ulong* totalNumberOfBytes, ulong* totalNumberOfFreeBytes,
        NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            var status = instance.FileSystem.GetDiskFreeSpace(out long available, out long total, out long free,
                new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS)
            {
                if (freeBytesAvailable != null)
                {
                    *freeBytesAvailable = (ulong)Math.Max(available, 0);
                }
                if (totalNumberOfBytes != null)
                {
                    *totalNumberOfBytes = (ulong)Math.Max(total, 0);
                }
                if (totalNumberOfFreeBytes != null)
                {
                    *totalNumberOfFreeBytes = (ulong)Math.Max(free, 0);
                }
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(GetDiskFreeSpace), null);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int GetVolumeInformation(char* volumeNameBuffer, uint volumeNameSize, uint* volumeSerialNumber,
        uint* maximumComponentLength, uint* fileSystemFlags, char* fileSystemNameBuffer, uint fileSystemNameSize,
        NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            uint serial = instance.VolumeSerialNumber;
            var status = instance.FileSystem.GetVolumeInformation(out string label, out var features, out string fsName,
                out uint maxComponent, ref serial, new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS)
            {
                instance.VolumeSerialNumber = serial;
                WriteString(volumeNameBuffer, volumeNameSize, label, MaxVolumeLabelLength);
                WriteString(fileSystemNameBuffer, fileSystemNameSize, fsName, MaxFileSystemNameLength);
                if (volumeSerialNumber != null)
                {
                    *volumeSerialNumber = serial;
                }
                if (maximumComponentLength != null)
                {
                    *maximumComponentLength = maxComponent;
                }
                if (fileSystemFlags != null)
                {
                    *fileSystemFlags = (uint)features;
                }
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(GetVolumeInformation), null);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int Mounted(char* mountPoint, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            return ToNtStatus(instance.FileSystem.Mounted(ToName(mountPoint), new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(Mounted), null);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int Unmounted(NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            return ToNtStatus(instance.FileSystem.Unmounted(new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(Unmounted), null);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int GetFileSecurity(char* fileName, uint* securityInformation, void* securityDescriptor, uint bufferLength,
        uint* lengthNeeded, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            var requested = securityInformation == null ? SecurityInformation.None : (SecurityInformation)(*securityInformation);
            int length = securityDescriptor == null ? 0 : (int)Math.Min(bufferLength, int.MaxValue);
            var status = instance.FileSystem.GetFileSecurity(name, requested, new Span<byte>(securityDescriptor, length),
                out int needed, new DokanFileInfo(dokanFileInfo, instance));
            if (lengthNeeded != null && (status == VfsStatus.STATUS_SUCCESS || status == VfsStatus.STATUS_BUFFER_OVERFLOW))
            {
                *lengthNeeded = (uint)Math.Max(needed, 0);
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(GetFileSecurity), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int SetFileSecurity(char* fileName, uint* securityInformation, void* securityDescriptor, uint bufferLength,
        NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            var provided = securityInformation == null ? SecurityInformation.None : (SecurityInformation)(*securityInformation);
            int length = securityDescriptor == null ? 0 : (int)Math.Min(bufferLength, int.MaxValue);
            return ToNtStatus(instance.FileSystem.SetFileSecurity(name, provided, new ReadOnlySpan<byte>(securityDescriptor, length),
                new DokanFileInfo(dokanFileInfo, instance)));
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(SetFileSecurity), name);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    public static int FindStreams(char* fileName, delegate* unmanaged[Stdcall]<NativeWin32FindStreamData*, void*, int> fillFindStreamData,
        void* findStreamContext, NativeDokanFileInfo* dokanFileInfo)
    {
        DokanInstance? instance = null;
        string? name = null;
        try
        {
            instance = DokanInstance.FromFileInfo(dokanFileInfo);
            name = ToName(fileName);
            var status = instance.FileSystem.FindStreams(name, out var streams, new DokanFileInfo(dokanFileInfo, instance));
            if (status == VfsStatus.STATUS_SUCCESS && fillFindStreamData != null)
            {
                foreach (var stream in streams)
                {
                    if (stream.FileName.Length >= NativeWin32FindStreamData.StreamNameLength)
                    {
                        continue;
                    }
                    NativeWin32FindStreamData data = default;
                    data.StreamSize = stream.Length;
                    stream.FileName.AsSpan().CopyTo(new Span<char>(data.StreamName, NativeWin32FindStreamData.StreamNameLength));
                    // The second argument is the FindStreamContext, not the DOKAN_FILE_INFO (DokanNet HEAD gets this wrong).
                    if (fillFindStreamData(&data, findStreamContext) == 0)
                    {
                        break; // FALSE: the buffer is full
                    }
                }
            }
            return ToNtStatus(status);
        }
        catch (Exception ex)
        {
            return Fail(instance, ex, nameof(FindStreams), name);
        }
    }

    /// <summary>NT_SUCCESS, or a collision reported by a create that is allowed to open an existing object
    /// (the library's CreateSuccesStatusCheck).</summary>
    internal static bool IsCreateSuccess(VfsStatus status, uint createDisposition) =>
        (int)status >= 0
        || (status == VfsStatus.STATUS_OBJECT_NAME_COLLISION
            && (NtCreateDisposition)createDisposition is NtCreateDisposition.OpenIf or NtCreateDisposition.Supersede
                or NtCreateDisposition.OverwriteIf);

    /// <summary>Writes one entry per file through PFillFindData, passing the very DOKAN_FILE_INFO we were given:
    /// the library finds its result list through its ProcessingContext.</summary>
    private static void Fill(DokanInstance instance, IEnumerable<DokanFileInformation> files,
        delegate* unmanaged[Stdcall]<NativeWin32FindData*, NativeDokanFileInfo*, int> fillFindData, NativeDokanFileInfo* dokanFileInfo)
    {
        if (fillFindData == null)
        {
            throw new InvalidOperationException("the driver passed no FillFindData");
        }
        foreach (var file in files)
        {
            if (string.IsNullOrEmpty(file.FileName) || file.FileName.Length >= NativeWin32FindData.FileNameLength)
            {
                instance.Logger.Warning("Skipping directory entry {Name}: not expressible in WIN32_FIND_DATAW", file.FileName);
                continue;
            }
            NativeWin32FindData data = default;
            ToFindData(file, &data);
            if (fillFindData(&data, dokanFileInfo) != 0)
            {
                break; // 1: the buffer is full (2.x never says so, 1.x did)
            }
        }
    }

    internal static void ToFindData(in DokanFileInformation file, NativeWin32FindData* data)
    {
        data->FileAttributes = (uint)file.Attributes;
        data->CreationTime = NativeFileTime.FromDateTime(file.CreationTime);
        data->LastAccessTime = NativeFileTime.FromDateTime(file.LastAccessTime);
        data->LastWriteTime = NativeFileTime.FromDateTime(file.LastWriteTime);
        ulong size = (ulong)Math.Max(file.Length, 0);
        data->FileSizeHigh = (uint)(size >> 32);
        data->FileSizeLow = (uint)size;
        var name = new Span<char>(data->FileName, NativeWin32FindData.FileNameLength);
        file.FileName.AsSpan().CopyTo(name);
        name[file.FileName.Length] = '\0';
        data->AlternateFileName[0] = '\0';
    }

    private static void WriteString(char* buffer, uint sizeInChars, string value, int maxChars)
    {
        if (buffer == null || sizeInChars == 0)
        {
            return;
        }
        int count = (int)Math.Min(Math.Min((long)value.Length, maxChars), (long)sizeInChars - 1);
        var target = new Span<char>(buffer, count + 1);
        value.AsSpan(0, count).CopyTo(target);
        target[count] = '\0';
    }

    private static string ToName(char* name) => name == null ? "" : new string(name);

    private static int ToNtStatus(VfsStatus status) => unchecked((int)(uint)status);

    private static void SafeRelease(NativeDokanFileInfo* dokanFileInfo)
    {
        try
        {
            DokanInstance.ReleaseContext(dokanFileInfo);
        }
        catch
        {
            // A broken GCHandle must not take the process down; the leak is the lesser harm.
        }
    }

    private static int Fail(DokanInstance? instance, Exception exception, string operation, string? fileName) =>
        instance?.Fail(exception, operation, fileName) ?? NtStatusCodes.InvalidParameter;
}
