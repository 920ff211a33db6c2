namespace SmbDrive.Configuration;

/// <summary>Where <c>--save-credentials</c> keeps a password between runs: the Windows Credential Manager.</summary>
internal interface ICredentialStore
{
    /// <summary>The stored password for <paramref name="user"/> on <paramref name="target"/>, or null.</summary>
    string? TryReadPassword(string target, string user);

    void SavePassword(string target, string user, string password);
}

internal static class CredentialTarget
{
    /// <summary>One entry per server and port, shown in Credential Manager as "SmbDrive:host:port".</summary>
    public static string For(Smb.SmbAddress address) => $"SmbDrive:{address.Host}:{address.Port}";
}
