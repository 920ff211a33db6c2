using System.Diagnostics;
using System.Text;
using SmbDrive.CommandLine;
using SmbDrive.Commands;
using SmbDrive.Configuration;
using SmbDrive.Smb;

namespace SmbDrive.Mappings;

/// <summary><c>mount \\HOST\SHARE Z: --persistent</c> (Windows): after the logon has succeeded, keeps the password
/// in the Credential Manager, records the mapping (without the password) and makes sure the Run entry that
/// restores mappings at sign-in exists.</summary>
internal static class PersistentMappings
{
    /// <summary>Flags of the mount command line that a restored mount needs again.</summary>
    private static readonly string[] KeptFlags = ["fixed-drive", "smb1", "encrypt", "guest", "anonymous"];

    /// <summary>Records the mapping and returns an undo that puts the mappings and the Run entry back as they
    /// were, for a mount that fails after the logon (Dokan missing, drive letter taken).</summary>
    public static Action Record(CommandContext context, SmbAddress address, ResolvedCredentials credentials, string drive,
        MappingStore store, IStartupRegistration startup)
    {
        var before = store.Load();
        string? registeredBefore = startup.Registered;
        var mapping = Build(context.Args, address, credentials, drive, context.Environment.CurrentDirectory);
        if (credentials.Kind == SmbLogonKind.User)
        {
            var credentialStore = context.CredentialStore
                ?? throw new UsageException("--persistent keeps the password in the Windows Credential Manager, which exists on Windows only");
            credentialStore.SavePassword(CredentialTarget.For(address), credentials.ToString(), credentials.Password);
        }
        store.Add(mapping);
        startup.Register(RestoreCommandLine());
        context.Logger.Information("Recorded {Drive} {Share} as a persistent mapping in {File}", mapping.Drive, mapping.Share, store.FilePath);
        return () =>
        {
            store.Save(before);
            if (registeredBefore is null) startup.Unregister();
            else startup.Register(registeredBefore);
            context.Logger.Information("The mount of {Drive} failed: its persistent mapping is not recorded", mapping.Drive);
        };
    }

    /// <summary>The mapping a mount command line describes. Relative paths are made absolute, because the restore
    /// runs from another folder.</summary>
    internal static DriveMapping Build(ParsedArguments args, SmbAddress address, ResolvedCredentials credentials, string drive,
        string currentDirectory)
    {
        string letter = DriveMapping.NormalizeDrive(drive)
            ?? throw new UsageException($"--persistent needs a drive letter such as Z:, not '{drive}'");
        var options = new List<string>();
        foreach (string flag in KeptFlags.Where(args.Has)) options.Add("--" + flag);
        if (args.Value("config") is { } config) options.AddRange(["--config", Path.GetFullPath(config, currentDirectory)]);
        options.AddRange(args.ConfigurationArguments);
        string user = credentials.Kind == SmbLogonKind.User ? credentials.ToString() : "";
        return new DriveMapping(letter, address.Unc, user, options);
    }

    /// <summary>"C:\...\smbdrive.exe" mappings restore (with the dll under the dotnet host).</summary>
    internal static string RestoreCommandLine()
    {
        string self = Environment.ProcessPath ?? throw new MountFailedException("cannot find the smbdrive executable");
        var line = new StringBuilder().Append('"').Append(self).Append('"');
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            line.Append(" \"").Append(Path.Combine(AppContext.BaseDirectory, "smbdrive.dll")).Append('"');
        return line.Append(" mappings restore").ToString();
    }

    /// <summary>Starts <c>smbdrive ARGS</c> as its own windowless process that outlives this one.</summary>
    internal static void StartInBackground(IReadOnlyList<string> args)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the smbdrive executable");
        var start = new ProcessStartInfo(self) { UseShellExecute = false, CreateNoWindow = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "smbdrive.dll"));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var _ = Process.Start(start) ?? throw new InvalidOperationException("could not start smbdrive");
    }
}
