using SmbDrive.CommandLine;
using SmbDrive.Commands;

namespace SmbDrive.Mappings;

/// <summary><c>unmount Z: --forget</c>: removes the drive's recorded mapping, and the sign-in Run entry once no
/// mapping is left. The saved password stays in the Credential Manager: other mappings or commands may use it.</summary>
internal static class MappingForgetter
{
    public static bool Forget(CommandContext context, string drive, MappingStore store, IStartupRegistration startup)
    {
        string letter = DriveMapping.NormalizeDrive(drive)
            ?? throw new UsageException($"--forget needs a drive letter such as Z:, not '{drive}'");
        bool removed = store.Remove(letter);
        if (store.Load().Count == 0) startup.Unregister();
        if (removed) context.Logger.Information("Forgot the persistent mapping of {Drive}", letter);
        return removed;
    }
}
