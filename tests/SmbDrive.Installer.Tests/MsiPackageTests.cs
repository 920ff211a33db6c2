using System.IO.Compression;
using SmbDrive.TestSupport;

namespace SmbDrive.Installer.Tests;

/// <summary>Builds the release artefacts once with installer/build.sh and reads the MSI's tables with msiinfo: what
/// Windows Installer will do with the package is decided by these rows. Installing it needs Windows and is not
/// checked here.</summary>
[TestFixture]
[Category("Installer")]
[NonParallelizable]
public class MsiPackageTests
{
    // Fixed for the life of the product: Windows finds older SmbDrive installs to upgrade by this code.
    private const string UpgradeCode = "{66ADE5F4-66F5-4D49-A62B-2DAD1DC7987D}";

    // Component attribute bits (Windows Installer Component table).
    private const int Permanent = 0x10;
    private const int NeverOverwrite = 0x80;
    private const int SixtyFourBit = 0x100;

    private string _outputFolder = "";
    private string _version = "";
    private string _msiVersion = "";
    private InstallerBuild _build = null!;
    private MsiInfo _msi = null!;

    [OneTimeSetUp]
    public async Task BuildPackageAsync()
    {
        var missing = InstallerBuild.MissingTools();
        if (missing.Count > 0)
        {
            string reason = $"{string.Join(", ", missing)} not installed (apt-get install wixl msitools): "
                + "the installer cannot be built or inspected";
            if (TestEnvironment.IsCi)
                Assert.Fail($"{reason}; CI=true, where .ci/run installs them");
            Assert.Ignore(reason);
        }

        _version = RepositoryLayout.ReadProductVersion();
        // Windows Installer versions are numbers only: a "-beta" or "+build" suffix stays in the file names.
        _msiVersion = _version.Split('-', '+')[0];
        _outputFolder = Directory.CreateTempSubdirectory("smbdrive-installer-").FullName;
        TestContext.Progress.WriteLine($"building the installer into {_outputFolder} (log: build.log there)");
        _build = await InstallerBuild.RunAsync(_outputFolder, _version, CancellationToken.None);
        _msi = new MsiInfo(_build.MsiPath);
    }

    [OneTimeTearDown]
    public void DeleteOutput()
    {
        if (_outputFolder.Length > 0 && Directory.Exists(_outputFolder))
            Directory.Delete(_outputFolder, recursive: true);
    }

    [Test]
    public void Build_Artefacts_NamedAfterProjectVersion()
    {
        Assert.That(File.Exists(_build.MsiPath), _build.MsiPath);
        Assert.That(File.Exists(_build.ZipPath), _build.ZipPath);
    }

    [Test]
    public async Task PropertyTable_ProductVersion_EqualsDirectoryBuildPropsVersion()
    {
        var property = await _msi.ExportAsync("Property");

        Assert.That(Value(property, "Property", "ProductVersion", "Value"), Is.EqualTo(_msiVersion));
    }

    [Test]
    public async Task PropertyTable_UpgradeCode_IsTheFixedCode()
    {
        var property = await _msi.ExportAsync("Property");

        Assert.That(Value(property, "Property", "UpgradeCode", "Value"), Is.EqualTo(UpgradeCode));
    }

    [Test]
    public async Task UpgradeTable_OlderVersions_AreRemovedByMajorUpgrade()
    {
        var upgrade = await _msi.ExportAsync("Upgrade");
        var sequence = await _msi.ExportAsync("InstallExecuteSequence");

        // Older releases and other builds of this version (VersionMax inclusive, 0x200) are found and removed;
        // newer ones are only detected (OnlyDetect, 2) so that the downgrade launch condition stops the install.
        var older = upgrade.Where("ActionProperty", "WIX_UPGRADE_DETECTED").Single();
        var newer = upgrade.Where("ActionProperty", "WIX_DOWNGRADE_DETECTED").Single();
        Assert.That(older["UpgradeCode"], Is.EqualTo(UpgradeCode));
        Assert.That(older["VersionMax"], Is.EqualTo(_msiVersion));
        Assert.That(int.Parse(older["Attributes"]) & 2, Is.Zero, "older versions must not be detect-only");
        Assert.That(int.Parse(older["Attributes"]) & 0x200, Is.EqualTo(0x200), "a rebuild of this version replaces it");
        Assert.That(newer["UpgradeCode"], Is.EqualTo(UpgradeCode));
        Assert.That(newer["VersionMin"], Is.EqualTo(_msiVersion));
        Assert.That(int.Parse(newer["Attributes"]) & 0x302, Is.EqualTo(2), "detect-only, this version itself excluded");
        Assert.That(Sequence(sequence, "RemoveExistingProducts"), Is.GreaterThan(Sequence(sequence, "InstallValidate")));
        Assert.That(Sequence(sequence, "FindRelatedProducts"), Is.LessThan(Sequence(sequence, "LaunchConditions")));
    }

    [Test]
    public async Task SummaryInformation_Package_IsX64PerMachine()
    {
        var summary = await _msi.SummaryInformationAsync();
        var property = await _msi.ExportAsync("Property");

        Assert.That(summary["Template"], Does.StartWith("x64;"));
        Assert.That(Value(property, "Property", "ALLUSERS", "Value"), Is.EqualTo("1"));
    }

    [Test]
    public async Task FileTable_Install_HoldsExecutableAndSettingsInProgramFilesSmbDrive()
    {
        var files = await _msi.ExportAsync("File");
        var components = await _msi.ExportAsync("Component");
        var directories = await _msi.ExportAsync("Directory");

        foreach (string name in new[] { "smbdrive.exe", "appsettings.json" })
        {
            var file = FileRow(files, name);
            var component = components.Where("Component", file["Component_"]).Single();
            var directory = directories.Where("Directory", component["Directory_"]).Single();
            Assert.That(LongName(directory["DefaultDir"]), Is.EqualTo("SmbDrive"), name);
            Assert.That(directory["Directory_Parent"], Is.EqualTo("ProgramFiles64Folder"), name);
        }
    }

    [Test]
    public async Task FileTable_Executable_IsTheSelfContainedExeOfThePortableZip()
    {
        var files = await _msi.ExportAsync("File");
        using var zip = ZipFile.OpenRead(_build.ZipPath);
        var zipped = zip.Entries.Single(e => e.Name == "smbdrive.exe");

        long size = long.Parse(FileRow(files, "smbdrive.exe")["FileSize"]);

        // A self-contained single-file exe carries the runtime: tens of megabytes, not a small apphost.
        Assert.That(size, Is.GreaterThan(20L * 1024 * 1024));
        Assert.That(size, Is.EqualTo(zipped.Length));
    }

    [Test]
    public async Task ComponentTable_Settings_NeverOverwrittenAndKeptOnUninstall()
    {
        var files = await _msi.ExportAsync("File");
        var components = await _msi.ExportAsync("Component");

        int settings = Attributes(components, FileRow(files, "appsettings.json")["Component_"]);
        int executable = Attributes(components, FileRow(files, "smbdrive.exe")["Component_"]);

        Assert.That(settings & NeverOverwrite, Is.EqualTo(NeverOverwrite), "an upgrade keeps the edited settings");
        Assert.That(settings & Permanent, Is.EqualTo(Permanent), "the old product's removal keeps the settings");
        Assert.That(settings & SixtyFourBit, Is.EqualTo(SixtyFourBit));
        Assert.That(executable & Permanent, Is.Zero, "uninstall removes the program");
        Assert.That(executable & SixtyFourBit, Is.EqualTo(SixtyFourBit));
    }

    [Test]
    public async Task EnvironmentTable_Path_AppendsInstallFolderToSystemPathWithTheExecutable()
    {
        var tables = await _msi.TableNamesAsync();
        Assert.That(tables, Does.Contain("Environment"));
        var environment = await _msi.ExportAsync("Environment");
        var files = await _msi.ExportAsync("File");

        // "=" set at install, "-" remove at uninstall, "*" system variable; "[~];" keeps the existing value first.
        var path = environment.Where("Name", "=-*PATH").Single();
        Assert.That(path["Value"], Is.EqualTo("[~];[INSTALLDIR]"));
        Assert.That(path["Component_"], Is.EqualTo(FileRow(files, "smbdrive.exe")["Component_"]));
    }

    [Test]
    public async Task InstallExecuteSequence_EnvironmentActions_RunInsideTheInstallScript()
    {
        var sequence = await _msi.ExportAsync("InstallExecuteSequence");

        // Without these standard actions the Environment table is never read.
        int initialize = Sequence(sequence, "InstallInitialize");
        int finalize = Sequence(sequence, "InstallFinalize");
        Assert.That(Sequence(sequence, "RemoveEnvironmentStrings"), Is.InRange(initialize, finalize));
        Assert.That(Sequence(sequence, "WriteEnvironmentStrings"), Is.InRange(initialize, finalize));
        Assert.That(Sequence(sequence, "WriteEnvironmentStrings"), Is.GreaterThan(Sequence(sequence, "RemoveEnvironmentStrings")));
    }

    [Test]
    public async Task LaunchCondition_Dokan_RequiresDokan2AndSaysWhereToGetIt()
    {
        var conditions = await _msi.ExportAsync("LaunchCondition");

        var dokan = conditions.Rows.Single(r => r["Condition"].Contains("DOKAN2_DLL", StringComparison.Ordinal));
        Assert.That(dokan["Condition"], Is.EqualTo("Installed OR DOKAN2_DLL OR DOKAN2_SERVICE"));
        Assert.That(dokan["Description"], Does.Contain("https://github.com/dokan-dev/dokany/releases"));
        Assert.That(dokan["Description"], Does.Contain("Dokan 2.1.0 or newer"));
    }

    [Test]
    public async Task AppSearch_Dokan2Dll_SearchesSystem32ForVersion21OrNewer()
    {
        var search = await _msi.ExportAsync("AppSearch");
        var signatures = await _msi.ExportAsync("Signature");
        var locators = await _msi.ExportAsync("DrLocator");

        string signature = Value(search, "Property", "DOKAN2_DLL", "Signature_");
        var file = signatures.Where("Signature", signature).Single();
        Assert.That(file["FileName"], Is.EqualTo("dokan2.dll"));
        // "One less" than 2.1.0.0: Windows Installer also compares languages when versions are equal.
        Assert.That(file["MinVersion"], Is.EqualTo("2.0.65535.65535"));
        Assert.That(Value(locators, "Signature_", signature, "Path"), Is.EqualTo("[System64Folder]"));
    }

    [Test]
    public async Task AppSearch_Dokan2Service_ReadsTheServiceKeyIn64BitRegistry()
    {
        var search = await _msi.ExportAsync("AppSearch");
        var locators = await _msi.ExportAsync("RegLocator");

        string signature = Value(search, "Property", "DOKAN2_SERVICE", "Signature_");
        var key = locators.Where("Signature_", signature).Single();
        Assert.That(key["Root"], Is.EqualTo("2"), "HKEY_LOCAL_MACHINE");
        Assert.That(key["Key"], Is.EqualTo(@"SYSTEM\CurrentControlSet\Services\Dokan2"));
        Assert.That(int.Parse(key["Type"]) & 0x10, Is.EqualTo(0x10), "msidbLocatorType64bit");
    }

    [TestCase("InstallUISequence")]
    [TestCase("InstallExecuteSequence")]
    public async Task Sequence_AppSearch_RunsBeforeLaunchConditions(string table)
    {
        var sequence = await _msi.ExportAsync(table);

        Assert.That(Sequence(sequence, "AppSearch"), Is.LessThan(Sequence(sequence, "LaunchConditions")));
    }

    [Test]
    public async Task PropertyTable_AddRemovePrograms_HasPublisherHelpLinkAndInstallLocation()
    {
        var property = await _msi.ExportAsync("Property");
        var actions = await _msi.ExportAsync("CustomAction");
        var sequence = await _msi.ExportAsync("InstallExecuteSequence");

        Assert.That(Value(property, "Property", "Manufacturer", "Value"), Is.Not.Empty);
        Assert.That(Value(property, "Property", "ProductName", "Value"), Is.EqualTo("SmbDrive"));
        Assert.That(Value(property, "Property", "ARPHELPLINK", "Value"), Does.StartWith("https://"));
        var location = actions.Where("Source", "ARPINSTALLLOCATION").Single();
        Assert.That(location["Target"], Is.EqualTo("[INSTALLDIR]"));
        int set = Sequence(sequence, location["Action"]);
        Assert.That(set, Is.GreaterThan(Sequence(sequence, "CostFinalize")), "INSTALLDIR is resolved by then");
        Assert.That(set, Is.LessThan(Sequence(sequence, "RegisterProduct")), "the entry is written there");
    }

    [Test]
    public void PortableZip_Contents_ExecutableWithSettingsInOneFolder()
    {
        using var zip = ZipFile.OpenRead(_build.ZipPath);

        var files = zip.Entries.Where(e => e.Name.Length > 0).Select(e => e.FullName).Order().ToList();

        string folder = $"SmbDrive-{_version}-win-x64/";
        Assert.That(files, Is.EqualTo(new[] { folder + "appsettings.json", folder + "smbdrive.exe" }));
    }

    [Test]
    public void PackagedExecutable_EmbeddedVersion_EqualsProductVersion()
    {
        using var zip = ZipFile.OpenRead(_build.ZipPath);
        var entry = zip.Entries.Single(e => e.Name == "smbdrive.exe");
        using var image = new MemoryStream(checked((int)entry.Length));
        using (var stream = entry.Open())
            stream.CopyTo(image);

        // What smbdrive --version prints: the informational version of the bundled assemblies.
        var versions = VersionAttributeScanner.Find(image.GetBuffer().AsSpan(0, (int)image.Length), _version);

        Assert.That(versions, Is.Not.Empty, $"no assembly in smbdrive.exe carries version {_version}");
    }

    private static IReadOnlyDictionary<string, string> FileRow(MsiTable files, string longName)
    {
        var rows = files.Rows.Where(r => LongName(r["FileName"]) == longName).ToList();
        Assert.That(rows, Has.Count.EqualTo(1), $"File table rows named {longName}");
        return rows[0];
    }

    /// <summary>FileName and DefaultDir hold "SHORT~1.EXT|long name" or a single name.</summary>
    private static string LongName(string value)
    {
        int bar = value.IndexOf('|');
        return bar < 0 ? value : value[(bar + 1)..];
    }

    private static string Value(MsiTable table, string keyColumn, string key, string column)
    {
        var rows = table.Where(keyColumn, key);
        Assert.That(rows, Has.Count.EqualTo(1), $"{table.Name} rows with {keyColumn} = {key}");
        return rows[0][column];
    }

    private static int Sequence(MsiTable sequence, string action) =>
        int.Parse(Value(sequence, "Action", action, "Sequence"));

    private static int Attributes(MsiTable components, string component) =>
        int.Parse(Value(components, "Component", component, "Attributes"));
}
