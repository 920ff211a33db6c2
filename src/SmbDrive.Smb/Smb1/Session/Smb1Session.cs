using Serilog;
using SmbDrive.Smb.Security;
using SmbDrive.Smb.Smb1.Connection;
using SmbDrive.Smb.Smb1.Protocol;
using SmbDrive.Smb.Smb1.Protocol.Messages;

namespace SmbDrive.Smb.Smb1.Session;

/// <summary>An SMB1 session set up with extended security (MS-SMB 3.2.4.2.4, 3.2.5.3): the same SPNEGO/NTLMv2
/// tokens as SMB2 in SESSION_SETUP_ANDX, then MAC signing with the session key when either side wants it.</summary>
internal sealed class Smb1Session
{
    private readonly Smb1Connection _connection;

    private Smb1Session(Smb1Connection connection, ushort uid, bool isGuest, bool isAnonymous)
    {
        _connection = connection;
        Uid = uid;
        IsGuest = isGuest;
        IsAnonymous = isAnonymous;
    }

    public ushort Uid { get; }
    public bool IsGuest { get; }
    public bool IsAnonymous { get; }
    public bool IsSigning => _connection.IsSigning;

    public static async Task<Smb1Session> EstablishAsync(Smb1Connection connection, SmbCredentials credentials, SmbClientOptions options,
        Smb1Tuning tuning, string where, ILogger log, CancellationToken cancellationToken)
    {
        var negotiated = connection.Negotiated ?? throw new InvalidOperationException("negotiate first");
        // Sign when the server enables or requires it, or when we require it: Samba then signs even when its own
        // configuration does not offer SMB1 signing (it honours SMB_FLAGS2_SMB_SECURITY_SIGNATURE_REQUIRED).
        bool wantSigning = options.RequireSigning || negotiated.SigningEnabled;
        connection.SigningNegotiationFlags = wantSigning
            ? Smb1Flags2.SecuritySignature | (options.RequireSigning ? Smb1Flags2.SecuritySignatureRequired : Smb1Flags2.None)
            : Smb1Flags2.None;
        var capabilities = ClientCapabilities(connection) & negotiated.Capabilities;

        // SMB1 logons here are NTLM only: Kerberos required, or a ticket without a password, cannot be honoured.
        if (credentials.Kind == SmbLogonKind.User && (options.Authentication == SmbAuthentication.Kerberos || credentials.UsesOwnCredentials))
            throw SmbLogonPlan.Smb1WithoutKerberos(credentials, connection.Host, options, where);
        using ISmbAuthenticator auth = new NtlmSpnegoAuthenticator(credentials, connection.Host, options.Workstation);
        byte[] token = auth.GetInitialToken();
        while (true)
        {
            using var response = await connection.SendAsync(
                new SessionSetupAndXRequest(token, tuning.ClientMaxBufferSize, (ushort)connection.MaxMpxCount, negotiated.SessionKey, capabilities),
                0, cancellationToken).ConfigureAwait(false);
            if (response.Status == NtStatus.STATUS_MORE_PROCESSING_REQUIRED)
            {
                // The server names the session in its first answer; the rest of the exchange must carry that UID.
                connection.Uid = response.Header.Uid;
                token = auth.ProcessChallenge(SessionSetupAndXResponse.Parse(response.Message).SecurityBlob);
                continue;
            }
            if (response.Status != NtStatus.STATUS_SUCCESS)
                throw new SmbStatusException(response.Status, $"{where} (logon as {credentials})");

            connection.Uid = response.Header.Uid;
            var setup = SessionSetupAndXResponse.Parse(response.Message);
            auth.ProcessFinalToken(setup.SecurityBlob);
            bool isNull = auth.IsAnonymous;
            var session = new Smb1Session(connection, response.Header.Uid, setup.IsGuest, isNull);
            if (setup.IsGuest && credentials.Kind == SmbLogonKind.User && !options.AllowGuest)
            {
                await session.LogoffAsync().ConfigureAwait(false);
                throw new SmbException($"{where}: the server logged {credentials} on as guest (wrong user name?); refusing a guest session that was not asked for (set Smb:AllowGuest=true to accept it)");
            }

            bool hasKey = !setup.IsGuest && !isNull && auth.SessionKey.Length > 0;
            connection.SigningNegotiationFlags = Smb1Flags2.None;
            if (hasKey && wantSigning && !connection.TryActivateSigning(auth.SessionKey, response.Message))
            {
                if (negotiated.SigningRequired)
                    throw new SmbProtocolException($"{where}: STATUS_INVALID_SIGNATURE: the server requires signing but its session setup response is not signed with our session key (tampering?)");
                if (options.RequireSigning)
                {
                    await session.LogoffAsync().ConfigureAwait(false);
                    throw new SmbException($"{where}: the SMB1 server does not sign its messages; set Smb:RequireSigning=false to connect without signing");
                }
            }
            if (!hasKey && negotiated.SigningRequired)
                log.Warning("{Where}: the server requires signing, which a guest or anonymous session cannot do; requests may be refused", where);
            if (!connection.IsSigning)
                log.Warning("{Where}: SMB1 session without signing; responses are accepted unverified", where);
            log.Debug("SMB1 session {Uid} on {Endpoint}: {Kind}{Guest}, signing {Signing}, Unicode {Unicode}, NT status {NtStatus}",
                session.Uid, connection.Endpoint, credentials.Kind, setup.IsGuest ? " (guest)" : "", connection.IsSigning,
                connection.Strings.IsUnicode, connection.UsesNtStatus);
            return session;
        }
    }

    /// <summary>What we can do; the server's capabilities narrow it (MS-CIFS 2.2.4.53.1). CAP_LARGE_WRITEX must be
    /// among them for the server to take WRITE_ANDX larger than its MaxBufferSize (MS-SMB 3.3.5.8).</summary>
    private static Smb1Capabilities ClientCapabilities(Smb1Connection connection)
    {
        var caps = Smb1Capabilities.LargeFiles | Smb1Capabilities.NtSmbs | Smb1Capabilities.NtFind |
                   Smb1Capabilities.LargeReadX | Smb1Capabilities.LargeWriteX | Smb1Capabilities.ExtendedSecurity;
        if (connection.Strings.IsUnicode) caps |= Smb1Capabilities.Unicode;
        if (connection.UsesNtStatus) caps |= Smb1Capabilities.Status32;
        return caps;
    }

    /// <summary>LOGOFF_ANDX, best effort: the connection closes next anyway.</summary>
    public async Task LogoffAsync()
    {
        if (_connection.IsBroken) return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var _ = await _connection.SendAsync(Smb1SimpleRequest.LogoffAndX(), 0, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SmbException or OperationCanceledException)
        {
        }
    }
}
