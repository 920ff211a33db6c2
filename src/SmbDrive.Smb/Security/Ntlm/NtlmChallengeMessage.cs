using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>CHALLENGE_MESSAGE, MS-NLMP 2.2.1.2: Signature(8) MessageType(4) TargetNameFields(8) NegotiateFlags(4)
/// ServerChallenge(8) Reserved(8) TargetInfoFields(8) Version(8, when NTLMSSP_NEGOTIATE_VERSION), then the payload.
/// This is the one NTLM message that comes from the server, so <see cref="Parse"/> trusts nothing in it.</summary>
internal sealed class NtlmChallengeMessage
{
    private const int TargetNameFieldsOffset = 12;
    private const int FlagsOffset = 20;
    private const int ServerChallengeOffset = 24;
    private const int TargetInfoFieldsOffset = 40;
    private const int VersionOffset = 48;
    private const int MinimumLength = VersionOffset;
    private const int HeaderLength = VersionOffset + NtlmVersion.Size;
    public const int ServerChallengeLength = 8;
    private const string Name = "CHALLENGE";

    public NtlmChallengeMessage(NtlmNegotiateFlags flags, byte[] serverChallenge, string targetName, byte[] targetInfo, NtlmAvPairList targetInfoPairs, NtlmVersion? version)
    {
        if (serverChallenge.Length != ServerChallengeLength)
            throw new ArgumentException("server challenge must be 8 bytes", nameof(serverChallenge));
        Flags = flags;
        ServerChallenge = serverChallenge;
        TargetName = targetName;
        TargetInfo = targetInfo;
        TargetInfoPairs = targetInfoPairs;
        Version = version;
    }

    /// <summary>Builds a message from AV pairs (for fakes and tests).</summary>
    public static NtlmChallengeMessage Create(NtlmNegotiateFlags flags, byte[] serverChallenge, string targetName, NtlmAvPairList targetInfo, NtlmVersion? version = null) =>
        new(flags, serverChallenge, targetName, targetInfo.Encode(), targetInfo, version);

    public NtlmNegotiateFlags Flags { get; }
    public byte[] ServerChallenge { get; }
    public string TargetName { get; }

    /// <summary>The raw TargetInfo bytes as the server sent them.</summary>
    public byte[] TargetInfo { get; }

    public NtlmAvPairList TargetInfoPairs { get; }
    public NtlmVersion? Version { get; }

    /// <summary>Parses and validates a CHALLENGE_MESSAGE. Every offset/length pair is checked against the buffer.</summary>
    /// <exception cref="SmbProtocolException">"malformed NTLM CHALLENGE message: …" for anything that does not fit.</exception>
    public static NtlmChallengeMessage Parse(ReadOnlySpan<byte> message)
    {
        NtlmMessageHeader.Check(message, NtlmMessageHeader.ChallengeType, MinimumLength, Name);
        var flags = (NtlmNegotiateFlags)BinaryPrimitives.ReadUInt32LittleEndian(message[FlagsOffset..]);
        byte[] serverChallenge = message.Slice(ServerChallengeOffset, ServerChallengeLength).ToArray();
        var targetNameBytes = NtlmPayloadField.Read(message, TargetNameFieldsOffset, Name, "TargetName");
        var targetInfo = NtlmPayloadField.Read(message, TargetInfoFieldsOffset, Name, "TargetInfo");
        var pairs = targetInfo.IsEmpty ? new NtlmAvPairList() : NtlmAvPairList.Parse(targetInfo, Name);
        NtlmVersion? version = null;
        if ((flags & NtlmNegotiateFlags.Version) != 0 && message.Length >= HeaderLength)
            version = NtlmVersion.Read(message[VersionOffset..]);
        string targetName = (flags & NtlmNegotiateFlags.Unicode) != 0
            ? Encoding.Unicode.GetString(targetNameBytes)
            : Encoding.ASCII.GetString(targetNameBytes);
        return new NtlmChallengeMessage(flags, serverChallenge, targetName, targetInfo.ToArray(), pairs, version);
    }

    /// <summary>Server-side encoding; the client never sends this, but tests and fakes need well-formed input.</summary>
    public byte[] Encode()
    {
        byte[] targetName = (Flags & NtlmNegotiateFlags.Unicode) != 0
            ? Encoding.Unicode.GetBytes(TargetName)
            : Encoding.ASCII.GetBytes(TargetName);
        var message = new byte[HeaderLength + targetName.Length + TargetInfo.Length];
        NtlmMessageHeader.Write(message, NtlmMessageHeader.ChallengeType);
        int offset = HeaderLength;
        NtlmPayloadField.Write(message, TargetNameFieldsOffset, targetName.Length, offset);
        targetName.CopyTo(message, offset);
        offset += targetName.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(FlagsOffset), (uint)Flags);
        ServerChallenge.CopyTo(message, ServerChallengeOffset);
        NtlmPayloadField.Write(message, TargetInfoFieldsOffset, TargetInfo.Length, offset);
        TargetInfo.CopyTo(message, offset);
        (Version ?? NtlmVersion.Default).Write(message.AsSpan(VersionOffset));
        return message;
    }

    public override string ToString() =>
        $"NTLM CHALLENGE flags=0x{(uint)Flags:X8} target={TargetName} targetInfo=[{TargetInfoPairs}] version={Version}";
}
