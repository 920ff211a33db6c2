namespace SmbDrive.Smb;

/// <summary>Why a Kerberos logon failed, as far as the client can tell.</summary>
public enum KerberosFailure
{
    /// <summary>No ticket in the cache (nobody ran kinit, or KRB5CCNAME names an empty cache).</summary>
    NoTicket,

    /// <summary>The ticket in the cache has expired (kinit again, or kinit -R while it is renewable).</summary>
    TicketExpired,

    /// <summary>The KDC does not know the server's service principal.</summary>
    UnknownServicePrincipal,

    /// <summary>The KDC does not know the user's principal.</summary>
    UnknownUser,

    /// <summary>The KDC refused the password.</summary>
    WrongPassword,

    /// <summary>No KDC of the realm answered, or the realm's KDC could not be found.</summary>
    KdcUnreachable,

    /// <summary>This machine's clock and the KDC's or server's differ by more than the allowed skew.</summary>
    ClockSkew,

    /// <summary>Kerberos is required but the server offers only NTLM.</summary>
    ServerWithoutKerberos,

    /// <summary>The server refused the Kerberos logon (its SESSION_SETUP status says which way).</summary>
    ServerRefused,

    /// <summary>The server did not prove its identity (no or a bad AP-REP or mechListMIC).</summary>
    MutualAuthenticationFailed,

    /// <summary>This machine has no Kerberos library (libgssapi_krb5.so.2 on Linux).</summary>
    Unavailable,

    /// <summary>Anything else; the message carries the library's own text.</summary>
    Other,
}
