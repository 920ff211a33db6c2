using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmbDrive.Dokan.Native;

namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>The simulated PFillFindData: like the library's DokanFillFileData, it finds its result list through the
/// ProcessingContext of the DOKAN_FILE_INFO it is handed, so the binding must pass the very struct it received.</summary>
internal static unsafe class FindDataCollector
{
    public static delegate* unmanaged[Stdcall]<NativeWin32FindData*, NativeDokanFileInfo*, int> Pointer => &Fill;

    public static delegate* unmanaged[Stdcall]<NativeWin32FindStreamData*, void*, int> StreamPointer => &FillStream;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int Fill(NativeWin32FindData* data, NativeDokanFileInfo* fileInfo)
    {
        try
        {
            if (fileInfo == null || fileInfo->ProcessingContext == null)
            {
                return 1;
            }
            var sink = (List<FindEntry>)GCHandle.FromIntPtr((nint)fileInfo->ProcessingContext).Target!;
            string name = ReadTerminated(data->FileName, NativeWin32FindData.FileNameLength);
            string alternate = ReadTerminated(data->AlternateFileName, NativeWin32FindData.AlternateFileNameLength);
            long size = (long)(((ulong)data->FileSizeHigh << 32) | data->FileSizeLow);
            lock (sink)
            {
                sink.Add(new FindEntry(name, alternate, (FileAttributes)data->FileAttributes, size,
                    data->CreationTime.ToTicks(), data->LastAccessTime.ToTicks(), data->LastWriteTime.ToTicks()));
            }
            return 0;
        }
        catch
        {
            return 1;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int FillStream(NativeWin32FindStreamData* data, void* findStreamContext)
    {
        try
        {
            var sink = (List<FindEntry>)GCHandle.FromIntPtr((nint)findStreamContext).Target!;
            string name = ReadTerminated(data->StreamName, NativeWin32FindStreamData.StreamNameLength);
            lock (sink)
            {
                sink.Add(new FindEntry(name, "", 0, data->StreamSize, 0, 0, 0));
            }
            return 1; // TRUE: room for more
        }
        catch
        {
            return 0;
        }
    }

    private static string ReadTerminated(char* buffer, int capacity)
    {
        var span = new ReadOnlySpan<char>(buffer, capacity);
        int end = span.IndexOf('\0');
        return new string(end < 0 ? span : span[..end]);
    }
}
