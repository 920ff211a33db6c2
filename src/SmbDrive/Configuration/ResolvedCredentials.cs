using SmbDrive.Smb;

namespace SmbDrive.Configuration;

/// <summary>The logon the CLI settled on. Unlike <see cref="SmbCredentials"/> it lets the CLI read the password
/// back, which only the <c>mount --daemon</c> hand-over to the detached child needs. Never in ToString.</summary>
internal sealed class ResolvedCredentials
{
    private ResolvedCredentials(SmbLogonKind kind, string userName, string domain, string password, bool usesOwnCredentials = false)
    {
        UsesOwnCredentials = usesOwnCredentials;
        Kind = kind;
        UserName = userName;
        Domain = domain;
        Password = password;
    }

    public SmbLogonKind Kind { get; }
    public string UserName { get; }
    public string Domain { get; }
    public string Password { get; }

    /// <summary>Kerberos with the user's own ticket cache or Windows logon: there is no password.</summary>
    public bool UsesOwnCredentials { get; }

    /// <summary>A user logon with a password (possibly empty) that the daemon hand-over must pass on.</summary>
    public bool HasPassword => Kind == SmbLogonKind.User && !UsesOwnCredentials;

    public static ResolvedCredentials Anonymous { get; } = new(SmbLogonKind.Anonymous, "", "", "");
    public static ResolvedCredentials Guest { get; } = new(SmbLogonKind.Guest, "guest", "", "");

    public static ResolvedCredentials User(string userName, string domain, string password) =>
        new(SmbLogonKind.User, userName, domain, password);

    /// <summary>Kerberos from the ticket cache (a user name limits it to that principal) or the Windows logon.</summary>
    public static ResolvedCredentials OwnKerberos(string userName, string domain) =>
        new(SmbLogonKind.User, userName, domain, "", usesOwnCredentials: true);

    public SmbCredentials ToSmbCredentials() => Kind switch
    {
        SmbLogonKind.User when UsesOwnCredentials => SmbCredentials.OwnKerberos(UserName, Domain),
        SmbLogonKind.Anonymous => SmbCredentials.Anonymous,
        SmbLogonKind.Guest => SmbCredentials.Guest,
        _ => SmbCredentials.User(UserName, Password, Domain),
    };

    public override string ToString() => Kind switch
    {
        SmbLogonKind.Anonymous => "anonymous",
        SmbLogonKind.Guest => "guest",
        _ when UsesOwnCredentials && UserName.Length == 0 => "the current user (Kerberos)",
        _ => Domain.Length > 0 ? $@"{Domain}\{UserName}" : UserName,
    };
}
