using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_RENAME request (MS-CIFS 2.2.4.8.1), the core rename for servers without NT_RENAME. Words (1):
/// SearchAttributes. Bytes: 0x04 OldFileName, 0x04 NewFileName. It never replaces an existing target
/// (STATUS_OBJECT_NAME_COLLISION). The response has neither words nor bytes.</summary>
internal sealed class RenameRequest(string oldSharePath, string newSharePath) : ISmb1Request
{
    private const int WordCount = 1;

    public Smb1Command Command => Smb1Command.Rename;

    private static int NamesStart => Smb1Layout.BytesOffset(WordCount);

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, Smb1PathStrings.Size(strings, NamesStart, oldSharePath, newSharePath));

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Span<byte> words = Smb1Layout.Begin(message, WordCount, Smb1PathStrings.Size(strings, NamesStart, oldSharePath, newSharePath));
        BinaryPrimitives.WriteUInt16LittleEndian(words, NtRenameRequest.AllButVolume);
        Smb1PathStrings.Write(message, strings, NamesStart, oldSharePath, newSharePath);
    }
}
