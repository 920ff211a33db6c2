using System.Runtime.InteropServices;
using SmbDrive.Dokan.Native;

namespace SmbDrive.Dokan;

/// <summary>The DOKAN_FILE_INFO of the request being served, valid only during the callback (hence a ref struct).
/// It plays the part of DokanNet's IDokanFileInfo: <see cref="Context"/> is kept per open handle and handed back on
/// every later call for that handle until CloseFile.</summary>
public readonly unsafe ref struct DokanFileInfo
{
    private readonly NativeDokanFileInfo* _native;
    private readonly DokanInstance _instance;

    internal DokanFileInfo(NativeDokanFileInfo* native, DokanInstance instance)
    {
        _native = native;
        _instance = instance;
    }

    /// <summary>Per-handle state of the file system. The callback layer owns the GCHandle behind it: it is freed after
    /// CloseFile, and after a failed CreateFile (for which Dokan sends no CloseFile).</summary>
    public object? Context
    {
        get => _native->Context == 0 ? null : GCHandle.FromIntPtr((nint)_native->Context).Target;
        set
        {
            if (_native->Context != 0)
            {
                var existing = GCHandle.FromIntPtr((nint)_native->Context);
                if (value is not null)
                {
                    existing.Target = value;
                    return;
                }
                existing.Free();
                _native->Context = 0;
                return;
            }
            if (value is not null)
            {
                _native->Context = (ulong)GCHandle.ToIntPtr(GCHandle.Alloc(value));
            }
        }
    }

    /// <summary>Preset by the library when FILE_DIRECTORY_FILE was given; CreateFile must set it whenever the
    /// target is a directory, or listings and deletes break.</summary>
    public bool IsDirectory
    {
        get => _native->IsDirectory != 0;
        set => _native->IsDirectory = value ? (byte)1 : (byte)0;
    }

    public bool DeletePending => _native->DeletePending != 0;
    /// <summary>Cache-manager or memory-map I/O: reads may extend past end of file and arrive after Cleanup.</summary>
    public bool PagingIo => _native->PagingIo != 0;
    public bool SynchronousIo => _native->SynchronousIo != 0;
    public bool NoCache => _native->Nocache != 0;
    public bool WriteToEndOfFile => _native->WriteToEndOfFile != 0;
    public int ProcessId => unchecked((int)_native->ProcessId);

    /// <summary>Asks the driver to give the current request <paramref name="milliseconds"/> more (capped at 5 minutes
    /// per call). Use it while a slow operation, such as a reconnect, is still under way.</summary>
    public bool TryResetTimeout(int milliseconds) => _instance.ResetTimeout(milliseconds, _native);
}
