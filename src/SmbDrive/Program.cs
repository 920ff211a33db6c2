using Serilog.Core;
using SmbDrive.CommandLine;
using SmbDrive.Commands;
using SmbDrive.Configuration;
using SmbDrive.Logging;
using SmbDrive.Mappings;
using SmbDrive.MountHelper;

namespace SmbDrive;

/// <summary>Parses the command line and dispatches to a command; everything else lives in the commands.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var signals = new ProcessSignals();
        // Called as mount.smbdrive (a link to the native executable): the mount helper.
        if (Path.GetFileName(Environment.GetCommandLineArgs()[0]) == MountHelperCommand.Name) args = [MountHelperCommand.Name, .. args];
        return await RunAsync(args, CliEnvironment.FromConsole(), signals.Token);
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment,
        CancellationToken cancellationToken)
    {
        bool verbose = false;
        Logger? logger = null;
        // mount(8)'s helper calling convention (-o, -t, -s...) is not smbdrive's: it has its own parser.
        if (args.Count > 0 && args[0] == MountHelperCommand.Name)
            return await MountHelperCommand.RunAsync(args.Skip(1).ToList(), environment, cancellationToken);
        try
        {
            var parsed = ArgumentParser.Parse(args);
            verbose = parsed.Has("verbose");
            if (parsed.Has("help"))
            {
                await environment.Out.WriteAsync(UsageText.Build());
                await environment.Out.FlushAsync(cancellationToken);
                return ExitCodes.Success;
            }
            if (parsed.Has("version")) return await new VersionCommand().RunAsync(environment.Out, cancellationToken);
            if (parsed.Command is null)
            {
                await environment.Error.WriteAsync(UsageText.Build());
                return ExitCodes.Usage;
            }
            var definition = CommandTable.Find(parsed.Command)
                ?? throw new UsageException($"unknown command '{parsed.Command}' (see smbdrive --help)");
            definition.Validate(parsed);
            if (definition.Name == "version") return await new VersionCommand().RunAsync(environment.Out, cancellationToken);

            var configuration = AppSettings.Build(parsed, environment.BaseDirectory, environment.CurrentDirectory);
            logger = LoggingSetup.Create(configuration, verbose);
            var context = new CommandContext(parsed, environment, configuration, SettingsBinder.BindSmb(configuration),
                logger.ForContext("SourceContext", "SmbDrive.Cli"));
            ICommand command = definition.Name switch
            {
                "ls" => new LsCommand(),
                "cat" => new CatCommand(),
                "get" => new GetCommand(),
                "put" => new PutCommand(),
                "mkdir" => new MkdirCommand(),
                "rm" => new RmCommand(),
                "mv" => new MvCommand(),
                "mount" => new MountCommand(),
                "unmount" => new UnmountCommand(),
                "install-mount-helper" => new InstallMountHelperCommand(),
                "mappings" => new MappingsCommand(),
                _ => throw new UsageException($"{definition.Name} is not available in this build"),
            };
            return await command.RunAsync(context, cancellationToken);
        }
        catch (Exception e)
        {
            return FailureReporter.Report(e, environment.Error, verbose);
        }
        finally
        {
            logger?.Dispose();
        }
    }
}
