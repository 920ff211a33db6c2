using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_NT_CREATE_ANDX response (MS-CIFS 2.2.4.64.2; MS-SMB 2.2.4.9.2 appends more words, ignored).</summary>
/// <remarks>Words (34): 0 AndX(4) 4 OplockLevel(1) 5 FID(2) 7 CreateDisposition(4) 11 CreationTime(8)
/// 19 LastAccessTime(8) 27 LastWriteTime(8) 35 LastChangeTime(8) 43 ExtFileAttributes(4) 47 AllocationSize(8)
/// 55 EndOfFile(8) 63 ResourceType(2) 65 NMPipeStatus(2) 67 Directory(1).</remarks>
internal sealed record NtCreateAndXResponse(ushort Fid, FileTimes Times, FileAttributes Attributes, long AllocationSize, long EndOfFile, bool IsDirectory)
{
    private const int WordCount = 34;

    public static NtCreateAndXResponse Parse(ReadOnlySpan<byte> message)
    {
        var reader = new Smb1Reader(message, "NT_CREATE_ANDX");
        reader.RequireWords(WordCount);
        var attributes = (FileAttributes)reader.U32(43);
        bool directory = reader.U8(67) != 0;
        if (directory) attributes |= FileAttributes.Directory;
        return new NtCreateAndXResponse(reader.U16(5), FileTimes.Read(reader.Words[11..]), attributes,
            reader.I64(47), reader.I64(55), directory);
    }

    public SmbFileInfo ToInfo(string name) => new()
    {
        Name = name,
        Attributes = Attributes,
        Size = EndOfFile,
        AllocationSize = AllocationSize,
        CreationTimeUtc = Times.Creation,
        LastAccessTimeUtc = Times.LastAccess,
        LastWriteTimeUtc = Times.LastWrite,
        ChangeTimeUtc = Times.Change,
    };
}
