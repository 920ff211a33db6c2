namespace SmbDrive.Smb.Security.Kerberos.Gss;

/// <summary>DER contents (no tag, no length) of the OIDs handed to GSSAPI.</summary>
internal static class GssOids
{
    /// <summary>1.2.840.113554.1.2.2, the krb5 mechanism (RFC 1964).</summary>
    public static ReadOnlySpan<byte> Krb5Mechanism => [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02];

    /// <summary>1.2.840.113554.1.2.1.4, GSS_C_NT_HOSTBASED_SERVICE (<c>service@host</c>).</summary>
    public static ReadOnlySpan<byte> HostBasedService => [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x01, 0x04];

    /// <summary>1.2.840.113554.1.2.2.1, GSS_KRB5_NT_PRINCIPAL_NAME (<c>name/instance@REALM</c>).</summary>
    public static ReadOnlySpan<byte> Krb5PrincipalName => [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02, 0x01];

    /// <summary>1.2.840.113554.1.2.2.5.5, GSS_C_INQ_SSPI_SESSION_KEY: the context's session key, as SSPI's
    /// SECPKG_ATTR_SESSION_KEY gives it (MIT gssapi_ext.h).</summary>
    public static ReadOnlySpan<byte> InquireSspiSessionKey => [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x12, 0x01, 0x02, 0x02, 0x05, 0x05];
}
