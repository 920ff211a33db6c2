using SmbDrive.CommandLine;
using SmbDrive.Commands;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.Mappings;

/// <summary><c>smbdrive mappings</c>: the recorded persistent mappings, one line each (drive, share, user, flags).
/// <c>smbdrive mappings restore</c>: what the Run entry runs at sign-in, mounting each of them in the background.</summary>
internal sealed class MappingsCommand : ICommand
{
    public async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
            throw new UsageException("persistent mappings are drive letters on Windows; on Linux use an /etc/fstab line with type smbdrive");
        var store = MappingStore.ForCurrentUser();
        var output = context.Environment.Out;
        if (context.Args.Operands.Count == 0)
        {
            foreach (string line in Format(store.Load()))
                await output.WriteAsync(line + "\n");
            await output.FlushAsync(cancellationToken);
            return ExitCodes.Success;
        }
        if (context.Args.Operands[0] != "restore")
            throw new UsageException($"usage: smbdrive mappings [restore], not '{context.Args.Operands[0]}'");

        var credentialStore = context.CredentialStore!;
        var restorer = new MappingRestorer(
            drive => Directory.Exists(drive + "\\"),
            mapping => SmbAddress.TryParse(mapping.Share, out var address, out _) &&
                       credentialStore.TryReadPassword(CredentialTarget.For(address!), mapping.User) is not null,
            PersistentMappings.StartInBackground);
        foreach (var result in restorer.Restore(store.Load()))
        {
            if (result.Outcome == RestoreOutcome.Started)
                context.Logger.Information("Restoring {Drive} {Share}", result.Mapping.Drive, result.Mapping.Share);
            else
                context.Logger.Warning("Not restoring {Drive} {Share}: {Reason}", result.Mapping.Drive, result.Mapping.Share, result.Detail);
            await output.WriteAsync($"{result.Mapping.Drive} {result.Outcome}: {result.Detail}\n");
        }
        await output.FlushAsync(cancellationToken);
        return ExitCodes.Success;
    }

    /// <summary>"Z:  \\nas\media  CORP\alice  --fixed-drive", columns aligned.</summary>
    internal static IEnumerable<string> Format(IReadOnlyList<DriveMapping> mappings)
    {
        int share = mappings.Count == 0 ? 0 : mappings.Max(m => m.Share.Length);
        int user = mappings.Count == 0 ? 0 : mappings.Max(m => (m.User.Length == 0 ? "-" : m.User).Length);
        return mappings.Select(m =>
            $"{m.Drive}  {m.Share.PadRight(share)}  {(m.User.Length == 0 ? "-" : m.User).PadRight(user)}  {string.Join(' ', m.Options)}".TrimEnd());
    }
}
