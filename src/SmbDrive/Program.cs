using Serilog.Core;
using SmbDrive.CommandLine;
using SmbDrive.Commands;
using SmbDrive.Configuration;
using SmbDrive.Logging;

namespace SmbDrive;

/// <summary>Parses the command line and dispatches to a command; everything else lives in the commands.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var signals = new ProcessSignals();
        return await RunAsync(args, CliEnvironment.FromConsole(), signals.Token);
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment,
        CancellationToken cancellationToken)
    {
        bool verbose = false;
        Logger? logger = null;
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
