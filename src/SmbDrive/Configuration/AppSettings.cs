using Microsoft.Extensions.Configuration;
using SmbDrive.CommandLine;

namespace SmbDrive.Configuration;

/// <summary>Builds the configuration. Later sources win: appsettings.json next to the executable, then
/// <c>--config FILE</c>, then environment variables <c>SMBDRIVE__Section__Key</c>, then the shortcut options
/// (<c>--smb1</c>, <c>--encrypt</c>, <c>--kerberos</c>, <c>--read-only</c>), then <c>--Section:Key=value</c> arguments. The current folder is not
/// searched on purpose: an unrelated project's appsettings.json there would reconfigure smbdrive.</summary>
internal static class AppSettings
{
    public const string FileName = "appsettings.json";
    public const string EnvironmentPrefix = "SMBDRIVE__";

    public static IConfigurationRoot Build(ParsedArguments args, string baseDirectory, string currentDirectory)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(baseDirectory, FileName), optional: true, reloadOnChange: false);
        if (args.Value("config") is { } extra)
        {
            string path = Path.GetFullPath(extra, currentDirectory);
            if (!File.Exists(path)) throw new UsageException($"--config: {path} not found");
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(Shortcuts(args))
            .AddCommandLine(args.ConfigurationArguments.ToArray());
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or IOException)
        {
            // A malformed JSON file; the message names the file and the position.
            throw new UsageException(OneLine(e), e);
        }
    }

    private static IEnumerable<KeyValuePair<string, string?>> Shortcuts(ParsedArguments args)
    {
        if (args.Has("smb1")) yield return new("Smb:AllowSmb1", "true");
        if (args.Has("encrypt")) yield return new("Smb:RequireEncryption", "true");
        if (args.Has("kerberos")) yield return new("Smb:Authentication", "Kerberos");
        if (args.Has("read-only")) yield return new("Vfs:ReadOnly", "true");
    }

    private static string OneLine(Exception e) =>
        (e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message).ReplaceLineEndings(" ");
}
