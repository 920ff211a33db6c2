using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>Where SMB_Parameters and SMB_Data of a request lie (MS-CIFS 2.2.3.2, 2.2.3.3): WordCount at 32, the
/// words at 33, ByteCount after them, the bytes after that. All offsets count from the header start.</summary>
internal static class Smb1Layout
{
    public const int WordsOffset = Smb1Header.Size + 1;

    public static int BytesOffset(int wordCount) => WordsOffset + 2 * wordCount + 2;

    /// <summary>Size after the header of a request with <paramref name="wordCount"/> words and <paramref name="byteCount"/> bytes.</summary>
    public static int BodySize(int wordCount, int byteCount) => 1 + 2 * wordCount + 2 + byteCount;

    /// <summary>Writes WordCount and ByteCount and returns the words, cleared, for the caller to fill.</summary>
    public static Span<byte> Begin(Span<byte> message, int wordCount, int byteCount)
    {
        if (byteCount > ushort.MaxValue) throw new SmbException($"an SMB1 request cannot carry {byteCount} data bytes");
        message[Smb1Header.Size] = (byte)wordCount;
        Span<byte> words = message.Slice(WordsOffset, 2 * wordCount);
        words.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(message[(WordsOffset + 2 * wordCount)..], (ushort)byteCount);
        return words;
    }

    /// <summary>The AndX block that opens the words of every *_ANDX request: no chained command.</summary>
    public static void NoAndX(Span<byte> words)
    {
        words[0] = (byte)Smb1Command.NoAndX;
        words[1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(words[2..], 0);
    }
}
