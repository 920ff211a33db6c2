namespace SmbDrive.Smb.Security;

/// <summary>The mechanism one SESSION_SETUP attempt uses inside SPNEGO.</summary>
internal enum SmbLogonMechanism
{
    Kerberos,
    Ntlm,
}
