namespace SmbDrive.Fuse.Tests;

/// <summary>Skipping policy: a missing tool or device skips the test with its reason on a developer machine, and
/// fails it in CI (CI=true), where the environment is supposed to be complete.</summary>
internal static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void SkipUnless(bool available, string reason)
    {
        if (available)
            return;
        if (IsCi)
            Assert.Fail($"{reason} (CI=true: this must be available in CI)");
        Assert.Ignore(reason);
    }

    public static void RequireFuse()
    {
        string? problem = FuseHost.CheckPrerequisites();
        SkipUnless(problem == null, "FUSE is not usable here: " + problem);
        SkipUnless(File.Exists("/usr/bin/fusermount3") || File.Exists("/bin/fusermount3"), "fusermount3 is not installed (apt-get install fuse3)");
    }
}
