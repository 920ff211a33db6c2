using SmbDrive.Smb.Security.Kerberos.Gss;
using SmbDrive.Smb.Security.Kerberos.Sspi;

namespace SmbDrive.Smb.Security.Kerberos;

/// <summary>The platform's Kerberos: SSPI on Windows, MIT GSSAPI elsewhere.</summary>
internal static class KerberosContexts
{
    public static IKerberosContext Create(KerberosLogon logon)
    {
        if (OperatingSystem.IsWindows()) return new SspiKerberosContext(logon);
        if (OperatingSystem.IsLinux()) return new GssKerberosContext(logon);
        throw new SmbKerberosException(KerberosFailure.Unavailable, logon.Where, logon.DisplayPrincipal, logon.ServicePrincipal,
            "(unknown)", $"SmbDrive speaks Kerberos on Linux and Windows only, not on {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    }
}
