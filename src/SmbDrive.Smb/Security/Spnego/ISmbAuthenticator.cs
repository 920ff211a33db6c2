namespace SmbDrive.Smb.Security;

/// <summary>One SESSION_SETUP authentication exchange (MS-SMB2 3.2.5.3): produces the security buffers the client
/// sends and consumes the ones the server returns, then yields the session key SMB signing and encryption derive
/// from. One instance per session setup; not thread-safe.</summary>
internal interface ISmbAuthenticator : IDisposable
{
    /// <summary>SPNEGO NegTokenInit (GSS-API framed) carrying the mechanism's first token: the NTLM
    /// NEGOTIATE_MESSAGE, or the Kerberos AP-REQ.</summary>
    byte[] GetInitialToken();

    /// <summary>Given the server's security buffer from a SESSION_SETUP response with STATUS_MORE_PROCESSING_REQUIRED
    /// (for NTLM a NegTokenResp carrying the CHALLENGE_MESSAGE), returns the next NegTokenResp (for NTLM the
    /// AUTHENTICATE_MESSAGE and the SPNEGO mechListMIC).</summary>
    /// <exception cref="SmbProtocolException">Malformed input; the message holds no secret.</exception>
    byte[] ProcessChallenge(ReadOnlySpan<byte> serverToken);

    /// <summary>Checks the server's final token (SESSION_SETUP SUCCESS): empty is accepted; otherwise a NegTokenResp
    /// with negState accept-completed whose mechListMIC, if any, must verify.</summary>
    /// <exception cref="SmbProtocolException">Malformed token, rejection, or a mechListMIC that does not verify.</exception>
    void ProcessFinalToken(ReadOnlySpan<byte> serverToken);

    /// <summary>The SMB session key (first 16 bytes of NTLM's ExportedSessionKey or of the Kerberos session key),
    /// known after ProcessChallenge for NTLM and after ProcessFinalToken for Kerberos; empty for anonymous.</summary>
    ReadOnlySpan<byte> SessionKey { get; }

    bool IsAnonymous { get; }
}
