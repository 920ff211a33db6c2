using System.Xml.Linq;

namespace SmbDrive.Installer.Tests;

/// <summary>Where the repository is, seen from the test assembly, and the facts the package must agree with.</summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string BuildScript => Path.Combine(Root, "installer", "build.sh");

    /// <summary>&lt;Version&gt; in Directory.Build.props, read here on its own rather than through build.sh, so that
    /// the check does not trust the script it checks.</summary>
    public static string ReadProductVersion()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
        var versions = props.Descendants("Version").Select(e => e.Value.Trim()).ToList();
        if (versions.Count != 1)
            throw new InvalidOperationException($"Directory.Build.props should set <Version> once, it sets it {versions.Count} times");
        return versions[0];
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmbDrive.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no SmbDrive.sln above {TestContext.CurrentContext.TestDirectory}");
    }
}
