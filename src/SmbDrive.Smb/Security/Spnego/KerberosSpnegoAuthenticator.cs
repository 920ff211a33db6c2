using SmbDrive.Smb.Security.Kerberos;
using SmbDrive.Smb.Security.Spnego;

namespace SmbDrive.Smb.Security;

/// <summary>Kerberos wrapped in SPNEGO (RFC 4178, MS-SPNG) as SMB2 SESSION_SETUP carries it: a NegTokenInit
/// offering [MS-KRB5, KRB5] with the AP-REQ as optimistic token, then the server's NegTokenResp with the AP-REP
/// that proves the server's identity. A mechListMIC from the server is verified; when the server asks for one
/// (another round trip), ours is sent. The session key is the Kerberos session key queried from the context
/// (MS-SMB2 3.2.5.3.1: its first 16 bytes).</summary>
internal sealed class KerberosSpnegoAuthenticator : ISmbAuthenticator
{
    private const int SmbSessionKeyLength = 16;

    // MS-KRB5 first, as Windows sends it; both name the same mechanism and Samba and Windows accept either.
    private static readonly IReadOnlyList<string> MechTypes = [SpnegoOids.MicrosoftKerberos5, SpnegoOids.Kerberos5];

    private readonly IKerberosContext _context;
    private readonly KerberosLogon _logon;
    private readonly byte[] _mechTypeList = SpnegoTokens.EncodeMechTypeList(MechTypes);
    private Stage _stage = Stage.Initial;
    private byte[] _sessionKey = [];
    private bool _serverMicVerified;
    private bool _disposed;

    public KerberosSpnegoAuthenticator(IKerberosContext context, KerberosLogon logon)
    {
        _context = context;
        _logon = logon;
    }

    private enum Stage
    {
        Initial,
        InitSent,
        Completed,
    }

    public bool IsAnonymous => false;

    public ReadOnlySpan<byte> SessionKey => _sessionKey;

    public byte[] GetInitialToken()
    {
        ThrowIfDisposed();
        Expect(Stage.Initial);
        byte[] apReq = _context.Step([]);
        _stage = Stage.InitSent;
        return SpnegoTokens.EncodeNegTokenInit(MechTypes, apReq);
    }

    public byte[] ProcessChallenge(ReadOnlySpan<byte> serverToken)
    {
        ThrowIfDisposed();
        Expect(Stage.InitSent);
        var response = Decode(serverToken);
        byte[] next = response.ResponseToken is { Length: > 0 } token && !_context.IsEstablished ? _context.Step(token) : [];
        byte[]? mic = null;
        if (_context.IsEstablished)
        {
            VerifyServerMic(response.MechListMic);
            // The server continues although the context is complete: it wants our mechListMIC (RFC 4178 section 5).
            mic = _context.GetMic(_mechTypeList);
        }
        return SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(NegState: null, SupportedMech: null,
            next.Length > 0 ? next : null, mic));
    }

    public void ProcessFinalToken(ReadOnlySpan<byte> serverToken)
    {
        ThrowIfDisposed();
        Expect(Stage.InitSent);
        if (!serverToken.IsEmpty)
        {
            var response = Decode(serverToken);
            if (response.NegState is { } state && state != SpnegoNegState.AcceptCompleted)
                throw Fail(KerberosFailure.MutualAuthenticationFailed, $"SPNEGO final negState is {state}, expected AcceptCompleted");
            if (response.ResponseToken is { Length: > 0 } apRep && !_context.IsEstablished)
            {
                if (_context.Step(apRep).Length > 0)
                    throw Fail(KerberosFailure.MutualAuthenticationFailed, "the server ended the logon while Kerberos had more to say");
            }
            if (_context.IsEstablished) VerifyServerMic(response.MechListMic);
        }
        // Mutual authentication is required: a server that sends no AP-REP has not shown that it holds the key.
        if (!_context.IsEstablished)
            throw Fail(KerberosFailure.MutualAuthenticationFailed, "the server sent no Kerberos reply (AP-REP)");
        byte[] key = _context.GetSessionKey();
        if (key.Length < SmbSessionKeyLength)
            throw Fail(KerberosFailure.Other, $"the Kerberos session key has {key.Length} bytes, fewer than SMB's {SmbSessionKeyLength}");
        _sessionKey = key[..SmbSessionKeyLength];
        Array.Clear(key);
        _stage = Stage.Completed;
    }

    /// <summary>The server refused the SESSION_SETUP that carried our ticket; its status says how.</summary>
    public SmbKerberosException Refused(SmbStatusException e) =>
        new(KerberosFailure.ServerRefused, _logon.Where, _context.Principal, _logon.ServicePrincipal, _context.Realm, e.Status.Name(), e);

    public void Dispose()
    {
        if (_disposed) return;
        Array.Clear(_sessionKey);
        _context.Dispose();
        _disposed = true;
    }

    public override string ToString() => $"Kerberos/SPNEGO as {_context.Principal} to {_logon.ServicePrincipal}";

    private SpnegoNegTokenResp Decode(ReadOnlySpan<byte> serverToken)
    {
        var response = SpnegoTokens.DecodeNegTokenResp(serverToken);
        if (response.NegState == SpnegoNegState.Reject)
            throw Fail(KerberosFailure.ServerRefused, "the server rejected the Kerberos ticket (SPNEGO negState reject)");
        if (response.SupportedMech is { } mech && mech != SpnegoOids.MicrosoftKerberos5 && mech != SpnegoOids.Kerberos5)
            throw Fail(KerberosFailure.ServerRefused, $"the server chose mechanism {mech} instead of Kerberos");
        return response;
    }

    private void VerifyServerMic(byte[]? mic)
    {
        if (mic is null || _serverMicVerified) return;
        if (!_context.VerifyMic(_mechTypeList, mic))
            throw Fail(KerberosFailure.MutualAuthenticationFailed, "the server's SPNEGO mechListMIC does not verify (tampering?)");
        _serverMicVerified = true;
    }

    private SmbKerberosException Fail(KerberosFailure failure, string detail) =>
        new(failure, _logon.Where, _context.Principal, _logon.ServicePrincipal, _context.Realm, detail);

    private void Expect(Stage stage)
    {
        if (_stage != stage)
            throw new InvalidOperationException($"{this}: call out of order (at {_stage}, needs {stage})");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
