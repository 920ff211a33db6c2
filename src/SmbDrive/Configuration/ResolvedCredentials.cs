using SmbDrive.Smb;

namespace SmbDrive.Configuration;

/// <summary>The logon the CLI settled on. Unlike <see cref="SmbCredentials"/> it lets the CLI read the password
/// back, which only the <c>mount --daemon</c> hand-over to the detached child needs. Never in ToString.</summary>
internal sealed class ResolvedCredentials
{
    private ResolvedCredentials(SmbLogonKind kind, string userName, string domain, string password)
    {
        Kind = kind;
        UserName = userName;
        Domain = domain;
        Password = password;
    }

    public SmbLogonKind Kind { get; }
    public string UserName { get; }
    public string Domain { get; }
    public string Password { get; }

    public static ResolvedCredentials Anonymous { get; } = new(SmbLogonKind.Anonymous, "", "", "");
    public static ResolvedCredentials Guest { get; } = new(SmbLogonKind.Guest, "guest", "", "");

    public static ResolvedCredentials User(string userName, string domain, string password) =>
        new(SmbLogonKind.User, userName, domain, password);

    public SmbCredentials ToSmbCredentials() => Kind switch
    {
        SmbLogonKind.Anonymous => SmbCredentials.Anonymous,
        SmbLogonKind.Guest => SmbCredentials.Guest,
        _ => SmbCredentials.User(UserName, Password, Domain),
    };

    public override string ToString() => Kind switch
    {
        SmbLogonKind.Anonymous => "anonymous",
        SmbLogonKind.Guest => "guest",
        _ => Domain.Length > 0 ? $@"{Domain}\{UserName}" : UserName,
    };
}
