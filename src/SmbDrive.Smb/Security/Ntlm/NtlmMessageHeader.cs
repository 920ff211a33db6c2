using System.Buffers.Binary;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>The 12 bytes every NTLM message starts with: Signature "NTLMSSP\0" and MessageType (MS-NLMP 2.2.1).</summary>
internal static class NtlmMessageHeader
{
    public const int Size = 12;
    public const uint NegotiateType = 1;
    public const uint ChallengeType = 2;
    public const uint AuthenticateType = 3;

    public static ReadOnlySpan<byte> Signature => "NTLMSSP\0"u8;

    public static void Write(Span<byte> message, uint messageType)
    {
        Signature.CopyTo(message);
        BinaryPrimitives.WriteUInt32LittleEndian(message[8..], messageType);
    }

    /// <summary>Checks signature, type and the fixed-part length before any field is read.</summary>
    public static void Check(ReadOnlySpan<byte> message, uint messageType, int fixedLength, string messageName)
    {
        if (message.Length < fixedLength)
            throw NtlmPayloadField.Malformed(messageName, $"{message.Length} bytes, the fixed part needs {fixedLength}");
        if (!message[..8].SequenceEqual(Signature))
            throw NtlmPayloadField.Malformed(messageName, "no NTLMSSP signature");
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(message[8..]);
        if (type != messageType)
            throw NtlmPayloadField.Malformed(messageName, $"message type {type}, expected {messageType}");
    }
}
