using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_DELETE request (MS-CIFS 2.2.4.7.1). Words (1): SearchAttributes. Bytes: 0x04 and the file
/// name. SearchAttributes HIDDEN | SYSTEM lets hidden and system files be deleted too; a directory is never deleted
/// this way (STATUS_FILE_IS_A_DIRECTORY). The response has neither words nor bytes.</summary>
internal sealed class DeleteRequest(string sharePath) : ISmb1Request
{
    private const int WordCount = 1;
    public const ushort HiddenAndSystem = 0x0006;

    public Smb1Command Command => Smb1Command.Delete;

    private static int NamesStart => Smb1Layout.BytesOffset(WordCount);

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, Smb1PathStrings.Size(strings, NamesStart, sharePath));

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Span<byte> words = Smb1Layout.Begin(message, WordCount, Smb1PathStrings.Size(strings, NamesStart, sharePath));
        BinaryPrimitives.WriteUInt16LittleEndian(words, HiddenAndSystem);
        Smb1PathStrings.Write(message, strings, NamesStart, sharePath);
    }
}
