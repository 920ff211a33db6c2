using System.Runtime.InteropServices;
using Serilog;
using SmbDrive.Dokan.Native;

namespace SmbDrive.Dokan;

/// <summary>Everything one mounted file system needs inside the callbacks. DOKAN_OPTIONS.GlobalContext holds a
/// GCHandle to it, which is how the static callbacks find their way back.</summary>
internal sealed unsafe class DokanInstance
{
    private int _volumeSerialNumber;
    private long _unexpectedErrors;

    public DokanInstance(IDokanFileSystem fileSystem, IDokanDriverServices driver, ILogger logger, uint volumeSerialNumber)
    {
        FileSystem = fileSystem;
        Driver = driver;
        Logger = logger;
        _volumeSerialNumber = unchecked((int)volumeSerialNumber);
    }

    public IDokanFileSystem FileSystem { get; }
    public IDokanDriverServices Driver { get; }
    public ILogger Logger { get; }

    /// <summary>The serial GetVolumeInformation last reported; also written into every GetFileInformation.</summary>
    public uint VolumeSerialNumber
    {
        get => unchecked((uint)Volatile.Read(ref _volumeSerialNumber));
        set => Volatile.Write(ref _volumeSerialNumber, unchecked((int)value));
    }

    /// <summary>How many callbacks ended in an exception (each one is a bug).</summary>
    public long UnexpectedErrors => Interlocked.Read(ref _unexpectedErrors);

    public static DokanInstance FromFileInfo(NativeDokanFileInfo* fileInfo)
    {
        if (fileInfo == null || fileInfo->DokanOptions == null || fileInfo->DokanOptions->GlobalContext == 0)
        {
            throw new InvalidOperationException("DOKAN_FILE_INFO does not lead to a mounted instance");
        }
        return GCHandle.FromIntPtr((nint)fileInfo->DokanOptions->GlobalContext).Target as DokanInstance
            ?? throw new InvalidOperationException("DOKAN_OPTIONS.GlobalContext is not a DokanInstance");
    }

    public bool ResetTimeout(int milliseconds, NativeDokanFileInfo* fileInfo)
    {
        try
        {
            uint ms = (uint)Math.Clamp(milliseconds, 1, (int)DokanNative.MaxResetTimeoutMs);
            return Driver.ResetTimeout(ms, fileInfo);
        }
        catch (Exception ex)
        {
            Logger.Warning(ex, "DokanResetTimeout failed");
            return false;
        }
    }

    /// <summary>Frees the per-handle GCHandle and clears Context. Dokan reuses the same DOKAN_FILE_INFO for a
    /// second ZwCreateFile after probing a rename target, so a stale value must never remain.</summary>
    public static void ReleaseContext(NativeDokanFileInfo* fileInfo)
    {
        if (fileInfo == null || fileInfo->Context == 0)
        {
            return;
        }
        var handle = GCHandle.FromIntPtr((nint)fileInfo->Context);
        fileInfo->Context = 0;
        handle.Free();
    }

    /// <summary>Turns an exception that reached the callback boundary into a status; logging must not throw either.</summary>
    public int Fail(Exception exception, string operation, string? fileName)
    {
        Interlocked.Increment(ref _unexpectedErrors);
        try
        {
            Logger.Error(exception, "Dokan {Operation} failed unexpectedly for {FileName}", operation, fileName ?? "");
        }
        catch
        {
            // Nothing more can be done without risking an exception in native code.
        }
        return NtStatusCodes.InternalError;
    }
}
