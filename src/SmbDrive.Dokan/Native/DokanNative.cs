using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SmbDrive.Dokan.Native;

/// <summary>The dokan2.dll exports we use (dokan.h v2.3.1, dokan.def; dokan-api.md §1.1). DOKANAPI is
/// __stdcall; BOOL is a 4-byte int. Only <see cref="DokanHost"/> calls these, and only on Windows.</summary>
internal static unsafe partial class DokanNative
{
    private const string Library = DokanLibraryLoader.FileName;

    // Runs before the first call of any import below, so none of them can load dokan2.dll by the default search.
    static DokanNative() => DokanLibraryLoader.Register(typeof(DokanNative).Assembly);

    /// <summary>DOKAN_VERSION of 2.3.1, what we compile against. The library only checks Version >= 200.</summary>
    public const ushort CompiledVersion = 231;

    /// <summary>Oldest library we accept: 2.1.0 fixed the pattern filtering after a FindFilesWithPattern
    /// fallback (#1149) and adds "." and ".." to listings; 2.0.4 already strips the UNC prefix of network
    /// mounts.</summary>
    public const uint MinimumLibraryVersion = 210;

    /// <summary>DOKAN_DRIVER_VERSION: the protocol DokanDriverVersion reports for a driver that matches a 2.x library.</summary>
    public const uint ExpectedDriverVersion = 0x190;

    /// <summary>The name Dokan 2 registers in the network provider order, and its service key.</summary>
    public const string NetworkProviderName = "Dokan2";

    public const uint WaitTimeout = 0x102;

    /// <summary>The driver caps each DokanResetTimeout at 5 minutes.</summary>
    public const uint MaxResetTimeoutMs = 300_000;

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial void DokanInit();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial void DokanShutdown();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanCreateFileSystem(NativeDokanOptions* options, NativeDokanOperations* operations, nint* instance);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanIsFileSystemRunning(nint instance);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial uint DokanWaitForFileSystemClosed(nint instance, uint milliseconds);

    /// <summary>Unmounts, waits for the file system to stop and frees the instance. Never call it from inside a
    /// Dokan callback: it waits for the callbacks to finish.</summary>
    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial void DokanCloseHandle(nint instance);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanRemoveMountPoint(char* mountPoint);

    /// <summary>Library version without dots, e.g. 231 for 2.3.1.</summary>
    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial uint DokanVersion();

    /// <summary>The driver protocol version (0x190), or 0 when the driver is not installed or not running.</summary>
    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial uint DokanDriverVersion();

    /// <summary>Extends the timeout of the request that <paramref name="fileInfo"/> belongs to; it finds the
    /// request through DokanContext.</summary>
    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanResetTimeout(uint milliseconds, NativeDokanFileInfo* fileInfo);
}
