using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace SmbDrive.Smb.Security.Kerberos.Gss;

/// <summary>A krb5 initiator context through MIT GSSAPI (Linux). Credentials come from the ticket cache
/// (KRB5CCNAME) or, given a password, from the KDC directly (gss_acquire_cred_with_password, into a
/// memory cache: nothing is written to disk). Mutual authentication is requested and required.
/// Not thread-safe: one instance per SESSION_SETUP.</summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe class GssKerberosContext : IKerberosContext
{
    private const uint RequestFlags = GssNative.MutualFlag | GssNative.ReplayFlag | GssNative.SequenceFlag
        | GssNative.ConfFlag | GssNative.IntegFlag;

    private readonly KerberosLogon _logon;
    private IntPtr _credential;
    private IntPtr _target;
    private IntPtr _context;
    private string? _principal;
    private bool _disposed;

    public GssKerberosContext(KerberosLogon logon)
    {
        _logon = logon;
    }

    public string Principal => _principal ?? _logon.DisplayPrincipal;

    public string Realm => (_principal ?? _logon.UserPrincipal) is { } p && p.LastIndexOf('@') is var at and > 0
        ? p[(at + 1)..]
        : Krb5CachePrincipal.TryDefaultRealm() ?? "(no default realm in krb5.conf)";

    public bool IsEstablished { get; private set; }

    public byte[] Step(ReadOnlySpan<byte> serverToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            if (_credential == IntPtr.Zero) AcquireCredential();
            if (_target == IntPtr.Zero) _target = ImportName(_logon.IsHostBasedService ? HostBasedName() : _logon.ServicePrincipal,
                _logon.IsHostBasedService ? GssOids.HostBasedService : GssOids.Krb5PrincipalName, "service principal");
            return InitSecContext(serverToken);
        }
        catch (DllNotFoundException e)
        {
            throw Fail(KerberosFailure.Unavailable, "libgssapi_krb5.so.2 is not installed (Debian: libgssapi-krb5-2)", e);
        }
    }

    public byte[] GetSessionKey()
    {
        RequireEstablished();
        uint minor;
        GssBufferSet* set = null;
        fixed (byte* oidBytes = GssOids.InquireSspiSessionKey)
        {
            var oid = new GssOid { Length = (uint)GssOids.InquireSspiSessionKey.Length, Elements = (IntPtr)oidBytes };
            uint major = GssNative.InquireSecContextByOid(&minor, _context, &oid, &set);
            if (major != GssNative.Complete) throw Fail(major, minor, "gss_inquire_sec_context_by_oid(GSS_C_INQ_SSPI_SESSION_KEY)");
        }
        try
        {
            // [0] is the key, [1] the OID naming its enctype.
            if (set is null || set->Count < 1) throw Fail(KerberosFailure.Other, "GSSAPI returned no session key");
            var key = (GssBuffer*)set->Elements;
            return new ReadOnlySpan<byte>((void*)key->Value, checked((int)key->Length)).ToArray();
        }
        finally
        {
            GssNative.ReleaseBufferSet(&minor, &set);
        }
    }

    public byte[] GetMic(ReadOnlySpan<byte> message)
    {
        RequireEstablished();
        uint minor;
        var token = default(GssBuffer);
        fixed (byte* data = message)
        {
            var input = new GssBuffer { Length = (nuint)message.Length, Value = (IntPtr)data };
            uint major = GssNative.GetMic(&minor, _context, 0, &input, &token);
            if (major != GssNative.Complete) throw Fail(major, minor, "gss_get_mic");
        }
        return TakeBuffer(&token);
    }

    public bool VerifyMic(ReadOnlySpan<byte> message, ReadOnlySpan<byte> mic)
    {
        RequireEstablished();
        uint minor, qop;
        fixed (byte* data = message)
        fixed (byte* signature = mic)
        {
            var input = new GssBuffer { Length = (nuint)message.Length, Value = (IntPtr)data };
            var token = new GssBuffer { Length = (nuint)mic.Length, Value = (IntPtr)signature };
            return GssNative.VerifyMic(&minor, _context, &input, &token, &qop) == GssNative.Complete;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            uint minor;
            IntPtr handle = _context;
            if (handle != IntPtr.Zero) GssNative.DeleteSecContext(&minor, &handle, null);
            handle = _target;
            if (handle != IntPtr.Zero) GssNative.ReleaseName(&minor, &handle);
            handle = _credential;
            if (handle != IntPtr.Zero) GssNative.ReleaseCred(&minor, &handle);
        }
        catch (DllNotFoundException)
        {
            // Nothing was ever allocated by a library that is not there.
        }
        _context = _target = _credential = IntPtr.Zero;
    }

    public override string ToString() => _logon.ToString();

    /// <summary><c>cifs/host</c> as GSS_C_NT_HOSTBASED_SERVICE spells it: <c>cifs@host</c>.</summary>
    private string HostBasedName()
    {
        string spn = _logon.ServicePrincipal;
        int slash = spn.IndexOf('/');
        return slash > 0 ? $"{spn[..slash]}@{spn[(slash + 1)..]}" : spn;
    }

    private void AcquireCredential()
    {
        IntPtr name = _logon.UserPrincipal is { } user ? ImportName(user, GssOids.Krb5PrincipalName, "user principal") : IntPtr.Zero;
        try
        {
            uint minor, major, lifetime;
            IntPtr credential;
            fixed (byte* mechBytes = GssOids.Krb5Mechanism)
            {
                var mech = new GssOid { Length = (uint)GssOids.Krb5Mechanism.Length, Elements = (IntPtr)mechBytes };
                var mechs = new GssOidSet { Count = 1, Elements = (IntPtr)(&mech) };
                if (_logon.Password is { } password)
                {
                    byte[] secret = Encoding.UTF8.GetBytes(password);
                    try
                    {
                        fixed (byte* p = secret)
                        {
                            var buffer = new GssBuffer { Length = (nuint)secret.Length, Value = (IntPtr)p };
                            major = GssNative.AcquireCredWithPassword(&minor, name, &buffer, GssNative.Indefinite, &mechs,
                                GssNative.Initiate, &credential, null, &lifetime);
                        }
                    }
                    finally
                    {
                        Array.Clear(secret);
                    }
                }
                else
                {
                    major = GssNative.AcquireCred(&minor, name, GssNative.Indefinite, &mechs, GssNative.Initiate, &credential, null, &lifetime);
                }
            }
            if (major != GssNative.Complete) throw Fail(major, minor, _logon.Password is null ? "no usable ticket in the cache" : "getting a ticket with the password");
            _credential = credential;
            _principal = CredentialPrincipal(out uint remaining) ?? _principal;
            // MIT hands out a cache whose ticket has expired without complaint; the KDC would refuse it later
            // with a less helpful message.
            if (remaining == 0)
            {
                _principal ??= _logon.UserPrincipal is null ? Krb5CachePrincipal.TryRead() : null;
                throw Fail(KerberosFailure.TicketExpired, "the ticket-granting ticket in the cache has expired");
            }
        }
        finally
        {
            if (name != IntPtr.Zero)
            {
                uint minor;
                GssNative.ReleaseName(&minor, &name);
            }
        }
    }

    private string? CredentialPrincipal(out uint lifetime)
    {
        uint minor, l = GssNative.Indefinite;
        IntPtr name = IntPtr.Zero;
        uint major = GssNative.InquireCred(&minor, _credential, &name, &l, null, null);
        bool expired = (major & GssNative.RoutineErrorMask) == GssNative.CredentialsExpired;
        lifetime = expired ? 0 : l;
        // MIT still names the principal of an expired credential, which the error message wants.
        if ((major != GssNative.Complete && !expired) || name == IntPtr.Zero) return null;
        try
        {
            var text = default(GssBuffer);
            if (GssNative.DisplayName(&minor, name, &text, null) != GssNative.Complete) return null;
            return Encoding.UTF8.GetString(TakeBuffer(&text));
        }
        finally
        {
            GssNative.ReleaseName(&minor, &name);
        }
    }

    private byte[] InitSecContext(ReadOnlySpan<byte> serverToken)
    {
        uint minor, flags, major;
        var output = default(GssBuffer);
        IntPtr context = _context;
        fixed (byte* mechBytes = GssOids.Krb5Mechanism)
        fixed (byte* inputBytes = serverToken)
        {
            var mech = new GssOid { Length = (uint)GssOids.Krb5Mechanism.Length, Elements = (IntPtr)mechBytes };
            var input = new GssBuffer { Length = (nuint)serverToken.Length, Value = (IntPtr)inputBytes };
            major = GssNative.InitSecContext(&minor, _credential, &context, _target, &mech, RequestFlags, 0, IntPtr.Zero,
                serverToken.IsEmpty ? null : &input, null, &output, &flags, null);
        }
        _context = context;
        byte[] token = TakeBuffer(&output);
        if (major == GssNative.ContinueNeeded) return token;
        if (major != GssNative.Complete)
            throw Fail(major, minor, serverToken.IsEmpty ? "requesting a service ticket" : "checking the server's reply (AP-REP)");
        if ((flags & GssNative.MutualFlag) == 0)
            throw Fail(KerberosFailure.MutualAuthenticationFailed, "the context completed without mutual authentication");
        IsEstablished = true;
        return token;
    }

    private IntPtr ImportName(string text, ReadOnlySpan<byte> nameType, string what)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        uint minor, major;
        IntPtr name;
        fixed (byte* p = bytes)
        fixed (byte* typeBytes = nameType)
        {
            var buffer = new GssBuffer { Length = (nuint)bytes.Length, Value = (IntPtr)p };
            var type = new GssOid { Length = (uint)nameType.Length, Elements = (IntPtr)typeBytes };
            major = GssNative.ImportName(&minor, &buffer, &type, &name);
        }
        if (major != GssNative.Complete) throw Fail(major, minor, $"the {what} '{text}' is not a valid Kerberos name");
        return name;
    }

    private static byte[] TakeBuffer(GssBuffer* buffer)
    {
        try
        {
            return buffer->Value == IntPtr.Zero ? [] : new ReadOnlySpan<byte>((void*)buffer->Value, checked((int)buffer->Length)).ToArray();
        }
        finally
        {
            uint minor;
            if (buffer->Value != IntPtr.Zero) GssNative.ReleaseBuffer(&minor, buffer);
        }
    }

    private void RequireEstablished()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsEstablished) throw new InvalidOperationException($"{this}: the context is not established yet");
    }

    private SmbKerberosException Fail(uint major, uint minor, string doing) =>
        Fail(GssStatus.Classify(major, minor), $"{doing}: {Describe(major, minor)}");

    private SmbKerberosException Fail(KerberosFailure failure, string detail, Exception? inner = null) =>
        new(failure, _logon.Where, Principal, _logon.ServicePrincipal, Realm, detail, inner);

    /// <summary>gss_display_status for both the GSS-API code and the krb5 one, such as "Unspecified GSS failure.
    /// Minor code may provide more information: Cannot contact any KDC for realm 'CORP'".</summary>
    private static string Describe(uint major, uint minor)
    {
        var parts = new List<string>();
        AppendStatus(parts, major, GssNative.GssCode);
        if (minor != 0) AppendStatus(parts, minor, GssNative.MechCode);
        return string.Join(": ", parts);
    }

    private static void AppendStatus(List<string> parts, uint status, int type)
    {
        uint context = 0;
        do
        {
            uint minor;
            var text = default(GssBuffer);
            fixed (byte* mechBytes = GssOids.Krb5Mechanism)
            {
                var mech = new GssOid { Length = (uint)GssOids.Krb5Mechanism.Length, Elements = (IntPtr)mechBytes };
                if (GssNative.DisplayStatus(&minor, status, type, &mech, &context, &text) != GssNative.Complete) return;
            }
            string line = Encoding.UTF8.GetString(TakeBuffer(&text)).Trim();
            if (line.Length > 0) parts.Add(line);
        } while (context != 0);
    }
}
