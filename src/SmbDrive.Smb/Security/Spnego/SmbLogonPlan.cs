using SmbDrive.Smb.Security.Kerberos;
using SmbDrive.Smb.Security.Spnego;

namespace SmbDrive.Smb.Security;

/// <summary>Which mechanisms a session setup tries, in order, and the authenticator for each: Kerberos first
/// unless Smb:Authentication says Ntlm or the server's NEGOTIATE hint (MS-SPNG 2.2.1 NegTokenInit2) lists only
/// NTLM; NTLMv2 after it when Smb:Authentication is Negotiate and there is a password to do NTLM with.</summary>
internal static class SmbLogonPlan
{
    public static IReadOnlyList<SmbLogonMechanism> Choose(SmbClientOptions options, SmbCredentials credentials,
        ReadOnlySpan<byte> serverHint, string host, string where)
    {
        // Anonymous and guest logons carry no identity for Kerberos to prove.
        if (credentials.Kind != SmbLogonKind.User) return [SmbLogonMechanism.Ntlm];
        bool serverHasKerberos = OffersKerberos(serverHint);
        switch (options.Authentication)
        {
            case SmbAuthentication.Ntlm:
                if (credentials.UsesOwnCredentials)
                    throw new SmbException($"{where}: Smb:Authentication is Ntlm, which needs a password; a Kerberos ticket cannot be used");
                return [SmbLogonMechanism.Ntlm];
            case SmbAuthentication.Kerberos:
                if (!serverHasKerberos) throw WithoutKerberos(credentials, host, options, where);
                return [SmbLogonMechanism.Kerberos];
            default:
                if (!serverHasKerberos)
                {
                    if (credentials.UsesOwnCredentials) throw WithoutKerberos(credentials, host, options, where);
                    return [SmbLogonMechanism.Ntlm];
                }
                return credentials.UsesOwnCredentials ? [SmbLogonMechanism.Kerberos] : [SmbLogonMechanism.Kerberos, SmbLogonMechanism.Ntlm];
        }
    }

    public static ISmbAuthenticator Create(SmbLogonMechanism mechanism, SmbCredentials credentials, string host,
        SmbClientOptions options, string where)
    {
        if (mechanism == SmbLogonMechanism.Ntlm) return new NtlmSpnegoAuthenticator(credentials, host, options.Workstation);
        var logon = KerberosLogon.Create(credentials, host, options, where);
        return new KerberosSpnegoAuthenticator(KerberosContexts.Create(logon), logon);
    }

    /// <summary>False only when the server listed its mechanisms and Kerberos is not among them. No hint (some
    /// servers send none) or one that does not decode says nothing, so Kerberos is tried.</summary>
    internal static bool OffersKerberos(ReadOnlySpan<byte> serverHint)
    {
        if (serverHint.IsEmpty) return true;
        try
        {
            var init = SpnegoTokens.DecodeNegTokenInit(serverHint);
            return init.MechTypes.Count == 0
                || init.MechTypes.Any(m => m is SpnegoOids.Kerberos5 or SpnegoOids.MicrosoftKerberos5);
        }
        catch (SmbProtocolException)
        {
            return true;
        }
    }

    /// <summary>SmbDrive's SMB1 client logs on with NTLM only.</summary>
    public static SmbKerberosException Smb1WithoutKerberos(SmbCredentials credentials, string host, SmbClientOptions options, string where) =>
        WithoutKerberos(credentials, host, options, where, "the server speaks only SMB1, where SmbDrive logs on with NTLM only");

    private static SmbKerberosException WithoutKerberos(SmbCredentials credentials, string host, SmbClientOptions options, string where,
        string detail = "its NEGOTIATE response lists no Kerberos mechanism")
    {
        var logon = KerberosLogon.Create(credentials, host, options, where);
        string realm = logon.UserPrincipal is { } p && p.LastIndexOf('@') is var at and > 0 ? p[(at + 1)..] : "(krb5.conf's default realm)";
        return new SmbKerberosException(KerberosFailure.ServerWithoutKerberos, where, logon.DisplayPrincipal, logon.ServicePrincipal, realm, detail);
    }
}
