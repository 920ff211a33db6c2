using SmbDrive.Configuration;
using SmbDrive.Mappings;

namespace SmbDrive.Cli.Tests.Mappings;

internal sealed class MemoryCredentialStore : ICredentialStore
{
    public Dictionary<(string Target, string User), string> Saved { get; } = new();

    public string? TryReadPassword(string target, string user) => Saved.TryGetValue((target, user), out string? p) ? p : null;

    public void SavePassword(string target, string user, string password) => Saved[(target, user)] = password;
}

internal sealed class FakeStartup : IStartupRegistration
{
    public string? Registered { get; private set; }
    public int Unregistrations { get; private set; }

    public void Register(string commandLine) => Registered = commandLine;

    public void Unregister()
    {
        Registered = null;
        Unregistrations++;
    }
}
