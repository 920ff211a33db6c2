namespace SmbDrive.Smb.Security.Kerberos;

/// <summary>One Kerberos (GSS-API krb5 mechanism) initiator context, as the platform's library runs it: GSSAPI on
/// Linux, SSPI on Windows. It produces the raw krb5 tokens SPNEGO carries and, once established, the session
/// key SMB signing and encryption derive from. Failures throw <see cref="SmbKerberosException"/>.</summary>
internal interface IKerberosContext : IDisposable
{
    /// <summary>The client principal the credentials belong to (such as <c>alice@CORP.EXAMPLE</c>), once known.</summary>
    string Principal { get; }

    /// <summary>The realm of <see cref="Principal"/>, or a description when unknown.</summary>
    string Realm { get; }

    /// <summary>True once the server's AP-REP has been verified (mutual authentication done).</summary>
    bool IsEstablished { get; }

    /// <summary>Feeds the server's token (empty for the first call) and returns the next token to send, which may
    /// be empty when nothing needs sending.</summary>
    byte[] Step(ReadOnlySpan<byte> serverToken);

    /// <summary>The Kerberos session key (the acceptor subkey when the server sent one): GSS_C_INQ_SSPI_SESSION_KEY
    /// on Linux, SECPKG_ATTR_SESSION_KEY on Windows. Only after <see cref="IsEstablished"/>.</summary>
    byte[] GetSessionKey();

    /// <summary>gss_get_mic / MakeSignature over <paramref name="message"/>: SPNEGO's mechListMIC.</summary>
    byte[] GetMic(ReadOnlySpan<byte> message);

    /// <summary>gss_verify_mic / VerifySignature; false when the MIC does not match.</summary>
    bool VerifyMic(ReadOnlySpan<byte> message, ReadOnlySpan<byte> mic);
}
