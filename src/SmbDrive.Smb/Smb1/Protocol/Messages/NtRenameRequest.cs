using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_NT_RENAME request (MS-CIFS 2.2.4.66.1) with InformationLevel SMB_NT_RENAME_RENAME_FILE: moves a
/// file or directory anywhere on the share. Like SMB_COM_RENAME it has no replace flag: an existing target gives
/// STATUS_OBJECT_NAME_COLLISION.</summary>
/// <remarks>Words (4): 0 SearchAttributes(2) 2 InformationLevel(2) 4 Reserved(4, ClusterCount, 0).
/// Bytes: 0x04 OldFileName, 0x04 NewFileName. The response has neither words nor bytes.</remarks>
internal sealed class NtRenameRequest(string oldSharePath, string newSharePath) : ISmb1Request
{
    private const int WordCount = 4;
    public const ushort RenameFile = 0x0104;

    /// <summary>HIDDEN | SYSTEM | DIRECTORY: the source may be any file or a directory.</summary>
    public const ushort AllButVolume = 0x0016;

    public Smb1Command Command => Smb1Command.NtRename;

    private static int NamesStart => Smb1Layout.BytesOffset(WordCount);

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, Smb1PathStrings.Size(strings, NamesStart, oldSharePath, newSharePath));

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Span<byte> words = Smb1Layout.Begin(message, WordCount, Smb1PathStrings.Size(strings, NamesStart, oldSharePath, newSharePath));
        BinaryPrimitives.WriteUInt16LittleEndian(words, AllButVolume);
        BinaryPrimitives.WriteUInt16LittleEndian(words[2..], RenameFile);
        Smb1PathStrings.Write(message, strings, NamesStart, oldSharePath, newSharePath);
    }
}
