using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Settings.Configuration;
using SmbDrive.CommandLine;

namespace SmbDrive.Logging;

/// <summary>Creates the Serilog logger from the <c>Serilog</c> section of the configuration. appsettings.json
/// sends the console sink to standard error for every level (standard output carries the data of
/// <c>cat</c>) at Warning; <c>--verbose</c> lowers the level to Debug and adds exceptions to the console
/// template, which leaves them out otherwise so that no stack trace is shown by default.</summary>
internal static class LoggingSetup
{
    public const string ConsoleSinkKey = "Serilog:WriteTo:Console";

    public const string VerboseConsoleTemplate =
        "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Logger Create(IConfiguration configuration, bool verbose)
    {
        var effective = verbose ? WithVerboseOverrides(configuration) : configuration;
        // The sink assemblies are named here rather than discovered, so a single-file or trimmed build works too.
        var readerOptions = new ConfigurationReaderOptions(
            typeof(ConsoleLoggerConfigurationExtensions).Assembly,
            typeof(FileLoggerConfigurationExtensions).Assembly);
        try
        {
            var logger = new LoggerConfiguration().ReadFrom.Configuration(effective, readerOptions);
            // Named in code, not in the Serilog section: the mount helper's daemons turn it on (Daemon:Syslog).
            if (SyslogSink.FromConfiguration(configuration) is { } syslog) logger.WriteTo.Sink(syslog);
            return logger.CreateLogger();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new UsageException($"settings 'Serilog': {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static IConfiguration WithVerboseOverrides(IConfiguration configuration)
    {
        var overrides = new Dictionary<string, string?>();
        // An explicit Verbose level from the configuration stays; anything above Debug comes down to Debug.
        string? level = configuration["Serilog:MinimumLevel:Default"] ?? configuration["Serilog:MinimumLevel"];
        if (!Enum.TryParse(level, ignoreCase: true, out LogEventLevel current) || current > LogEventLevel.Debug)
        {
            overrides[configuration["Serilog:MinimumLevel"] is not null ? "Serilog:MinimumLevel" : "Serilog:MinimumLevel:Default"] = "Debug";
        }
        // Only when the console sink is the named one from appsettings.json: a partial entry would break it.
        if (configuration[$"{ConsoleSinkKey}:Name"] == "Console")
            overrides[$"{ConsoleSinkKey}:Args:outputTemplate"] = VerboseConsoleTemplate;
        return new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(overrides).Build();
    }
}
