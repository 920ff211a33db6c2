namespace SmbDrive.TestSupport;

/// <summary>Facts about where the tests run.</summary>
public static class TestEnvironment
{
    /// <summary>True when the environment variable CI is "true" (GitHub Actions, GitLab and most others set it).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
