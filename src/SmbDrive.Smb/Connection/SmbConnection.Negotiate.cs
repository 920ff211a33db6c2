using System.Security.Cryptography;
using SmbDrive.Smb.Protocol;
using SmbDrive.Smb.Protocol.Messages;
using SmbDrive.Smb.Security.Crypto;

namespace SmbDrive.Smb.Connection;

internal sealed partial class SmbConnection
{
    private NegotiateRequest? _negotiateRequest;

    /// <summary>SHA-512 over NEGOTIATE request and response (3.1.1); sessions start their own hash from it.</summary>
    public PreauthIntegrityHash? PreauthHash { get; private set; }

    /// <summary>What we offered, for FSCTL_VALIDATE_NEGOTIATE_INFO.</summary>
    public NegotiateRequest NegotiateRequest => _negotiateRequest ?? throw new InvalidOperationException("not negotiated");

    public async Task NegotiateAsync(CancellationToken cancellationToken)
    {
        SmbDialect min = Options.MinDialectValue, max = Options.MaxDialectValue;
        if (min > max) throw new SmbException($"Smb:MinDialect {min.ToDisplay()} is above Smb:MaxDialect {max.ToDisplay()}");
        var dialects = SmbDialects.All.Where(d => d >= min && d <= max).ToArray();
        var request = new NegotiateRequest
        {
            Dialects = dialects,
            SecurityMode = (ushort)(NegotiateRequest.SigningEnabled | (Options.RequireSigning ? NegotiateRequest.SigningRequired : 0)),
            Capabilities = max >= SmbDialect.Smb210 ? SmbCapabilities.LargeMtu | SmbCapabilities.Encryption : SmbCapabilities.None,
            ClientGuid = Guid.NewGuid(),
            Salt = RandomNumberGenerator.GetBytes(32),
            // GCM and GMAC first: AES-NI makes them the cheapest per byte (smb-notes §0.4).
            Ciphers = [(ushort)EncryptionCipher.Aes128Gcm, (ushort)EncryptionCipher.Aes128Ccm, (ushort)EncryptionCipher.Aes256Gcm, (ushort)EncryptionCipher.Aes256Ccm],
            SigningAlgorithms = [(ushort)SigningAlgorithm.AesGmac, (ushort)SigningAlgorithm.AesCmac, (ushort)SigningAlgorithm.HmacSha256],
        };
        _negotiateRequest = request;
        var hash = new PreauthIntegrityHash();
        using var response = await SendAsync(request, 0, cancellationToken, onEncoded: m => hash.Update(m), sessionId: 0).ConfigureAwait(false);
        if (response.Status != NtStatus.STATUS_SUCCESS)
            throw new SmbStatusException(response.Status, $@"\\{Endpoint} (negotiate)");
        var negotiated = NegotiateResponse.Parse(response.Message);
        var dialect = (SmbDialect)negotiated.DialectRevision;
        if (!dialects.Contains(dialect))
        {
            throw negotiated.DialectRevision == 0x02FF
                ? new SmbException($@"\\{Endpoint}: the server answered with the SMB2 wildcard dialect; it needs an SMB1 multi-protocol negotiate")
                : new SmbProtocolException($@"\\{Endpoint}: the server chose dialect 0x{negotiated.DialectRevision:X4}, which we did not offer");
        }
        if (dialect == SmbDialect.Smb311)
        {
            if (negotiated.PreauthHashAlgorithm != NegotiateRequest.HashSha512)
                throw new SmbProtocolException($@"\\{Endpoint}: SMB 3.1.1 without the SHA-512 pre-authentication integrity context");
            hash.Update(response.Message);
            PreauthHash = hash;
        }
        Negotiated = negotiated;
        Dialect = dialect;
        Log.Debug("Negotiated SMB {Dialect} with {Endpoint}: MaxRead {MaxRead}, MaxTransact {MaxTransact}, capabilities {Caps}, server {Guid}, cipher {Cipher}, signing {Signing}",
            dialect.ToDisplay(), Endpoint, negotiated.MaxReadSize, negotiated.MaxTransactSize, negotiated.Capabilities, negotiated.ServerGuid,
            negotiated.Cipher, negotiated.SigningAlgorithm);
    }
}
