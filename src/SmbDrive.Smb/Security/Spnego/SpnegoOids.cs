namespace SmbDrive.Smb.Security.Spnego;

/// <summary>Mechanism OIDs seen in SMB SPNEGO exchanges (RFC 4178 section 4.1, MS-SPNG 2.2, MS-NLMP 1.9).</summary>
internal static class SpnegoOids
{
    public const string Spnego = "1.3.6.1.5.5.2";
    public const string Ntlmssp = "1.3.6.1.4.1.311.2.2.10";
    public const string Kerberos5 = "1.2.840.113554.1.2.2";
    public const string MicrosoftKerberos5 = "1.2.840.48018.1.2.2";
    public const string NegoEx = "1.3.6.1.4.1.311.2.2.30";
}
