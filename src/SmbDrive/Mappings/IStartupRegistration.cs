namespace SmbDrive.Mappings;

/// <summary>What runs <c>smbdrive mappings restore</c> at sign-in: a per-user Run entry on Windows
/// (<see cref="RunKeyRegistration"/>); a fake in tests.</summary>
internal interface IStartupRegistration
{
    /// <summary>Makes <paramref name="commandLine"/> run at the user's next sign-in (idempotent).</summary>
    void Register(string commandLine);

    void Unregister();

    /// <summary>The registered command line, or null.</summary>
    string? Registered { get; }
}
