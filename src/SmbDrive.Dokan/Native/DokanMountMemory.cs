using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>DOKAN_OPTIONS, DOKAN_OPERATIONS and their strings in native memory, plus the GCHandle that
/// GlobalContext carries. dokan2.dll keeps these pointers, and writes into the options, for the whole mount, so
/// this object is disposed only after DokanWaitForFileSystemClosed or DokanCloseHandle has returned.</summary>
internal sealed unsafe class DokanMountMemory : IDisposable
{
    private GCHandle _instanceHandle;
    private char* _mountPoint;
    private char* _uncName;
    private bool _disposed;

    public DokanMountMemory(DokanMountPlan plan, DokanInstance instance)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(instance);
        try
        {
            Options = (NativeDokanOptions*)NativeMemory.AllocZeroed((nuint)sizeof(NativeDokanOptions));
            Operations = (NativeDokanOperations*)NativeMemory.AllocZeroed((nuint)sizeof(NativeDokanOperations));
            _mountPoint = AllocString(plan.MountPoint);
            _uncName = plan.UncName is null ? null : AllocString(plan.UncName);
            _instanceHandle = GCHandle.Alloc(instance);

            Options->Version = DokanNative.CompiledVersion;
            Options->SingleThread = 0;
            Options->Options = (uint)plan.Flags;
            Options->GlobalContext = (ulong)GCHandle.ToIntPtr(_instanceHandle);
            Options->MountPoint = _mountPoint;
            Options->UncName = _uncName;
            Options->Timeout = plan.TimeoutMs;
            Options->AllocationUnitSize = DokanMountPlan.AllocationUnitSize;
            Options->SectorSize = DokanMountPlan.SectorSize;
            Options->VolumeSecurityDescriptorLength = 0;
            DokanOperationsTable.Fill(Operations);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public NativeDokanOptions* Options { get; private set; }
    public NativeDokanOperations* Operations { get; private set; }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        NativeMemory.Free(Options);
        NativeMemory.Free(Operations);
        NativeMemory.Free(_mountPoint);
        NativeMemory.Free(_uncName);
        Options = null;
        Operations = null;
        _mountPoint = _uncName = null;
        if (_instanceHandle.IsAllocated)
        {
            _instanceHandle.Free();
        }
    }

    private static char* AllocString(string value)
    {
        var buffer = (char*)NativeMemory.Alloc((nuint)(value.Length + 1), sizeof(char));
        value.AsSpan().CopyTo(new Span<char>(buffer, value.Length));
        buffer[value.Length] = '\0';
        return buffer;
    }
}
