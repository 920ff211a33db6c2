namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>Which way a message travels; selects the magic constant in SIGNKEY/SEALKEY (MS-NLMP 3.4.5.2, 3.4.5.3).</summary>
internal enum NtlmDirection
{
    ClientToServer,
    ServerToClient,
}
