using Microsoft.Extensions.Configuration;
using Serilog.Events;
using SmbDrive.Logging;

namespace SmbDrive.Cli.Tests.Logging;

[NonParallelizable]
public class LoggingSetupTests
{
    private static IConfiguration ShippedSettings() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(TestContext.CurrentContext.TestDirectory, "appsettings.json"), optional: false)
        .Build();

    [Test]
    public void Create_ShippedSettings_WritesWarningsToStandardErrorOnly()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (originalOut, originalError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            using var logger = LoggingSetup.Create(ShippedSettings(), verbose: false);
            logger.Warning("disk {Name} is almost full", "x");
            logger.Information("not shown at the default level");
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }

        Assert.That(stdout.ToString(), Is.Empty);
        Assert.That(stderr.ToString(), Is.EqualTo("smbdrive: WRN disk x is almost full" + Environment.NewLine));
    }

    [Test]
    public void Create_Default_IsWarningLevelWithoutExceptionDetails()
    {
        var stderr = new StringWriter();
        var originalError = Console.Error;
        Console.SetError(stderr);
        try
        {
            using var logger = LoggingSetup.Create(ShippedSettings(), verbose: false);
            Assert.That(logger.IsEnabled(LogEventLevel.Information), Is.False);
            Assert.That(logger.IsEnabled(LogEventLevel.Warning), Is.True);
            logger.Warning(new InvalidOperationException("inner detail"), "failed");
        }
        finally
        {
            Console.SetError(originalError);
        }

        Assert.That(stderr.ToString(), Does.Not.Contain("inner detail"));
    }

    [Test]
    public void Create_Verbose_IsDebugLevelWithExceptionDetails()
    {
        var stderr = new StringWriter();
        var originalError = Console.Error;
        Console.SetError(stderr);
        try
        {
            using var logger = LoggingSetup.Create(ShippedSettings(), verbose: true);
            Assert.That(logger.IsEnabled(LogEventLevel.Debug), Is.True);
            logger.Warning(new InvalidOperationException("inner detail"), "failed");
        }
        finally
        {
            Console.SetError(originalError);
        }

        Assert.That(stderr.ToString(), Does.Contain("inner detail"));
    }
}
