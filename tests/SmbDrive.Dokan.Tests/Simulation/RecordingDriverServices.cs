using System.Collections.Concurrent;
using SmbDrive.Dokan.Native;

namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>The simulated library's side of DokanResetTimeout: records each call and the request it named.</summary>
internal sealed unsafe class RecordingDriverServices : IDokanDriverServices
{
    public ConcurrentQueue<(uint Milliseconds, ulong Request)> Resets { get; } = new();

    public bool ResetTimeout(uint milliseconds, NativeDokanFileInfo* fileInfo)
    {
        // The library finds the request through DokanContext; without it the reset cannot work.
        if (fileInfo == null || fileInfo->DokanContext == 0)
        {
            return false;
        }
        Resets.Enqueue((milliseconds, fileInfo->DokanContext));
        return true;
    }
}
