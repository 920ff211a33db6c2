namespace SmbDrive.Smb;

/// <summary>Who to authenticate as. The password is kept out of <see cref="ToString"/> and never logged.</summary>
public sealed class SmbCredentials
{
    private SmbCredentials(string userName, string domain, string password, SmbLogonKind kind, bool usesOwnCredentials = false)
    {
        UserName = userName;
        Domain = domain;
        Password = password;
        Kind = kind;
        UsesOwnCredentials = usesOwnCredentials;
    }

    public string UserName { get; }
    public string Domain { get; }
    /// <summary>Only the NTLM code reads this.</summary>
    internal string Password { get; }
    public SmbLogonKind Kind { get; }

    /// <summary>No password: Kerberos with the credentials the user already holds, the ticket cache
    /// (<c>KRB5CCNAME</c>, filled by kinit) on Linux and the Windows logon session on Windows.</summary>
    public bool UsesOwnCredentials { get; }

    public static SmbCredentials User(string userName, string password, string domain = "") =>
        new(userName ?? throw new ArgumentNullException(nameof(userName)), domain ?? "", password ?? "", SmbLogonKind.User);

    /// <summary>Parses <c>DOMAIN\NAME</c>, <c>NAME@DOMAIN</c> or <c>NAME</c>.</summary>
    public static SmbCredentials Parse(string user, string password)
    {
        int slash = user.IndexOf('\\');
        if (slash >= 0) return User(user[(slash + 1)..], password, user[..slash]);
        int at = user.LastIndexOf('@');
        if (at > 0) return User(user[..at], password, user[(at + 1)..]);
        return User(user, password);
    }

    /// <summary>Kerberos from the ticket cache or the Windows logon (single sign-on). With a user name, only
    /// that principal's ticket is used; without one, the cache's default principal.</summary>
    public static SmbCredentials OwnKerberos(string userName = "", string domain = "") =>
        new(userName ?? "", domain ?? "", "", SmbLogonKind.User, usesOwnCredentials: true);

    public static SmbCredentials Anonymous { get; } = new("", "", "", SmbLogonKind.Anonymous);

    /// <summary>An explicit guest logon (user "guest", no password) for servers that offer one.</summary>
    public static SmbCredentials Guest { get; } = new("guest", "", "", SmbLogonKind.Guest);

    public override string ToString() => Kind switch
    {
        SmbLogonKind.Anonymous => "anonymous",
        SmbLogonKind.Guest => "guest",
        _ when UsesOwnCredentials && UserName.Length == 0 => "the current user",
        _ => Domain.Length > 0 ? $@"{Domain}\{UserName}" : UserName,
    };
}

public enum SmbLogonKind
{
    User,
    Guest,
    Anonymous,
}
