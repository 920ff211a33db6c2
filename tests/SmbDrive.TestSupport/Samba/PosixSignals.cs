using System.Runtime.InteropServices;

namespace SmbDrive.TestSupport;

/// <summary>kill(2), so a whole process group can be signalled in one call (Process.Kill only knows single pids and trees it can see).</summary>
internal static partial class PosixSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends a signal; a target that no longer exists is not an error.</summary>
    public static void Send(int pid, int signal)
    {
        if (pid is 0 or -1 || pid == Environment.ProcessId || pid == -Environment.ProcessId)
        {
            // 0 and -1 mean "my group" and "everyone" to kill(2): never what we want.
            throw new ArgumentOutOfRangeException(nameof(pid), pid, "Refusing to signal this target.");
        }

        _ = Kill(pid, signal);
    }

    /// <summary>Sends a signal to every process of the group led by <paramref name="groupLeader"/>.</summary>
    public static void SendToGroup(int groupLeader, int signal)
    {
        if (groupLeader <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(groupLeader), groupLeader, "Not a process group leader.");
        }

        Send(-groupLeader, signal);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
