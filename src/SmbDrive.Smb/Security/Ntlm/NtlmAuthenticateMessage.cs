using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>AUTHENTICATE_MESSAGE, MS-NLMP 2.2.1.3: Signature(8) MessageType(4) LmChallengeResponseFields(8)
/// NtChallengeResponseFields(8) DomainNameFields(8) UserNameFields(8) WorkstationFields(8)
/// EncryptedRandomSessionKeyFields(8) NegotiateFlags(4) Version(8) MIC(16, optional), then the payload in the order
/// domain, user, workstation, LM response, NT response, session key (the order of the 4.2.4.3 example).
/// SmbDrive always writes Version, so the MIC, when present, is at the fixed offset 72.</summary>
internal sealed class NtlmAuthenticateMessage
{
    private const int LmFieldsOffset = 12;
    private const int NtFieldsOffset = 20;
    private const int DomainFieldsOffset = 28;
    private const int UserFieldsOffset = 36;
    private const int WorkstationFieldsOffset = 44;
    private const int SessionKeyFieldsOffset = 52;
    private const int FlagsOffset = 60;
    private const int VersionOffset = 64;
    public const int MicOffset = 72;
    public const int MicLength = 16;
    private const int MinimumLength = VersionOffset;
    private const int HeaderLengthWithoutMic = MicOffset;
    private const int HeaderLengthWithMic = MicOffset + MicLength;
    private const string Name = "AUTHENTICATE";

    public NtlmAuthenticateMessage(
        NtlmNegotiateFlags flags,
        byte[] lmChallengeResponse,
        byte[] ntChallengeResponse,
        string domain,
        string userName,
        string workstation,
        byte[] encryptedRandomSessionKey,
        NtlmVersion? version,
        byte[]? mic)
    {
        if (mic is not null && mic.Length != MicLength)
            throw new ArgumentException("MIC must be 16 bytes", nameof(mic));
        Flags = flags;
        LmChallengeResponse = lmChallengeResponse;
        NtChallengeResponse = ntChallengeResponse;
        Domain = domain;
        UserName = userName;
        Workstation = workstation;
        EncryptedRandomSessionKey = encryptedRandomSessionKey;
        Version = version;
        Mic = mic;
    }

    public NtlmNegotiateFlags Flags { get; }
    public byte[] LmChallengeResponse { get; }
    public byte[] NtChallengeResponse { get; }
    public string Domain { get; }
    public string UserName { get; }
    public string Workstation { get; }
    public byte[] EncryptedRandomSessionKey { get; }
    public NtlmVersion? Version { get; }

    /// <summary>Null when the message has no MIC field; otherwise its 16 bytes (zero before <see cref="NtlmCrypto.ComputeMic"/>).</summary>
    public byte[]? Mic { get; }

    public byte[] Encode()
    {
        bool unicode = (Flags & NtlmNegotiateFlags.Unicode) != 0;
        Encoding encoding = unicode ? Encoding.Unicode : Encoding.ASCII;
        byte[] domain = encoding.GetBytes(Domain);
        byte[] user = encoding.GetBytes(UserName);
        byte[] workstation = encoding.GetBytes(Workstation);
        int header = Mic is null ? HeaderLengthWithoutMic : HeaderLengthWithMic;
        long total = (long)header + domain.Length + user.Length + workstation.Length
                     + LmChallengeResponse.Length + NtChallengeResponse.Length + EncryptedRandomSessionKey.Length;
        if (total > int.MaxValue)
            throw new InvalidOperationException("AUTHENTICATE message too large");

        var message = new byte[total];
        NtlmMessageHeader.Write(message, NtlmMessageHeader.AuthenticateType);
        int offset = header;
        offset = Append(message, DomainFieldsOffset, domain, offset);
        offset = Append(message, UserFieldsOffset, user, offset);
        offset = Append(message, WorkstationFieldsOffset, workstation, offset);
        offset = Append(message, LmFieldsOffset, LmChallengeResponse, offset);
        offset = Append(message, NtFieldsOffset, NtChallengeResponse, offset);
        Append(message, SessionKeyFieldsOffset, EncryptedRandomSessionKey, offset);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(FlagsOffset), (uint)Flags);
        (Version ?? NtlmVersion.Default).Write(message.AsSpan(VersionOffset));
        Mic?.CopyTo(message, MicOffset);
        return message;
    }

    /// <summary>Parses an AUTHENTICATE_MESSAGE. The MIC field is taken to exist when the payload starts at or after
    /// offset 88, which is how every writer that sends a MIC lays the message out.</summary>
    /// <exception cref="SmbProtocolException">Truncated, or a field lies outside the message.</exception>
    public static NtlmAuthenticateMessage Parse(ReadOnlySpan<byte> message)
    {
        NtlmMessageHeader.Check(message, NtlmMessageHeader.AuthenticateType, MinimumLength, Name);
        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[FlagsOffset..]);
        Encoding encoding = (flags & NtlmNegotiateFlags.Unicode) != 0 ? Encoding.Unicode : Encoding.ASCII;
        var lm = NtlmPayloadField.Read(message, LmFieldsOffset, Name, "LmChallengeResponse");
        var nt = NtlmPayloadField.Read(message, NtFieldsOffset, Name, "NtChallengeResponse");
        var domain = NtlmPayloadField.Read(message, DomainFieldsOffset, Name, "DomainName");
        var user = NtlmPayloadField.Read(message, UserFieldsOffset, Name, "UserName");
        var workstation = NtlmPayloadField.Read(message, WorkstationFieldsOffset, Name, "Workstation");
        var key = NtlmPayloadField.Read(message, SessionKeyFieldsOffset, Name, "EncryptedRandomSessionKey");

        long payloadStart = message.Length;
        foreach (int descriptor in (ReadOnlySpan<int>)[LmFieldsOffset, NtFieldsOffset, DomainFieldsOffset, UserFieldsOffset, WorkstationFieldsOffset, SessionKeyFieldsOffset])
        {
            if (BinaryPrimitives.ReadUInt16LittleEndian(message[descriptor..]) != 0)
                payloadStart = Math.Min(payloadStart, BinaryPrimitives.ReadUInt32LittleEndian(message[(descriptor + 4)..]));
        }
        NtlmVersion? version = message.Length >= HeaderLengthWithoutMic && payloadStart >= HeaderLengthWithoutMic
            ? NtlmVersion.Read(message[VersionOffset..])
            : null;
        byte[]? mic = message.Length >= HeaderLengthWithMic && payloadStart >= HeaderLengthWithMic
            ? message.Slice(MicOffset, MicLength).ToArray()
            : null;
        return new NtlmAuthenticateMessage(flags, lm.ToArray(), nt.ToArray(), encoding.GetString(domain), encoding.GetString(user),
            encoding.GetString(workstation), key.ToArray(), version, mic);
    }

    public override string ToString() =>
        $"NTLM AUTHENTICATE flags=0x{(uint)Flags:X8} user={(Domain.Length > 0 ? Domain + "\\" : "")}{UserName} " +
        $"workstation={Workstation} lm={LmChallengeResponse.Length}B nt={NtChallengeResponse.Length}B " +
        $"key={EncryptedRandomSessionKey.Length}B mic={(Mic is null ? "none" : "present")}";

    private static int Append(byte[] message, int descriptorOffset, byte[] value, int offset)
    {
        NtlmPayloadField.Write(message, descriptorOffset, value.Length, offset);
        value.CopyTo(message, offset);
        return offset + value.Length;
    }
}
