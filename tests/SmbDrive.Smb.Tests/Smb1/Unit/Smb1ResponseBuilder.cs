using System.Buffers.Binary;
using SmbDrive.Smb.Smb1.Protocol;

namespace SmbDrive.Smb.Tests.Smb1.Unit;

/// <summary>Builds SMB1 response messages (no transport frame) for parser and connection tests.</summary>
internal static class Smb1ResponseBuilder
{
    public static byte[] Message(Smb1Command command, byte[] words, byte[] bytes, uint status = 0, ushort mid = 1,
        Smb1Flags2 flags2 = Smb1Flags2.NtStatus | Smb1Flags2.Unicode, ushort? byteCount = null)
    {
        var message = new byte[32 + 1 + words.Length + 2 + bytes.Length];
        new Smb1Header { Command = command, RawStatus = status, Flags = Smb1Flags.Reply, Flags2 = flags2, Mid = mid }.Write(message);
        message[32] = (byte)(words.Length / 2);
        words.CopyTo(message, 33);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(33 + words.Length), byteCount ?? (ushort)bytes.Length);
        bytes.CopyTo(message, 35 + words.Length);
        return message;
    }

    /// <summary>READ_ANDX response with <paramref name="data"/> after a one-byte pad, DataOffset pointing at it.</summary>
    public static byte[] ReadAndX(byte[] data, ushort mid = 1, int? dataOffset = null, int? dataLength = null)
    {
        var words = new byte[24];
        words[0] = 0xFF;
        int length = dataLength ?? data.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(10), (ushort)length);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(12), (ushort)(dataOffset ?? 60));
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(14), (ushort)(length >> 16));
        return Message(Smb1Command.ReadAndX, words, [0, .. data], mid: mid, byteCount: (ushort)(data.Length + 1));
    }

    /// <summary>One TRANS2 response part.</summary>
    public static byte[] Trans2Part(int totalParameters, int totalData, byte[] parameters, int parameterDisplacement, byte[] data, int dataDisplacement,
        int? parameterOffset = null, int? dataOffset = null)
    {
        const int bytesStart = 33 + 20 + 2;
        int pOffset = parameterOffset ?? bytesStart + 1;
        int dOffset = dataOffset ?? (bytesStart + 1 + parameters.Length + 3) / 4 * 4;
        var words = new byte[20];
        BinaryPrimitives.WriteUInt16LittleEndian(words, (ushort)totalParameters);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(2), (ushort)totalData);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(6), (ushort)parameters.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(8), (ushort)pOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(10), (ushort)parameterDisplacement);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(12), (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(14), (ushort)dOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(16), (ushort)dataDisplacement);
        int end = Math.Max(bytesStart + 1 + parameters.Length, data.Length == 0 ? 0 : dOffset + data.Length);
        var bytes = new byte[Math.Max(0, end - bytesStart)];
        if (parameterOffset is null) parameters.CopyTo(bytes, 1);
        if (dataOffset is null && data.Length > 0) data.CopyTo(bytes, dOffset - bytesStart);
        return Message(Smb1Command.Transaction2, words, bytes);
    }
}
