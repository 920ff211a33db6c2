using NUnit.Framework;

namespace SmbDrive.TestSupport;

/// <summary>Guard for tests that need a Kerberos realm and a Samba server: ignored on a developer machine
/// without them, a failure in CI (where .ci/run installs krb5-kdc, krb5-admin-server and krb5-user).</summary>
public static class KerberosRequirement
{
    public static void RequireRealmAndSamba()
    {
        SambaRequirement.RequireSamba();
        if (KerberosRealm.IsAvailable) return;
        string reason = $"the MIT KDC tools are missing ({KerberosRealm.KdcPath}, {KerberosRealm.KadminPath}, {KerberosRealm.KinitPath}): apt-get install krb5-kdc krb5-admin-server krb5-user.";
        if (TestEnvironment.IsCi) Assert.Fail(reason + " CI=true, so this is a failure rather than a skip.");
        Assert.Ignore(reason);
    }
}
