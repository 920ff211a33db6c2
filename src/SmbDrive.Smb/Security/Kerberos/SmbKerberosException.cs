namespace SmbDrive.Smb;

/// <summary>A Kerberos logon failed. The message names the client principal, the service principal (SPN) and the
/// realm, says what to do, and ends with the Kerberos library's own text; it never holds a ticket, key or
/// password.</summary>
public sealed class SmbKerberosException : SmbException
{
    public SmbKerberosException(KerberosFailure failure, string where, string principal, string servicePrincipal, string realm,
        string detail, Exception? inner = null)
        : base(Compose(failure, where, principal, servicePrincipal, realm, detail), inner)
    {
        Failure = failure;
        Principal = principal;
        ServicePrincipal = servicePrincipal;
        Realm = realm;
    }

    public KerberosFailure Failure { get; }

    /// <summary>The client principal, such as <c>alice@CORP.EXAMPLE</c>, or a description when none is known.</summary>
    public string Principal { get; }

    /// <summary>The service principal the ticket was (to be) issued for, such as <c>cifs/nas</c>.</summary>
    public string ServicePrincipal { get; }

    public string Realm { get; }

    private static string Compose(KerberosFailure failure, string where, string principal, string spn, string realm, string detail)
    {
        string what = failure switch
        {
            KerberosFailure.NoTicket => "no Kerberos ticket (run kinit, or give a user name and password)",
            KerberosFailure.TicketExpired => "the Kerberos ticket has expired (run kinit again)",
            KerberosFailure.UnknownServicePrincipal => "the KDC does not know the service principal (set Smb:ServicePrincipalName to the server's real name)",
            KerberosFailure.UnknownUser => "the KDC does not know the user",
            KerberosFailure.WrongPassword => "the KDC refused the password",
            KerberosFailure.KdcUnreachable => "no KDC of the realm could be reached",
            KerberosFailure.ClockSkew => "the clocks of this machine and the KDC or server differ too much",
            KerberosFailure.ServerWithoutKerberos => "the server offers only NTLM, not Kerberos (NTLM needs a user name and password, and Smb:Authentication=Kerberos forbids it)",
            KerberosFailure.ServerRefused => "the server refused the Kerberos logon",
            KerberosFailure.MutualAuthenticationFailed => "the server did not prove its identity (mutual authentication failed)",
            KerberosFailure.Unavailable => "Kerberos is not available on this machine",
            _ => "Kerberos logon failed",
        };
        string text = $"{where}: {what}; principal {principal}, service {spn}, realm {realm}";
        return detail.Length > 0 ? $"{text}: {detail}" : text;
    }
}
