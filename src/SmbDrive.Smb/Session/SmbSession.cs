using Serilog;
using SmbDrive.Smb.Connection;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Security;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Session;

/// <summary>An authenticated SMB2 session (MS-SMB2 3.2.4.2.3, 3.2.5.3): SPNEGO exchange (Kerberos or NTLMv2), the guest
/// and anonymous rules, and the keys that sign or encrypt the session's messages.</summary>
internal sealed class SmbSession
{
    private readonly SmbConnection _connection;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _reauthLock = new(1, 1);
    private SmbCredentials? _credentials;
    private SmbClientOptions? _options;
    private string _where = "";
    private int _generation;
    private SmbLogonMechanism _mechanism;

    private SmbSession(SmbConnection connection, ulong sessionId, bool isGuest, bool isAnonymous, SmbLogonKind kind, ILogger log)
    {
        _connection = connection;
        SessionId = sessionId;
        IsGuest = isGuest;
        IsAnonymous = isAnonymous;
        Kind = kind;
        _log = log;
    }

    public ulong SessionId { get; }
    public bool IsGuest { get; }
    public bool IsAnonymous { get; }
    public SmbLogonKind Kind { get; }
    public SessionSecurity? Security => _connection.Security;

    /// <summary>Logs on with the mechanisms <see cref="SmbLogonPlan"/> chooses, in order: Kerberos first, and with
    /// Smb:Authentication=Negotiate NTLMv2 after a Kerberos failure.</summary>
    public static async Task<SmbSession> EstablishAsync(SmbConnection connection, SmbCredentials credentials, SmbClientOptions options,
        string where, ILogger log, CancellationToken cancellationToken)
    {
        var negotiated = connection.Negotiated ?? throw new InvalidOperationException("negotiate first");
        var mechanisms = SmbLogonPlan.Choose(options, credentials, negotiated.SecurityBuffer, connection.Host, where);
        for (int i = 0; ; i++)
        {
            try
            {
                return await EstablishAsync(mechanisms[i], connection, credentials, options, where, log, cancellationToken).ConfigureAwait(false);
            }
            catch (SmbKerberosException e) when (i + 1 < mechanisms.Count)
            {
                log.Warning("{Where}: Kerberos logon failed, falling back to NTLM: {Reason}", where, e.Message);
            }
        }
    }

    private static async Task<SmbSession> EstablishAsync(SmbLogonMechanism mechanism, SmbConnection connection, SmbCredentials credentials,
        SmbClientOptions options, string where, ILogger log, CancellationToken cancellationToken)
    {
        var negotiated = connection.Negotiated ?? throw new InvalidOperationException("negotiate first");
        var dialect = connection.Dialect;
        byte securityMode = (byte)(NegotiateRequest.SigningEnabled | (options.RequireSigning ? NegotiateRequest.SigningRequired : 0));
        var preauth = connection.PreauthHash?.Clone();
        using ISmbAuthenticator auth = SmbLogonPlan.Create(mechanism, credentials, connection.Host, options, where);
        using var response = await ExchangeAsync(connection, auth, securityMode, 0, preauth, $"{where} (logon as {credentials})", cancellationToken).ConfigureAwait(false);
        ulong sessionId = response.Header.SessionId;
        var setup = SessionSetupResponse.Parse(response.Message);
        auth.ProcessFinalToken(setup.SecurityBuffer);
        bool isGuest = (setup.SessionFlags & SessionSetupResponse.IsGuest) != 0;
        bool isNull = (setup.SessionFlags & SessionSetupResponse.IsNull) != 0 || auth.IsAnonymous;
        if (isGuest && credentials.Kind == SmbLogonKind.User && !options.AllowGuest)
        {
            await TryLogoffAsync(connection, sessionId).ConfigureAwait(false);
            throw new SmbException($"{where}: the server logged {credentials} on as guest (wrong user name?); refusing a guest session that was not asked for (set Smb:AllowGuest=true to accept it)");
        }

        var session = new SmbSession(connection, sessionId, isGuest, isNull, credentials.Kind, log)
        {
            _credentials = credentials,
            _options = options,
            _where = where,
            _mechanism = mechanism,
        };
        bool hasKey = !isGuest && !isNull && auth.SessionKey.Length > 0;
        session.InstallSecurity(options, negotiated, dialect, setup.SessionFlags, auth.SessionKey, preauth, hasKey, where);
        if (hasKey && response.Header.IsSigned && connection.Security?.Signer is { } signer)
        {
            // The final SESSION_SETUP response is signed with the new key (MS-SMB2 3.2.5.3.1): the proof that
            // nobody in the middle altered the negotiation.
            byte[] copy = response.Message.ToArray();
            if (!signer.Verify(copy))
                throw new SmbProtocolException($"{where}: STATUS_INVALID_SIGNATURE: the session setup response is not signed by the server we authenticated to (tampering or downgrade)");
        }
        else if (hasKey && dialect >= SmbDialect.Smb311 && !response.Header.IsSigned && !response.WasEncrypted)
        {
            throw new SmbProtocolException($"{where}: SMB 3.1.1 session setup response without a signature (possible downgrade)");
        }
        log.Debug("Session {SessionId:X} on {Endpoint}: {Kind}{Guest} by {Mechanism} ({Authenticator}), dialect {Dialect}, signing {Signing}, encryption {Encryption}",
            sessionId, connection.Endpoint, credentials.Kind, isGuest ? " (guest)" : "", mechanism, auth.ToString(), dialect.ToDisplay(),
            connection.Security?.SignRequests, connection.Security?.EncryptAll);
        return session;
    }

    /// <summary>SESSION_SETUP legs until the server stops saying STATUS_MORE_PROCESSING_REQUIRED (MS-SMB2
    /// 3.2.4.2.3). Every request and every intermediate response goes into the pre-auth hash. Returns the final
    /// successful response, which the caller disposes; any other status is thrown.</summary>
    private static async Task<Connection.SmbResponse> ExchangeAsync(SmbConnection connection, ISmbAuthenticator auth, byte securityMode,
        ulong sessionId, PreauthIntegrityHash? preauth, string what, CancellationToken cancellationToken)
    {
        byte[] token = auth.GetInitialToken();
        while (true)
        {
            var response = await connection.SendAsync(new SessionSetupRequest(token, securityMode), 0, cancellationToken,
                onEncoded: m => preauth?.Update(m), sessionId: sessionId).ConfigureAwait(false);
            sessionId = response.Header.SessionId;
            if (response.Status == NtStatus.STATUS_SUCCESS) return response;
            using (response)
            {
                if (response.Status != NtStatus.STATUS_MORE_PROCESSING_REQUIRED)
                {
                    var refusal = new SmbStatusException(response.Status, what);
                    // A refused ticket is told as a Kerberos error, naming principal, SPN and realm.
                    if (auth is KerberosSpnegoAuthenticator kerberos) throw kerberos.Refused(refusal);
                    throw refusal;
                }
                preauth?.Update(response.Message);
                token = auth.ProcessChallenge(SessionSetupResponse.Parse(response.Message).SecurityBuffer);
            }
        }
    }

    private void InstallSecurity(SmbClientOptions options, NegotiateResponse negotiated, SmbDialect dialect, ushort sessionFlags,
        ReadOnlySpan<byte> sessionKey, PreauthIntegrityHash? preauth, bool hasKey, string where)
    {
        var cipher = EncryptionCipher.None;
        if (dialect == SmbDialect.Smb311) cipher = (EncryptionCipher)(negotiated.Cipher ?? 0);
        else if (dialect.IsSmb3() && (negotiated.Capabilities & SmbCapabilities.Encryption) != 0) cipher = EncryptionCipher.Aes128Ccm;

        bool encryptAll = options.RequireEncryption || (sessionFlags & SessionSetupResponse.EncryptData) != 0;
        if (encryptAll && (!hasKey || cipher == EncryptionCipher.None))
        {
            throw new SmbException(!hasKey
                ? $"{where}: encryption is required but a guest or anonymous session has no key to encrypt with"
                : $"{where}: encryption is required but the server negotiated SMB {dialect.ToDisplay()} without encryption");
        }
        if (!hasKey)
        {
            _connection.Security = new SessionSecurity { SessionId = SessionId };
            if (negotiated.SigningRequired)
                _log.Warning("{Where}: the server requires signing, which a guest or anonymous session cannot do; requests may be refused", where);
            return;
        }

        bool signingRequired = options.RequireSigning || negotiated.SigningRequired;
        if (!options.RequireSigning)
            _log.Warning("{Where}: Smb:RequireSigning is off; responses that the server does not sign are accepted unverified", where);

        using var keys = SmbKeyDerivation.Derive((ushort)dialect, sessionKey, preauth is null ? default : preauth.Value, cipher);
        var algorithm = dialect switch
        {
            < SmbDialect.Smb300 => SigningAlgorithm.HmacSha256,
            SmbDialect.Smb311 => (SigningAlgorithm)(negotiated.SigningAlgorithm ?? (ushort)SigningAlgorithm.AesCmac),
            _ => SigningAlgorithm.AesCmac,
        };
        _connection.Security = new SessionSecurity
        {
            SessionId = SessionId,
            Signer = SmbSigner.Create(algorithm, keys.SigningKey),
            Cipher = cipher == EncryptionCipher.None ? null : new TransformCipher(cipher, keys.EncryptionKey, keys.DecryptionKey),
            SignRequests = signingRequired,
            RequireSignedResponses = signingRequired,
            EncryptAll = encryptAll,
        };
    }

    /// <summary>Re-authentication generation: callers remember it before a request so that many requests
    /// failing with STATUS_NETWORK_SESSION_EXPIRED at once cause one re-authentication, not many.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Runs SESSION_SETUP again on the same SessionId (MS-SMB2 3.2.4.2.3, re-authentication) after the
    /// server said STATUS_NETWORK_SESSION_EXPIRED. The session keys stay as they are.</summary>
    public async Task ReauthenticateAsync(int seenGeneration, CancellationToken cancellationToken)
    {
        await _reauthLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Generation != seenGeneration) return; // somebody else already did it
            _log.Warning("{Where}: session expired; authenticating again", _where);
            var options = _options!;
            byte securityMode = (byte)(NegotiateRequest.SigningEnabled | (options.RequireSigning ? NegotiateRequest.SigningRequired : 0));
            // The mechanism that logged on does it again: Kerberos gets a fresh ticket from the cache (kinit -R or a
            // new kinit renewed it) or, with a password, from the KDC.
            using ISmbAuthenticator auth = SmbLogonPlan.Create(_mechanism, _credentials!, _connection.Host, options, _where);
            using var response = await ExchangeAsync(_connection, auth, securityMode, SessionId, null,
                $"{_where} (re-authentication as {_credentials})", cancellationToken).ConfigureAwait(false);
            auth.ProcessFinalToken(SessionSetupResponse.Parse(response.Message).SecurityBuffer);
            Interlocked.Increment(ref _generation);
        }
        finally
        {
            _reauthLock.Release();
        }
    }

    /// <summary>A share that says "encrypt data" (SMB2_SHAREFLAG_ENCRYPT_DATA) turns encryption on for the session.</summary>
    public void RequireEncryption(string where)
    {
        var security = _connection.Security;
        if (security?.Cipher is null)
            throw new SmbException($"{where}: the share requires encryption, which this session cannot do (dialect {_connection.Dialect.ToDisplay()}, {(IsGuest || IsAnonymous ? "no session key" : "no cipher negotiated")})");
        security.EncryptAll = true;
    }

    public async Task LogoffAsync()
    {
        if (!_connection.IsBroken) await TryLogoffAsync(_connection, SessionId).ConfigureAwait(false);
    }

    private static async Task TryLogoffAsync(SmbConnection connection, ulong sessionId)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var _ = await connection.SendAsync(EmptyRequest.Logoff, 0, cts.Token, sessionId: sessionId).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmbException or OperationCanceledException)
        {
            // Best effort: the connection closes next anyway.
        }
    }
}
