namespace SmbDrive.Mappings;

/// <summary>What happened to one mapping at sign-in.</summary>
internal enum RestoreOutcome
{
    Started,
    DriveInUse,
    NoSavedPassword,
    StartFailed,
}

internal sealed record RestoreResult(DriveMapping Mapping, RestoreOutcome Outcome, string Detail);

/// <summary>Brings the recorded mappings back at sign-in: for each one whose drive letter is free and whose
/// password the Credential Manager holds, it starts <c>smbdrive mount SHARE DRIVE --user USER [flags]</c> in the
/// background (that mount reads the password from the Credential Manager itself). A mapping that cannot come back
/// is reported and left recorded, so that it returns at the next sign-in once the cause is gone.</summary>
internal sealed class MappingRestorer(Func<string, bool> driveInUse, Func<DriveMapping, bool> hasSavedPassword,
    Action<IReadOnlyList<string>> startInBackground)
{
    public IReadOnlyList<RestoreResult> Restore(IEnumerable<DriveMapping> mappings)
    {
        var results = new List<RestoreResult>();
        foreach (var mapping in mappings)
        {
            if (driveInUse(mapping.Drive))
            {
                results.Add(new(mapping, RestoreOutcome.DriveInUse, $"{mapping.Drive} is already in use"));
                continue;
            }
            if (mapping.User.Length > 0 && !hasSavedPassword(mapping))
            {
                results.Add(new(mapping, RestoreOutcome.NoSavedPassword,
                    $"no saved password for {mapping.User} on {mapping.Share}: run smbdrive mount {mapping.Share} {mapping.Drive} --user {mapping.User} --persistent once"));
                continue;
            }
            try
            {
                startInBackground(MountArguments(mapping));
                results.Add(new(mapping, RestoreOutcome.Started, $"{mapping.Drive} {mapping.Share}"));
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                results.Add(new(mapping, RestoreOutcome.StartFailed, e.Message));
            }
        }
        return results;
    }

    /// <summary>The mount command line of a mapping: share, drive, user (none for --guest or --anonymous
    /// mappings), then its recorded flags.</summary>
    public static IReadOnlyList<string> MountArguments(DriveMapping mapping) => mapping.User.Length > 0
        ? ["mount", mapping.Share, mapping.Drive, "--user", mapping.User, .. mapping.Options]
        : ["mount", mapping.Share, mapping.Drive, .. mapping.Options];
}
