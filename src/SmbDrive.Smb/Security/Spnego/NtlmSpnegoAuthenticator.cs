using SmbDrive.Smb.Security.Ntlm;
using SmbDrive.Smb.Security.Spnego;

namespace SmbDrive.Smb.Security;

/// <summary>NTLMv2 wrapped in SPNEGO (RFC 4178, MS-SPNG) as SMB2 SESSION_SETUP carries it: NegTokenInit with the
/// NEGOTIATE_MESSAGE, NegTokenResp with the AUTHENTICATE_MESSAGE and a mechListMIC, then the server's final
/// NegTokenResp whose mechListMIC is verified. NTLM is the only mechanism offered.</summary>
internal sealed class NtlmSpnegoAuthenticator : ISmbAuthenticator
{
    private const int SmbSessionKeyLength = 16;
    private static readonly IReadOnlyList<string> MechTypes = [SpnegoOids.Ntlmssp];

    private readonly NtlmClient _ntlm;
    private readonly string _description;
    private readonly byte[] _mechTypeList = SpnegoTokens.EncodeMechTypeList(MechTypes);
    private Stage _stage = Stage.Initial;
    private bool _disposed;

    /// <param name="credentials">Who to log on as; Kind selects user, guest or anonymous.</param>
    /// <param name="targetHost">Server host name as the user typed it; MsvAvTargetName becomes "cifs/&lt;host&gt;".</param>
    /// <param name="workstation">This machine's name for AUTHENTICATE_MESSAGE.Workstation.</param>
    public NtlmSpnegoAuthenticator(SmbCredentials credentials, string targetHost, string workstation)
        : this(new NtlmClient(credentials, targetHost, workstation), credentials, targetHost)
    {
    }

    /// <summary>Test seam: see <see cref="NtlmClient"/> for how <paramref name="randomBytes"/> and <paramref name="clock"/> are used.</summary>
    internal NtlmSpnegoAuthenticator(SmbCredentials credentials, string targetHost, string workstation, Func<int, byte[]> randomBytes, Func<DateTime> clock)
        : this(new NtlmClient(credentials, targetHost, workstation, randomBytes, clock), credentials, targetHost)
    {
    }

    private NtlmSpnegoAuthenticator(NtlmClient ntlm, SmbCredentials credentials, string targetHost)
    {
        _ntlm = ntlm;
        _description = $"NTLM/SPNEGO for {credentials} to {targetHost}";
    }

    private enum Stage
    {
        Initial,
        NegotiateSent,
        AuthenticateSent,
        Completed,
    }

    public bool IsAnonymous => _ntlm.IsAnonymous;

    public ReadOnlySpan<byte> SessionKey
    {
        get
        {
            var key = _ntlm.ExportedSessionKey;
            return key.Length > SmbSessionKeyLength ? key[..SmbSessionKeyLength] : key;
        }
    }

    public byte[] GetInitialToken()
    {
        ThrowIfDisposed();
        Expect(Stage.Initial);
        byte[] negotiate = _ntlm.CreateNegotiateMessage();
        _stage = Stage.NegotiateSent;
        return SpnegoTokens.EncodeNegTokenInit(MechTypes, negotiate);
    }

    public byte[] ProcessChallenge(ReadOnlySpan<byte> serverToken)
    {
        ThrowIfDisposed();
        Expect(Stage.NegotiateSent);
        var response = SpnegoTokens.DecodeNegTokenResp(serverToken);
        // On STATUS_MORE_PROCESSING_REQUIRED only "continue" states make sense; request-mic is a continue state too.
        if (response.NegState is SpnegoNegState.Reject or SpnegoNegState.AcceptCompleted)
            throw new SmbProtocolException($"SPNEGO: server answered NTLM NEGOTIATE with negState {response.NegState}");
        if (response.SupportedMech is not null && response.SupportedMech != SpnegoOids.Ntlmssp)
            throw new SmbProtocolException($"SPNEGO: server selected mechanism {response.SupportedMech}, only NTLM was offered");
        if (response.ResponseToken is not { Length: > 0 } challenge)
            throw new SmbProtocolException("SPNEGO: NegTokenResp carries no NTLM CHALLENGE message");

        byte[] authenticate = _ntlm.CreateAuthenticateMessage(challenge);
        // Anonymous has no key to sign with, and servers do not expect a mechListMIC from it.
        byte[]? mechListMic = IsAnonymous ? null : _ntlm.Sign(_mechTypeList, seqNum: 0);
        _stage = Stage.AuthenticateSent;
        return SpnegoTokens.EncodeNegTokenResp(new SpnegoNegTokenResp(NegState: null, SupportedMech: null, authenticate, mechListMic));
    }

    public void ProcessFinalToken(ReadOnlySpan<byte> serverToken)
    {
        ThrowIfDisposed();
        Expect(Stage.AuthenticateSent);
        if (!serverToken.IsEmpty)
        {
            var response = SpnegoTokens.DecodeNegTokenResp(serverToken);
            if (response.NegState is { } state && state != SpnegoNegState.AcceptCompleted)
                throw new SmbProtocolException($"SPNEGO: final negState is {state}, expected AcceptCompleted");
            // An anonymous session has no key to check a MIC with; a server that sends one anyway gains nothing from it.
            if (response.MechListMic is { } mic && !IsAnonymous && !_ntlm.Verify(_mechTypeList, mic, seqNum: 0))
                throw new SmbProtocolException("SPNEGO: the server's mechListMIC does not verify");
        }
        _stage = Stage.Completed;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _ntlm.Dispose();
        _disposed = true;
    }

    public override string ToString() => _description;

    private void Expect(Stage stage)
    {
        if (_stage != stage)
            throw new InvalidOperationException($"{_description}: call out of order (at {_stage}, needs {stage})");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
