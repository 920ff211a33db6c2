using System.Buffers.Binary;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>The 8-byte Len/MaxLen/BufferOffset descriptor every NTLM message uses to point into its payload
/// (MS-NLMP 2.2.1.1-2.2.1.3, e.g. "DomainNameFields"). Reading is bounds-checked in 64-bit arithmetic, so a
/// hostile offset near 2^32 cannot wrap around into the buffer.</summary>
internal static class NtlmPayloadField
{
    public const int Size = 8;

    /// <summary>Returns the bytes the descriptor at <paramref name="descriptorOffset"/> points to.</summary>
    /// <exception cref="SmbProtocolException">The descriptor or the bytes it names lie outside <paramref name="message"/>.</exception>
    public static ReadOnlySpan<byte> Read(ReadOnlySpan<byte> message, int descriptorOffset, string messageName, string fieldName)
    {
        if ((long)descriptorOffset + Size > message.Length)
            throw Malformed(messageName, $"{fieldName} descriptor is truncated");

        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(message[descriptorOffset..]);
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(message[(descriptorOffset + 4)..]);
        // An empty field's offset is meaningless and some servers leave it at 0 or past the end; accept that.
        if (length == 0)
            return ReadOnlySpan<byte>.Empty;
        if ((long)offset + length > message.Length)
            throw Malformed(messageName, $"{fieldName} lies outside the message");
        return message.Slice((int)offset, length);
    }

    public static void Write(Span<byte> message, int descriptorOffset, int length, int offset)
    {
        ushort len = checked((ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(message[descriptorOffset..], len);
        BinaryPrimitives.WriteUInt16LittleEndian(message[(descriptorOffset + 2)..], len);
        BinaryPrimitives.WriteUInt32LittleEndian(message[(descriptorOffset + 4)..], checked((uint)offset));
    }

    public static SmbProtocolException Malformed(string messageName, string reason) =>
        new($"malformed NTLM {messageName} message: {reason}");
}
