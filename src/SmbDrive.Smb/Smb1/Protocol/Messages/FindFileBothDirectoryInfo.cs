using System.Buffers.Binary;
using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_FIND_FILE_BOTH_DIRECTORY_INFO entries of a FIND_FIRST2 / FIND_NEXT2 response (MS-CIFS 2.2.8.1.7).</summary>
/// <remarks>0 NextEntryOffset(4) 4 FileIndex(4) 8 CreationTime 16 LastAccessTime 24 LastWriteTime 32 LastChangeTime
/// 40 EndOfFile(8) 48 AllocationSize(8) 56 ExtFileAttributes(4) 60 FileNameLength(4) 64 EaSize(4)
/// 68 ShortNameLength(1) 69 Reserved(1) 70 ShortName(24) 94 FileName. There is no file id at this level.</remarks>
internal static class FindFileBothDirectoryInfo
{
    private const int FixedSize = 94;

    /// <summary>Adds up to <paramref name="count"/> entries to <paramref name="into"/>, without "." and "..";
    /// returns the name of the last entry, from which FIND_NEXT2 resumes.</summary>
    public static string Parse(ReadOnlySpan<byte> data, int count, Smb1Strings strings, List<SmbFileInfo> into)
    {
        string last = "";
        long pos = 0;
        for (int i = 0; i < count; i++)
        {
            if (pos + FixedSize > data.Length) throw new SmbProtocolException("malformed SMB1 directory listing: truncated entry");
            ReadOnlySpan<byte> entry = data[(int)pos..];
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(entry[60..]);
            if (FixedSize + (long)nameLength > entry.Length || (next != 0 && next < FixedSize + (long)nameLength))
                throw new SmbProtocolException("malformed SMB1 directory listing: name outside its entry");
            last = strings.Decode(entry.Slice(FixedSize, (int)nameLength));
            if (last is not ("." or ".."))
            {
                var times = FileTimes.Read(entry[8..]);
                into.Add(new SmbFileInfo
                {
                    Name = last,
                    CreationTimeUtc = times.Creation,
                    LastAccessTimeUtc = times.LastAccess,
                    LastWriteTimeUtc = times.LastWrite,
                    ChangeTimeUtc = times.Change,
                    Size = BinaryPrimitives.ReadInt64LittleEndian(entry[40..]),
                    AllocationSize = BinaryPrimitives.ReadInt64LittleEndian(entry[48..]),
                    Attributes = (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(entry[56..]),
                });
            }
            if (next == 0)
            {
                if (i != count - 1) throw new SmbProtocolException($"malformed SMB1 directory listing: {i + 1} entries where SearchCount says {count}");
                break;
            }
            pos += next;
        }
        return last;
    }
}
