using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SmbDrive.Smb.Security.Kerberos.Gss;
using SmbDrive.Smb.Security.Kerberos.Sspi;

namespace SmbDrive.Smb.Tests.Security.Kerberos;

/// <summary>The GSSAPI and SSPI bindings: struct layouts as the C headers define them on 64-bit, the session-key
/// copy of the SSPI path, and how library status codes become the failures users see.</summary>
public class PlatformBindingTests
{
    [Test]
    public void StructLayouts_MatchTheCHeaders()
    {
        Assume.That(IntPtr.Size, Is.EqualTo(8));
        Assert.That(Unsafe.SizeOf<GssBuffer>(), Is.EqualTo(16));
        Assert.That(Unsafe.SizeOf<GssOid>(), Is.EqualTo(16));
        Assert.That(Marshal.OffsetOf<GssOid>(nameof(GssOid.Elements)).ToInt32(), Is.EqualTo(8));
        Assert.That(Unsafe.SizeOf<GssOidSet>(), Is.EqualTo(16));
        Assert.That(Unsafe.SizeOf<GssBufferSet>(), Is.EqualTo(16));
        Assert.That(Unsafe.SizeOf<SecHandle>(), Is.EqualTo(16));
        Assert.That(Unsafe.SizeOf<SecBuffer>(), Is.EqualTo(16));
        Assert.That(Unsafe.SizeOf<SecBufferDesc>(), Is.EqualTo(16));
        Assert.That(Unsafe.SizeOf<SecPkgContextSessionKey>(), Is.EqualTo(16));
        Assert.That(Marshal.OffsetOf<SecPkgContextSessionKey>(nameof(SecPkgContextSessionKey.Key)).ToInt32(), Is.EqualTo(8));
        Assert.That(Unsafe.SizeOf<SecPkgContextSizes>(), Is.EqualTo(16));
        Assert.That(Unsafe.SizeOf<SecWinntAuthIdentity>(), Is.EqualTo(48));
        Assert.That(Marshal.OffsetOf<SecWinntAuthIdentity>(nameof(SecWinntAuthIdentity.Flags)).ToInt32(), Is.EqualTo(44));
    }

    [Test]
    public unsafe void SspiSessionKey_CopiesTheBytesThePointerNames()
    {
        byte[] key = Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray();
        fixed (byte* p = key)
        {
            Assert.That(SspiSessionKey.Copy(new SecPkgContextSessionKey { Length = 32, Key = (IntPtr)p }), Is.EqualTo(key));
            Assert.That(SspiSessionKey.Copy(new SecPkgContextSessionKey { Length = 16, Key = (IntPtr)p }), Is.EqualTo(key[..16]));
        }
        Assert.That(SspiSessionKey.Copy(new SecPkgContextSessionKey { Length = 16, Key = IntPtr.Zero }), Is.Empty);
        Assert.Throws<SmbProtocolException>(() => SspiSessionKey.Copy(new SecPkgContextSessionKey { Length = 1u << 20, Key = 1 }));
    }

    [TestCase(GssStatus.FccNoFile, KerberosFailure.NoTicket)]
    [TestCase(GssStatus.CcNotFound, KerberosFailure.NoTicket)]
    [TestCase(GssStatus.ApErrTicketExpired, KerberosFailure.TicketExpired)]
    [TestCase(GssStatus.KdcErrServicePrincipalUnknown, KerberosFailure.UnknownServicePrincipal)]
    [TestCase(GssStatus.KdcErrClientPrincipalUnknown, KerberosFailure.UnknownUser)]
    [TestCase(GssStatus.KdcErrPreauthFailed, KerberosFailure.WrongPassword)]
    [TestCase(GssStatus.KdcUnreachable, KerberosFailure.KdcUnreachable)]
    [TestCase(GssStatus.ApErrSkew, KerberosFailure.ClockSkew)]
    [TestCase(GssStatus.KdcReplySkew, KerberosFailure.ClockSkew)]
    public void GssMinorCodes_Classify(int minor, KerberosFailure expected) =>
        Assert.That(GssStatus.Classify(GssNative.Failure, unchecked((uint)minor)), Is.EqualTo(expected));

    [Test]
    public void GssMajorCodes_ClassifyWhenTheMinorSaysNothing()
    {
        Assert.That(GssStatus.Classify(GssNative.NoCred, 0), Is.EqualTo(KerberosFailure.NoTicket));
        Assert.That(GssStatus.Classify(GssNative.CredentialsExpired, 0), Is.EqualTo(KerberosFailure.TicketExpired));
        Assert.That(GssStatus.Classify(GssNative.DefectiveToken, 0), Is.EqualTo(KerberosFailure.Other));
    }

    [TestCase(SspiStatus.NoCredentials, KerberosFailure.NoTicket)]
    [TestCase(SspiStatus.ContextExpired, KerberosFailure.TicketExpired)]
    [TestCase(SspiStatus.TargetUnknown, KerberosFailure.UnknownServicePrincipal)]
    [TestCase(SspiStatus.NoAuthenticatingAuthority, KerberosFailure.KdcUnreachable)]
    [TestCase(SspiStatus.TimeSkew, KerberosFailure.ClockSkew)]
    [TestCase(SspiStatus.LogonDenied, KerberosFailure.WrongPassword)]
    [TestCase(SspiStatus.UnsupportedFunction, KerberosFailure.Unavailable)]
    public void SspiStatuses_Classify(int status, KerberosFailure expected)
    {
        Assert.That(SspiStatus.Classify(status), Is.EqualTo(expected));
        Assert.That(SspiStatus.Describe(status), Does.StartWith("SEC_E_"));
    }

    [Test]
    public void KerberosErrors_NameWhereWhoServiceAndRealm()
    {
        var e = new SmbKerberosException(KerberosFailure.ClockSkew, @"\\nas\media", "alice@CORP.TEST", "cifs/nas", "CORP.TEST", "Clock skew too great");
        Assert.That(e.Message, Is.EqualTo(@"\\nas\media: the clocks of this machine and the KDC or server differ too much; principal alice@CORP.TEST, service cifs/nas, realm CORP.TEST: Clock skew too great"));
    }
}
