using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Connection;

/// <summary>What the connection must do to the messages of the one session it carries: sign, verify,
/// encrypt, decrypt. Set by the session once its keys exist.</summary>
internal sealed class SessionSecurity : IDisposable
{
    public required ulong SessionId { get; init; }
    public SmbSigner? Signer { get; init; }
    public TransformCipher? Cipher { get; init; }

    /// <summary>Sign every request that is not encrypted.</summary>
    public bool SignRequests { get; init; }

    /// <summary>Refuse any response that is neither signed nor encrypted.</summary>
    public bool RequireSignedResponses { get; init; }

    /// <summary>Encrypt every request and refuse unencrypted responses. Turned on by the session flag, by
    /// a share that demands it, or by the user's setting.</summary>
    public volatile bool EncryptAll;

    public void Dispose()
    {
        Signer?.Dispose();
        Cipher?.Dispose();
    }
}
