namespace SmbDrive.Smb;

/// <summary>Which logon mechanisms SESSION_SETUP may use (setting <c>Smb:Authentication</c>).</summary>
public enum SmbAuthentication
{
    /// <summary>Kerberos when the server offers it and a ticket can be had, else NTLMv2, as Windows does.</summary>
    Negotiate,

    /// <summary>Kerberos only: a server or client that cannot do it is an error, never an NTLM fallback.</summary>
    Kerberos,

    /// <summary>NTLMv2 only; no Kerberos ticket is ever requested.</summary>
    Ntlm,
}
