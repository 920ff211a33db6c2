using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>The client side of one NTLMv2 exchange (MS-NLMP 3.1.5): builds NEGOTIATE, turns the server's CHALLENGE
/// into AUTHENTICATE (with MIC, and key exchange when the server offers it), and afterwards signs and verifies with
/// the derived keys. One instance per session setup; not thread-safe.</summary>
internal sealed class NtlmClient : IDisposable
{
    /// <summary>What SmbDrive asks for (MS-NLMP 2.2.2.5). SEAL is left out: SMB never uses NTLM sealing.</summary>
    public const NtlmNegotiateFlags ClientFlags =
        NtlmNegotiateFlags.Unicode | NtlmNegotiateFlags.RequestTarget | NtlmNegotiateFlags.Sign | NtlmNegotiateFlags.Ntlm |
        NtlmNegotiateFlags.AlwaysSign | NtlmNegotiateFlags.ExtendedSessionSecurity | NtlmNegotiateFlags.TargetInfo |
        NtlmNegotiateFlags.Version | NtlmNegotiateFlags.Negotiate128 | NtlmNegotiateFlags.KeyExchange | NtlmNegotiateFlags.Negotiate56;

    /// <summary>MsvAvFlags bit 0x2: the AUTHENTICATE message carries a MIC (2.2.2.1).</summary>
    private const uint AvFlagMicPresent = 0x00000002;

    private const int ChannelBindingsLength = 16;
    private const int LmV2ResponseLength = 24;

    private readonly SmbCredentials _credentials;
    private readonly string _targetHost;
    private readonly string _workstation;
    private readonly Func<int, byte[]> _randomBytes;
    private readonly Func<DateTime> _clock;
    private byte[]? _negotiateMessage;
    private byte[] _exportedSessionKey = [];
    private bool _authenticated;
    private bool _disposed;

    public NtlmClient(SmbCredentials credentials, string targetHost, string workstation)
        : this(credentials, targetHost, workstation, RandomNumberGenerator.GetBytes, () => DateTime.UtcNow)
    {
    }

    /// <summary>Test seam. <paramref name="randomBytes"/> (which must return a fresh array; the client owns and later
    /// zeroes it) is asked first for the 8-byte client challenge and then,
    /// when key exchange is negotiated, for the 16-byte ExportedSessionKey; <paramref name="clock"/> gives the NTLMv2
    /// timestamp when the server sends none.</summary>
    internal NtlmClient(SmbCredentials credentials, string targetHost, string workstation, Func<int, byte[]> randomBytes, Func<DateTime> clock)
    {
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _targetHost = targetHost ?? throw new ArgumentNullException(nameof(targetHost));
        _workstation = workstation ?? "";
        _randomBytes = randomBytes ?? throw new ArgumentNullException(nameof(randomBytes));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    public bool IsAnonymous => _credentials.Kind == SmbLogonKind.Anonymous;

    /// <summary>The flags sent in AUTHENTICATE; <see cref="NtlmNegotiateFlags.None"/> before that.</summary>
    public NtlmNegotiateFlags NegotiatedFlags { get; private set; }

    /// <summary>ExportedSessionKey after <see cref="CreateAuthenticateMessage"/>; empty for anonymous and after Dispose.</summary>
    public ReadOnlySpan<byte> ExportedSessionKey => _exportedSessionKey;

    public byte[] CreateNegotiateMessage()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_negotiateMessage is not null)
            throw new InvalidOperationException("NEGOTIATE was already created");
        _negotiateMessage = new NtlmNegotiateMessage(ClientFlags, NtlmVersion.Default).Encode();
        return (byte[])_negotiateMessage.Clone();
    }

    /// <summary>Parses the server's CHALLENGE_MESSAGE and returns the AUTHENTICATE_MESSAGE.</summary>
    /// <exception cref="SmbProtocolException">The CHALLENGE is malformed or asks for something this client cannot do.</exception>
    public byte[] CreateAuthenticateMessage(ReadOnlySpan<byte> challengeMessage)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_negotiateMessage is null)
            throw new InvalidOperationException("CreateNegotiateMessage must come first");
        if (_authenticated)
            throw new InvalidOperationException("AUTHENTICATE was already created");

        var challenge = NtlmChallengeMessage.Parse(challengeMessage);
        if ((challenge.Flags & NtlmNegotiateFlags.Unicode) == 0)
            throw new SmbProtocolException("NTLM server does not accept Unicode strings");

        // The negotiated set is what both sides offered; REQUEST_TARGET and VERSION describe this message itself.
        var flags = (challenge.Flags & ClientFlags) | NtlmNegotiateFlags.RequestTarget | NtlmNegotiateFlags.Version;
        byte[] message = IsAnonymous
            ? CreateAnonymousAuthenticate(flags)
            : CreateUserAuthenticate(flags, challenge, challengeMessage);
        _authenticated = true;
        return message;
    }

    /// <summary>MAC (3.4.4.2) of a client-to-server message with a fresh sealing handle, i.e. the first message
    /// signed in that direction, which the SPNEGO mechListMIC is.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message, uint seqNum) => ComputeMac(message, seqNum, NtlmDirection.ClientToServer);

    /// <summary>Checks a server-to-client MAC computed with a fresh sealing handle.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, uint seqNum)
    {
        if (signature.Length != NtlmCrypto.SignatureLength)
            return false;
        byte[] expected = ComputeMac(message, seqNum, NtlmDirection.ServerToClient);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        CryptographicOperations.ZeroMemory(_exportedSessionKey);
        _exportedSessionKey = [];
        _disposed = true;
    }

    public override string ToString() => $"NTLM client for {_credentials} to {_targetHost}";

    private byte[] CreateAnonymousAuthenticate(NtlmNegotiateFlags flags)
    {
        // 3.1.5.1.2: anonymous sends no NT response and a single zero byte as LM response; there is no key, so no
        // key exchange, no MIC and no signing.
        flags = (flags & ~NtlmNegotiateFlags.KeyExchange) | NtlmNegotiateFlags.Anonymous;
        NegotiatedFlags = flags;
        return new NtlmAuthenticateMessage(flags, lmChallengeResponse: [0], ntChallengeResponse: [], domain: "", userName: "",
            _workstation, encryptedRandomSessionKey: [], NtlmVersion.Default, mic: null).Encode();
    }

    private byte[] CreateUserAuthenticate(NtlmNegotiateFlags flags, NtlmChallengeMessage challenge, ReadOnlySpan<byte> challengeMessage)
    {
        // Without extended session security there is no SIGNKEY, so neither the mechListMIC nor the NTLMv2-era
        // signing SMB relies on could be produced. Every server since Windows 2000 offers it.
        if ((flags & NtlmNegotiateFlags.ExtendedSessionSecurity) == 0)
            throw new SmbProtocolException("NTLM server did not agree to extended session security");

        byte[] clientChallenge = Random(NtlmCrypto.ChallengeLength);
        bool serverTimestamp = challenge.TargetInfoPairs.TryGet(NtlmAvId.Timestamp, out byte[] timestampValue);
        long timestamp = serverTimestamp
            ? BinaryPrimitives.ReadInt64LittleEndian(timestampValue)
            : _clock().ToFileTimeUtc();
        byte[] blob = NtlmCrypto.BuildClientChallengeBlob(timestamp, clientChallenge, BuildAvPairs(challenge.TargetInfoPairs).Encode());
        if ((long)NtlmCrypto.KeyLength + blob.Length > ushort.MaxValue)
            throw new SmbProtocolException("NTLM CHALLENGE target info too large to answer");

        string user = _credentials.UserName;
        string domain = _credentials.Domain;
        byte[] responseKey = NtlmCrypto.NtowfV2(_credentials.Password, user, domain);
        byte[] sessionBaseKey = [];
        byte[] keyExchangeKey = [];
        byte[] exportedKey = [];
        try
        {
            byte[] ntProofStr = NtlmCrypto.ComputeNtProofStr(responseKey, challenge.ServerChallenge, blob);
            byte[] ntResponse = [.. ntProofStr, .. blob];
            // 3.1.5.1.2: with MsvAvTimestamp the client must not send an LMv2 response.
            byte[] lmResponse = serverTimestamp
                ? new byte[LmV2ResponseLength]
                : NtlmCrypto.ComputeLmV2Response(responseKey, challenge.ServerChallenge, clientChallenge);
            sessionBaseKey = NtlmCrypto.ComputeSessionBaseKey(responseKey, ntProofStr);
            keyExchangeKey = NtlmCrypto.KeyExchangeKey(sessionBaseKey);

            byte[] encryptedKey = [];
            if ((flags & NtlmNegotiateFlags.KeyExchange) != 0)
            {
                exportedKey = Random(NtlmCrypto.KeyLength);
                encryptedKey = NtlmCrypto.EncryptSessionKey(keyExchangeKey, exportedKey);
            }
            else
            {
                exportedKey = keyExchangeKey.ToArray();
            }

            byte[] message = new NtlmAuthenticateMessage(flags, lmResponse, ntResponse, domain, user, _workstation, encryptedKey,
                NtlmVersion.Default, mic: new byte[NtlmAuthenticateMessage.MicLength]).Encode();
            byte[] mic = NtlmCrypto.ComputeMic(exportedKey, _negotiateMessage, challengeMessage, message);
            mic.CopyTo(message, NtlmAuthenticateMessage.MicOffset);

            NegotiatedFlags = flags;
            _exportedSessionKey = exportedKey;
            exportedKey = [];
            return message;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(exportedKey);
            CryptographicOperations.ZeroMemory(responseKey);
            CryptographicOperations.ZeroMemory(sessionBaseKey);
            CryptographicOperations.ZeroMemory(keyExchangeKey);
        }
    }

    /// <summary>The server's pairs, then ours (3.1.5.1.2): MsvAvFlags with "MIC present", MsvAvTargetName for SPN
    /// checks and all-zero MsvAvChannelBindings (no TLS channel under SMB).</summary>
    private NtlmAvPairList BuildAvPairs(NtlmAvPairList serverPairs)
    {
        var pairs = new NtlmAvPairList(serverPairs);
        pairs.RemoveAll(NtlmAvId.TargetName);
        pairs.RemoveAll(NtlmAvId.ChannelBindings);
        uint avFlags = AvFlagMicPresent;
        if (pairs.TryGet(NtlmAvId.Flags, out byte[] serverFlags))
            avFlags |= BinaryPrimitives.ReadUInt32LittleEndian(serverFlags);
        Span<byte> flagBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(flagBytes, avFlags);
        pairs.Set(NtlmAvId.Flags, flagBytes);
        pairs.Add(NtlmAvId.TargetName, Encoding.Unicode.GetBytes("cifs/" + _targetHost));
        pairs.Add(NtlmAvId.ChannelBindings, new byte[ChannelBindingsLength]);
        return pairs;
    }

    private byte[] Random(int length)
    {
        byte[] bytes = _randomBytes(length);
        if (bytes is null || bytes.Length != length)
            throw new InvalidOperationException($"random source returned the wrong number of bytes (wanted {length})");
        return bytes;
    }

    private byte[] ComputeMac(ReadOnlySpan<byte> message, uint seqNum, NtlmDirection direction)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_exportedSessionKey.Length == 0)
            throw new InvalidOperationException("no NTLM session key (anonymous, or before AUTHENTICATE)");
        byte[] signKey = NtlmCrypto.SignKey(_exportedSessionKey, direction);
        byte[] sealKey = [];
        try
        {
            if ((NegotiatedFlags & NtlmNegotiateFlags.KeyExchange) == 0)
                return NtlmCrypto.Mac(null, signKey, seqNum, message);
            sealKey = NtlmCrypto.SealKey(_exportedSessionKey, NegotiatedFlags, direction);
            using var handle = new Rc4Cipher(sealKey);
            return NtlmCrypto.Mac(handle, signKey, seqNum, message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(signKey);
            CryptographicOperations.ZeroMemory(sealKey);
        }
    }
}
