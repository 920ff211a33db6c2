using SmbDrive.Commands;

namespace SmbDrive.Cli.Tests.Commands;

public class LocalDestinationTests
{
    [Test]
    public void Devices_AreSpecial()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("device nodes are tested on Linux");
        Assert.That(LocalDestination.IsSpecial("/dev/null"), Is.True);
        Assert.That(LocalDestination.IsSpecial("/dev/zero"), Is.True);
    }

    [Test]
    public void RegularFilesFoldersAndMissingPaths_AreNot()
    {
        string folder = Directory.CreateTempSubdirectory("smbdrive-dest-").FullName;
        try
        {
            string file = Path.Combine(folder, "f.txt");
            File.WriteAllText(file, "x");
            Assert.That(LocalDestination.IsSpecial(file), Is.False);
            Assert.That(LocalDestination.IsSpecial(folder), Is.False);
            Assert.That(LocalDestination.IsSpecial(Path.Combine(folder, "missing")), Is.False);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void SymbolicLinkToADevice_IsSpecial()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("device nodes are tested on Linux");
        string folder = Directory.CreateTempSubdirectory("smbdrive-dest-").FullName;
        try
        {
            string link = Path.Combine(folder, "null");
            File.CreateSymbolicLink(link, "/dev/null");
            Assert.That(LocalDestination.IsSpecial(link), Is.True);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
