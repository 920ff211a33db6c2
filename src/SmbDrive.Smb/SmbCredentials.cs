namespace SmbDrive.Smb;

/// <summary>Who to authenticate as. The password is kept out of <see cref="ToString"/> and never logged.</summary>
public sealed class SmbCredentials
{
    private SmbCredentials(string userName, string domain, string password, SmbLogonKind kind)
    {
        UserName = userName;
        Domain = domain;
        Password = password;
        Kind = kind;
    }

    public string UserName { get; }
    public string Domain { get; }
    /// <summary>Only the NTLM code reads this.</summary>
    internal string Password { get; }
    public SmbLogonKind Kind { get; }

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

    public static SmbCredentials Anonymous { get; } = new("", "", "", SmbLogonKind.Anonymous);

    /// <summary>An explicit guest logon (user "guest", no password) for servers that offer one.</summary>
    public static SmbCredentials Guest { get; } = new("guest", "", "", SmbLogonKind.Guest);

    public override string ToString() => Kind switch
    {
        SmbLogonKind.Anonymous => "anonymous",
        SmbLogonKind.Guest => "guest",
        _ => Domain.Length > 0 ? $@"{Domain}\{UserName}" : UserName,
    };
}

public enum SmbLogonKind
{
    User,
    Guest,
    Anonymous,
}
