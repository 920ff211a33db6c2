namespace SmbDrive.TestSupport;

/// <summary>What a <see cref="SambaServer"/> serves and how.</summary>
public sealed class SambaServerOptions
{
    /// <summary>Extra [global] lines, e.g. ["server signing"]="mandatory"; they override the harness defaults.</summary>
    public Dictionary<string, string> Global { get; } = new();

    public List<SambaShare> Shares { get; } = new();

    /// <summary>Extra environment variables for smbd, e.g. KRB5_CONFIG for a Kerberos test realm.</summary>
    public Dictionary<string, string> Environment { get; } = new();

    /// <summary>Accounts to create; when empty, one user named "smbdrivetest" with a random password is created.</summary>
    public List<SambaUser> Users { get; } = new();
}
