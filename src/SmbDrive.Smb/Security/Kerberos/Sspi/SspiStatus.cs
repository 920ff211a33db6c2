namespace SmbDrive.Smb.Security.Kerberos.Sspi;

/// <summary>SECURITY_STATUS values (winerror.h) of a Kerberos logon, mapped to what the user is told.</summary>
internal static class SspiStatus
{
    internal const int UnsupportedFunction = unchecked((int)0x80090302);
    internal const int TargetUnknown = unchecked((int)0x80090303);
    internal const int PackageNotFound = unchecked((int)0x80090305);
    internal const int LogonDenied = unchecked((int)0x8009030C);
    internal const int UnknownCredentials = unchecked((int)0x8009030D);
    internal const int NoCredentials = unchecked((int)0x8009030E);
    internal const int MessageAltered = unchecked((int)0x8009030F);
    internal const int NoAuthenticatingAuthority = unchecked((int)0x80090311);
    internal const int IncompleteMessage = unchecked((int)0x80090318);
    internal const int ContextExpired = unchecked((int)0x80090317);
    internal const int WrongPrincipal = unchecked((int)0x80090322);
    internal const int TimeSkew = unchecked((int)0x80090324);
    internal const int KdcCertificateExpired = unchecked((int)0x8009032A);

    public static KerberosFailure Classify(int status) => status switch
    {
        NoCredentials or UnknownCredentials => KerberosFailure.NoTicket,
        ContextExpired => KerberosFailure.TicketExpired,
        TargetUnknown or WrongPrincipal => KerberosFailure.UnknownServicePrincipal,
        LogonDenied => KerberosFailure.WrongPassword,
        NoAuthenticatingAuthority => KerberosFailure.KdcUnreachable,
        TimeSkew => KerberosFailure.ClockSkew,
        MessageAltered => KerberosFailure.MutualAuthenticationFailed,
        PackageNotFound or UnsupportedFunction => KerberosFailure.Unavailable,
        _ => KerberosFailure.Other,
    };

    public static string Describe(int status) => status switch
    {
        UnsupportedFunction => "SEC_E_UNSUPPORTED_FUNCTION",
        TargetUnknown => "SEC_E_TARGET_UNKNOWN",
        PackageNotFound => "SEC_E_SECPKG_NOT_FOUND",
        LogonDenied => "SEC_E_LOGON_DENIED",
        UnknownCredentials => "SEC_E_UNKNOWN_CREDENTIALS",
        NoCredentials => "SEC_E_NO_CREDENTIALS",
        MessageAltered => "SEC_E_MESSAGE_ALTERED",
        NoAuthenticatingAuthority => "SEC_E_NO_AUTHENTICATING_AUTHORITY",
        ContextExpired => "SEC_E_CONTEXT_EXPIRED",
        IncompleteMessage => "SEC_E_INCOMPLETE_MESSAGE",
        WrongPrincipal => "SEC_E_WRONG_PRINCIPAL",
        TimeSkew => "SEC_E_TIME_SKEW",
        _ => $"SECURITY_STATUS 0x{status:X8}",
    };
}
