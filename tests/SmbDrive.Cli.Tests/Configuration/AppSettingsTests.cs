using Microsoft.Extensions.Configuration;
using SmbDrive.CommandLine;
using SmbDrive.Configuration;
using SmbDrive.Smb;
using SmbDrive.Vfs;

namespace SmbDrive.Cli.Tests.Configuration;

[NonParallelizable]
public class AppSettingsTests
{
    private string _folder = "";
    private readonly List<string> _variables = [];

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("smbdrive-settings-").FullName;

    [TearDown]
    public void TearDown()
    {
        foreach (string name in _variables) Environment.SetEnvironmentVariable(name, null);
        _variables.Clear();
        Directory.Delete(_folder, recursive: true);
    }

    private void SetVariable(string name, string value)
    {
        _variables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    private IConfigurationRoot Build(params string[] args) =>
        AppSettings.Build(ArgumentParser.Parse(["ls", "//h/s", .. args]), _folder, _folder);

    [Test]
    public void Build_JsonEnvironmentAndCommandLine_LaterSourceWins()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"),
            """{ "Smb": { "MaxDialect": "3.0", "CreditTarget": 100, "Workstation": "FROMJSON", "ConnectTimeoutSeconds": 7 } }""");
        SetVariable("SMBDRIVE__Smb__MaxDialect", "3.0.2");
        SetVariable("SMBDRIVE__Smb__CreditTarget", "200");

        var options = SettingsBinder.BindSmb(Build("--Smb:CreditTarget=300"));

        Assert.That(options.Workstation, Is.EqualTo("FROMJSON"), "json over the default");
        Assert.That(options.ConnectTimeoutSeconds, Is.EqualTo(7), "json over the default");
        Assert.That(options.MaxDialect, Is.EqualTo("3.0.2"), "environment over json");
        Assert.That(options.CreditTarget, Is.EqualTo(300), "command line over environment");
        Assert.That(options.MinDialect, Is.EqualTo(new SmbClientOptions().MinDialect), "default kept");
    }

    [Test]
    public void Build_VariableWithoutTheDoubleUnderscorePrefix_IsIgnored()
    {
        SetVariable("SMBDRIVE_Smb__CreditTarget", "42");

        Assert.That(SettingsBinder.BindSmb(Build()).CreditTarget, Is.EqualTo(new SmbClientOptions().CreditTarget));
    }

    [Test]
    public void Build_ShortcutAndExplicitSetting_ExplicitSettingWins()
    {
        Assert.That(SettingsBinder.BindSmb(Build("--encrypt")).RequireEncryption, Is.True);
        Assert.That(SettingsBinder.BindSmb(Build("--encrypt", "--Smb:RequireEncryption=false")).RequireEncryption, Is.False);
        Assert.That(SettingsBinder.BindSmb(Build("--smb1")).AllowSmb1, Is.True);
    }

    [Test]
    public void Build_ConfigFileOption_SitsBetweenAppSettingsAndEnvironment()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{ "Smb": { "CreditTarget": 100, "Workstation": "BASE" } }""");
        File.WriteAllText(Path.Combine(_folder, "extra.json"), """{ "Smb": { "CreditTarget": 150 } }""");

        var options = SettingsBinder.BindSmb(Build("--config", "extra.json"));

        Assert.That((options.CreditTarget, options.Workstation), Is.EqualTo((150, "BASE")));
    }

    [Test]
    public void Build_MalformedJson_ThrowsUsageNamingTheFile()
    {
        File.WriteAllText(Path.Combine(_folder, "appsettings.json"), """{ "Smb": { "CreditTarget": """);

        var error = Assert.Throws<UsageException>(() => Build());

        Assert.That(error!.Message, Does.Contain("appsettings.json"));
    }

    [Test]
    public void BindSmb_MisspeltKey_ThrowsNamingIt()
    {
        var error = Assert.Throws<UsageException>(() => SettingsBinder.BindSmb(Build("--Smb:MaxDialekt=3.0")));

        Assert.That(error!.Message, Does.Contain("MaxDialekt"));
    }

    [Test]
    public void BindSmb_MinDialectAboveMax_Throws()
    {
        Assert.Throws<UsageException>(() => SettingsBinder.BindSmb(Build("--Smb:MinDialect=3.1.1", "--Smb:MaxDialect=2.1")));
    }

    [Test]
    public void BindVfs_OutOfRange_ThrowsTheDriveLayersMessage()
    {
        var error = Assert.Throws<UsageException>(() => SettingsBinder.BindVfs(Build("--Vfs:BlockSizeKB=3")));

        Assert.That(error!.Message, Does.StartWith("Vfs:BlockSizeKB"));
    }

    /// <summary>The shipped appsettings.json must list every setting with its default value.</summary>
    [Test]
    public void ShippedAppSettings_ListsEverySmbAndVfsSettingWithItsDefault()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestContext.CurrentContext.TestDirectory, "appsettings.json"), optional: false)
            .Build();

        AssertEveryPropertyHasItsDefault(configuration.GetSection("Smb"), new SmbClientOptions());
        AssertEveryPropertyHasItsDefault(configuration.GetSection("Vfs"), new VfsOptions());
    }

    [Test]
    public void ShippedAppSettings_ConsoleSinkWritesEveryLevelToStandardError()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestContext.CurrentContext.TestDirectory, "appsettings.json"), optional: false)
            .Build();

        Assert.That(configuration["Serilog:WriteTo:Console:Name"], Is.EqualTo("Console"));
        Assert.That(configuration["Serilog:WriteTo:Console:Args:standardErrorFromLevel"], Is.EqualTo("Verbose"));
        Assert.That(configuration["Serilog:MinimumLevel:Default"], Is.EqualTo("Warning"));
        Assert.That(configuration["Serilog:WriteTo:Console:Args:outputTemplate"], Does.Not.Contain("{Exception}"));
    }

    private static void AssertEveryPropertyHasItsDefault<T>(IConfigurationSection section, T defaults)
    {
        var properties = typeof(T).GetProperties().Where(p => p.CanWrite && p.SetMethod!.IsPublic).ToList();
        Assert.That(properties, Is.Not.Empty);
        Assert.Multiple(() =>
        {
            foreach (var property in properties)
            {
                string? text = section[property.Name];
                Assert.That(text, Is.Not.Null, $"{section.Path}:{property.Name} missing from appsettings.json");
                if (text is null) continue;
                object? value = property.PropertyType.IsEnum
                    ? Enum.Parse(property.PropertyType, text)
                    : Convert.ChangeType(text, property.PropertyType, System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(value, Is.EqualTo(property.GetValue(defaults)), $"{section.Path}:{property.Name}");
            }
            var known = properties.Select(p => p.Name).ToHashSet();
            Assert.That(section.GetChildren().Select(c => c.Key).Where(k => !known.Contains(k)), Is.Empty, "unknown keys");
        });
    }
}
