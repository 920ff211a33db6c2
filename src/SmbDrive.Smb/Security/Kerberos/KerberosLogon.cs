namespace SmbDrive.Smb.Security.Kerberos;

/// <summary>What a Kerberos context needs to start: who (a principal and its password, or the user's own ticket),
/// and which service principal to ask a ticket for. Never in ToString: it holds the password.</summary>
internal sealed class KerberosLogon
{
    private KerberosLogon(string? userPrincipal, string? password, string servicePrincipal, bool isHostBasedService, string where)
    {
        UserPrincipal = userPrincipal;
        Password = password;
        ServicePrincipal = servicePrincipal;
        IsHostBasedService = isHostBasedService;
        Where = where;
    }

    /// <summary><c>name@REALM</c>, <c>name</c> (the default realm), or null for the ticket cache's own principal.</summary>
    public string? UserPrincipal { get; }

    /// <summary>Null: use the ticket cache or the Windows logon session.</summary>
    public string? Password { get; }

    /// <summary><c>cifs/host</c>, or Smb:ServicePrincipalName.</summary>
    public string ServicePrincipal { get; }

    /// <summary>True for the default <c>cifs/&lt;host&gt;</c>, which GSSAPI imports as the host-based service
    /// <c>cifs@host</c> so that krb5.conf's domain_realm decides the realm; false for an explicit principal name.</summary>
    public bool IsHostBasedService { get; }

    /// <summary>The UNC location for messages, such as <c>\\nas\media</c>.</summary>
    public string Where { get; }


    public static KerberosLogon Create(SmbCredentials credentials, string host, SmbClientOptions options, string where)
    {
        string? principal = null;
        if (credentials.UserName.Length > 0)
        {
            // Realms are upper case by convention (Active Directory always); Windows upper-cases the domain too.
            principal = credentials.Domain.Length > 0
                ? $"{credentials.UserName}@{credentials.Domain.ToUpperInvariant()}"
                : credentials.UserName;
        }
        string? password = credentials.UsesOwnCredentials ? null : credentials.Password;
        bool explicitSpn = !string.IsNullOrWhiteSpace(options.ServicePrincipalName);
        string spn = explicitSpn ? options.ServicePrincipalName.Trim() : $"cifs/{host}";
        return new KerberosLogon(principal, password, spn, !explicitSpn, where);
    }

    /// <summary>The principal for messages when the library has not named one yet.</summary>
    public string DisplayPrincipal => UserPrincipal ?? "the ticket cache's default principal";

    public override string ToString() => $"Kerberos logon as {DisplayPrincipal} to {ServicePrincipal}";
}
