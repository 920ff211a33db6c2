namespace SmbDrive.Smb.Security.Kerberos.Gss;

/// <summary>Turns a GSS-API major status and MIT krb5 minor status (a com_err code, krb5.h) into the
/// <see cref="KerberosFailure"/> the user is told about.</summary>
internal static class GssStatus
{
    // MIT krb5 error codes (ERROR_TABLE_BASE_krb5 = -1765328384 plus the offset), from krb5.h.
    internal const int KdcErrClientPrincipalUnknown = -1765328378;
    internal const int KdcErrServicePrincipalUnknown = -1765328377;
    internal const int KdcErrPreauthFailed = -1765328360;
    internal const int ApErrBadIntegrity = -1765328353;
    internal const int ApErrTicketExpired = -1765328352;
    internal const int ApErrSkew = -1765328347;
    internal const int CcNotFound = -1765328243;
    internal const int KdcReplySkew = -1765328236;
    internal const int RealmUnknown = -1765328230;
    internal const int KdcUnreachable = -1765328228;
    internal const int FccNoFile = -1765328189;
    internal const int RealmCannotResolve = -1765328164;
    internal const int NoDefaultRealm = -1765328160;

    public static KerberosFailure Classify(uint major, uint minor)
    {
        int code = unchecked((int)minor);
        switch (code)
        {
            case FccNoFile or CcNotFound: return KerberosFailure.NoTicket;
            case ApErrTicketExpired: return KerberosFailure.TicketExpired;
            case KdcErrServicePrincipalUnknown: return KerberosFailure.UnknownServicePrincipal;
            case KdcErrClientPrincipalUnknown: return KerberosFailure.UnknownUser;
            case KdcErrPreauthFailed or ApErrBadIntegrity: return KerberosFailure.WrongPassword;
            case KdcUnreachable or RealmCannotResolve or RealmUnknown or NoDefaultRealm: return KerberosFailure.KdcUnreachable;
            case ApErrSkew or KdcReplySkew: return KerberosFailure.ClockSkew;
        }
        return (major & GssNative.RoutineErrorMask) switch
        {
            GssNative.NoCred => KerberosFailure.NoTicket,
            GssNative.CredentialsExpired => KerberosFailure.TicketExpired,
            _ => KerberosFailure.Other,
        };
    }
}
