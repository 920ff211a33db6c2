namespace SmbDrive.Installer.Tests;

/// <summary>The archive-format parser the package checks rely on; needs no msitools.</summary>
[TestFixture]
public class MsiTableTests
{
    // The layout of "msiinfo export x.msi Environment": names, types, table and key, rows; CR LF line ends.
    private const string EnvironmentExport =
        "Environment\tName\tValue\tComponent_\r\n" +
        "s72\tl255\tL255\ts72\r\n" +
        "Environment\tEnvironment\r\n" +
        "SmbDrivePath\t=-*PATH\t[~];[INSTALLDIR]\tSmbDriveExe\r\n" +
        "Other\tFOO\t\tOtherComponent\r\n";

    [Test]
    public void Parse_ExportedTable_NamesTableColumnsAndRows()
    {
        var table = MsiTable.Parse(EnvironmentExport);

        Assert.That(table.Name, Is.EqualTo("Environment"));
        Assert.That(table.Columns, Is.EqualTo(new[] { "Environment", "Name", "Value", "Component_" }));
        Assert.That(table.Rows, Has.Count.EqualTo(2));
        Assert.That(table.Rows[0]["Value"], Is.EqualTo("[~];[INSTALLDIR]"));
        Assert.That(table.Rows[1]["Value"], Is.Empty, "a null field");
    }

    [Test]
    public void Where_ColumnValue_ReturnsOnlyMatchingRows()
    {
        var table = MsiTable.Parse(EnvironmentExport);

        var rows = table.Where("Component_", "SmbDriveExe");

        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0]["Name"], Is.EqualTo("=-*PATH"));
    }

    [Test]
    public void Where_UnknownColumn_Throws()
    {
        var table = MsiTable.Parse(EnvironmentExport);

        Assert.That(() => table.Where("Missing", "x"), Throws.ArgumentException.With.Message.Contains("Missing"));
    }

    [Test]
    public void Parse_EmptyTable_HasNoRows()
    {
        var table = MsiTable.Parse("Property\tValue\r\ns72\tl0\r\nProperty\tProperty\r\n");

        Assert.That(table.Name, Is.EqualTo("Property"));
        Assert.That(table.Rows, Is.Empty);
    }

    [Test]
    public void Parse_RowWithMissingField_ThrowsFormatException()
    {
        const string broken = "Property\tValue\r\ns72\tl0\r\nProperty\tProperty\r\nProductVersion\r\n";

        Assert.That(() => MsiTable.Parse(broken), Throws.TypeOf<FormatException>().With.Message.Contains("Property row 1"));
    }

    [Test]
    public void Parse_TooFewHeaderLines_ThrowsFormatException()
    {
        Assert.That(() => MsiTable.Parse("Property\tValue\r\n"), Throws.TypeOf<FormatException>());
    }
}
