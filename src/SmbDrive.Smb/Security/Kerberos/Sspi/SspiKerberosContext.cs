using System.Runtime.Versioning;

namespace SmbDrive.Smb.Security.Kerberos.Sspi;

/// <summary>A Kerberos initiator context through SSPI (Windows). With no password it uses the signed-in user's
/// own logon (single sign-on, as <c>net use</c> does); with one, SEC_WINNT_AUTH_IDENTITY_W asks the KDC itself.
/// Mutual authentication is requested and required. Not thread-safe: one instance per SESSION_SETUP.</summary>
[SupportedOSPlatform("windows")]
internal sealed unsafe class SspiKerberosContext : IKerberosContext
{
    private const string Package = "Kerberos";
    private const uint RequestFlags = SspiNative.RequestMutualAuth | SspiNative.RequestReplayDetect | SspiNative.RequestSequenceDetect
        | SspiNative.RequestConfidentiality | SspiNative.RequestIntegrity;

    // Our own output buffer rather than ISC_REQ_ALLOCATE_MEMORY, which Wine's Kerberos package does not honour
    // (SEC_E_INCOMPLETE_MESSAGE). Windows' Kerberos cbMaxToken is 48000 (65535 with large PACs).
    private const int MaxToken = 65535;

    private readonly KerberosLogon _logon;
    private SecHandle _credential;
    private SecHandle _context;
    private string? _principal;
    private uint _maxSignature;
    private bool _disposed;

    public SspiKerberosContext(KerberosLogon logon)
    {
        _logon = logon;
    }

    public string Principal => _principal ?? _logon.DisplayPrincipal;

    public string Realm => (_principal ?? _logon.UserPrincipal) is { } p && p.LastIndexOf('@') is var at and > 0
        ? p[(at + 1)..]
        : "(the logon session's realm)";

    public bool IsEstablished { get; private set; }

    public byte[] Step(ReadOnlySpan<byte> serverToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_credential.IsSet) AcquireCredential();
        byte[] outputBytes = new byte[MaxToken];
        uint attributes;
        long expiry;
        int status;
        SecBuffer output;
        fixed (byte* outputData = outputBytes)
        fixed (byte* input = serverToken)
        {
            output = new SecBuffer { Size = MaxToken, Type = SspiNative.BufferToken, Data = (IntPtr)outputData };
            var outputDesc = new SecBufferDesc { Version = SspiNative.BufferVersion, Count = 1, Buffers = &output };
            var inputBuffer = new SecBuffer { Size = (uint)serverToken.Length, Type = SspiNative.BufferToken, Data = (IntPtr)input };
            var inputDesc = new SecBufferDesc { Version = SspiNative.BufferVersion, Count = 1, Buffers = &inputBuffer };
            fixed (SecHandle* credential = &_credential)
            fixed (SecHandle* context = &_context)
            {
                status = SspiNative.InitializeSecurityContext(credential, context->IsSet ? context : null, _logon.ServicePrincipal,
                    RequestFlags, 0, SspiNative.NativeDataRepresentation, serverToken.IsEmpty ? null : &inputDesc, 0,
                    context, &outputDesc, &attributes, &expiry);
            }
        }
        byte[] token = outputBytes.AsSpan(0, (int)Math.Min(output.Size, (uint)MaxToken)).ToArray();
        if (status == SspiNative.ContinueNeeded) return token;
        if (status != SspiNative.Ok)
            throw Fail(status, serverToken.IsEmpty ? "requesting a service ticket" : "checking the server's reply (AP-REP)");
        if ((attributes & SspiNative.ReturnedMutualAuth) == 0)
            throw new SmbKerberosException(KerberosFailure.MutualAuthenticationFailed, _logon.Where, Principal, _logon.ServicePrincipal, Realm,
                "the context completed without mutual authentication");
        IsEstablished = true;
        return token;
    }

    public byte[] GetSessionKey()
    {
        RequireEstablished();
        var key = default(SecPkgContextSessionKey);
        fixed (SecHandle* context = &_context)
        {
            int status = SspiNative.QueryContextAttributes(context, SspiNative.AttributeSessionKey, &key);
            if (status != SspiNative.Ok) throw Fail(status, "QueryContextAttributes(SECPKG_ATTR_SESSION_KEY)");
        }
        try
        {
            return SspiSessionKey.Copy(key);
        }
        finally
        {
            if (key.Key != IntPtr.Zero) SspiNative.FreeContextBuffer((void*)key.Key);
        }
    }

    public byte[] GetMic(ReadOnlySpan<byte> message)
    {
        RequireEstablished();
        uint size = SignatureSize();
        byte[] signature = new byte[size];
        fixed (byte* data = message)
        fixed (byte* sig = signature)
        fixed (SecHandle* context = &_context)
        {
            var buffers = stackalloc SecBuffer[2];
            buffers[0] = new SecBuffer { Size = (uint)message.Length, Type = SspiNative.BufferData, Data = (IntPtr)data };
            buffers[1] = new SecBuffer { Size = size, Type = SspiNative.BufferToken, Data = (IntPtr)sig };
            var desc = new SecBufferDesc { Version = SspiNative.BufferVersion, Count = 2, Buffers = buffers };
            int status = SspiNative.MakeSignature(context, 0, &desc, 0);
            if (status != SspiNative.Ok) throw Fail(status, "MakeSignature");
            return signature.AsSpan(0, (int)buffers[1].Size).ToArray();
        }
    }

    public bool VerifyMic(ReadOnlySpan<byte> message, ReadOnlySpan<byte> mic)
    {
        RequireEstablished();
        uint qop;
        fixed (byte* data = message)
        fixed (byte* sig = mic)
        fixed (SecHandle* context = &_context)
        {
            var buffers = stackalloc SecBuffer[2];
            buffers[0] = new SecBuffer { Size = (uint)message.Length, Type = SspiNative.BufferData, Data = (IntPtr)data };
            buffers[1] = new SecBuffer { Size = (uint)mic.Length, Type = SspiNative.BufferToken, Data = (IntPtr)sig };
            var desc = new SecBufferDesc { Version = SspiNative.BufferVersion, Count = 2, Buffers = buffers };
            return SspiNative.VerifySignature(context, &desc, 0, &qop) == SspiNative.Ok;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        fixed (SecHandle* context = &_context)
        fixed (SecHandle* credential = &_credential)
        {
            if (context->IsSet) SspiNative.DeleteSecurityContext(context);
            if (credential->IsSet) SspiNative.FreeCredentialsHandle(credential);
        }
        _context = default;
        _credential = default;
    }

    public override string ToString() => _logon.ToString();

    private void AcquireCredential()
    {
        int status;
        long expiry;
        fixed (SecHandle* credential = &_credential)
        {
            if (_logon.Password is { } password && _logon.UserPrincipal is { } principal)
            {
                int at = principal.LastIndexOf('@');
                string user = at > 0 ? principal[..at] : principal;
                string domain = at > 0 ? principal[(at + 1)..] : "";
                fixed (char* u = user)
                fixed (char* d = domain)
                fixed (char* p = password)
                {
                    var identity = new SecWinntAuthIdentity
                    {
                        User = u, UserLength = (uint)user.Length,
                        Domain = d, DomainLength = (uint)domain.Length,
                        Password = p, PasswordLength = (uint)password.Length,
                        Flags = SspiNative.IdentityUnicode,
                    };
                    status = SspiNative.AcquireCredentialsHandle(null, Package, SspiNative.CredentialsOutbound, IntPtr.Zero, &identity,
                        IntPtr.Zero, IntPtr.Zero, credential, &expiry);
                }
            }
            else
            {
                // The signed-in user's own logon session: single sign-on.
                status = SspiNative.AcquireCredentialsHandle(_logon.UserPrincipal, Package, SspiNative.CredentialsOutbound, IntPtr.Zero, null,
                    IntPtr.Zero, IntPtr.Zero, credential, &expiry);
            }
            if (status != SspiNative.Ok) throw Fail(status, "acquiring Kerberos credentials");
            var names = default(SecPkgCredentialsNames);
            if (SspiNative.QueryCredentialsAttributes(credential, SspiNative.CredentialAttributeNames, &names) == SspiNative.Ok && names.UserName is not null)
            {
                _principal = new string(names.UserName);
                SspiNative.FreeContextBuffer(names.UserName);
            }
        }
    }

    private uint SignatureSize()
    {
        if (_maxSignature != 0) return _maxSignature;
        var sizes = default(SecPkgContextSizes);
        fixed (SecHandle* context = &_context)
        {
            int status = SspiNative.QueryContextAttributes(context, SspiNative.AttributeSizes, &sizes);
            if (status != SspiNative.Ok) throw Fail(status, "QueryContextAttributes(SECPKG_ATTR_SIZES)");
        }
        return _maxSignature = sizes.MaxSignature;
    }

    private void RequireEstablished()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!IsEstablished) throw new InvalidOperationException($"{this}: the context is not established yet");
    }

    private SmbKerberosException Fail(int status, string doing) =>
        new(SspiStatus.Classify(status), _logon.Where, Principal, _logon.ServicePrincipal, Realm, $"{doing}: {SspiStatus.Describe(status)}");
}
