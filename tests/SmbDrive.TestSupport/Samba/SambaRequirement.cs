using NUnit.Framework;

namespace SmbDrive.TestSupport;

/// <summary>
/// Guards for tests that need a real Samba: on a developer machine without it the test is ignored with the reason,
/// but in CI a missing server is a failure, never a silent skip.
/// </summary>
public static class SambaRequirement
{
    public const string SmbClientPath = "/usr/bin/smbclient";

    /// <summary>Ignores (locally) or fails (in CI) the current test unless <see cref="SambaServer.IsAvailable"/>.</summary>
    public static void RequireSamba()
    {
        if (SambaServer.IsAvailable)
        {
            return;
        }

        Unavailable(!OperatingSystem.IsLinux()
            ? "Samba test servers run on Linux only."
            : !File.Exists(SambaServer.SmbdPath)
                ? $"smbd not installed at {SambaServer.SmbdPath} (apt-get install samba)."
                : "smbd is installed but the tests do not run as root, which the Samba test servers need.");
    }

    /// <summary>Like <see cref="RequireSamba"/>, and also needs the smbclient tool for cross-checks.</summary>
    public static void RequireSambaAndSmbClient()
    {
        RequireSamba();
        if (!File.Exists(SmbClientPath))
        {
            Unavailable($"smbclient not installed at {SmbClientPath} (apt-get install smbclient).");
        }
    }

    private static void Unavailable(string reason)
    {
        if (TestEnvironment.IsCi)
        {
            Assert.Fail(reason + " CI=true, so this is a failure rather than a skip.");
        }

        Assert.Ignore(reason);
    }
}
