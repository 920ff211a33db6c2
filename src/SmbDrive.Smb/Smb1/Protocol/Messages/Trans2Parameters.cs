using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>Trans2_Parameters blocks of the subcommands SmbDrive uses, and the parameters of their responses
/// (MS-CIFS 2.2.6.2 FIND_FIRST2, 2.2.6.3 FIND_NEXT2, 2.2.6.4 QUERY_FS_INFORMATION, 2.2.6.6 QUERY_PATH_INFORMATION,
/// 2.2.6.8 QUERY_FILE_INFORMATION, 2.2.6.9 SET_FILE_INFORMATION). File names sit at even offsets inside blocks that start 4-aligned, so Unicode
/// names need no padding here.</summary>
internal static class Trans2Parameters
{
    /// <summary>SMB_FIND_FILE_BOTH_DIRECTORY_INFO (MS-CIFS 2.2.8.1.7).</summary>
    public const ushort FindFileBothDirectoryInfo = 0x0104;
    public const ushort FindCloseAtEndOfSearch = 0x0002;
    /// <summary>SMB_FILE_ATTRIBUTE_HIDDEN | SYSTEM | DIRECTORY: list everything, not just normal files.</summary>
    public const ushort SearchAllAttributes = 0x0016;

    public const ushort QueryFileAllInfo = 0x0107;
    public const ushort QueryFsVolumeInfo = 0x0102, QueryFsSizeInfo = 0x0103, QueryFsAttributeInfo = 0x0105;

    /// <summary>Pass-through levels (MS-SMB 2.2.2.3.5): 1000 plus an MS-FSCC information class.</summary>
    public const ushort PassThroughBase = 1000;

    /// <summary>Search (2) SearchCount (2) Flags (2) InformationLevel (2) SearchStorageType (4) FileName.</summary>
    public static byte[] FindFirst2(Smb1Strings strings, string pattern, ushort searchCount, ushort level)
    {
        byte[] name = strings.EncodeTerminated(pattern);
        var p = new byte[12 + name.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(p, SearchAllAttributes);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), searchCount);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(4), FindCloseAtEndOfSearch);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(6), level);
        name.CopyTo(p, 12);
        return p;
    }

    /// <summary>SID (2) SearchCount (2) InformationLevel (2) ResumeKey (4) Flags (2) FileName: without
    /// SMB_FIND_CONTINUE_FROM_LAST the server resumes after the entry named FileName.</summary>
    public static byte[] FindNext2(Smb1Strings strings, ushort searchId, ushort searchCount, ushort level, string resumeName)
    {
        byte[] name = strings.EncodeTerminated(resumeName);
        var p = new byte[12 + name.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(p, searchId);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), searchCount);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(4), level);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(10), FindCloseAtEndOfSearch);
        name.CopyTo(p, 12);
        return p;
    }

    /// <summary>InformationLevel (2) Reserved (4) FileName.</summary>
    public static byte[] QueryPathInformation(Smb1Strings strings, ushort level, string path)
    {
        byte[] name = strings.EncodeTerminated(path);
        var p = new byte[6 + name.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(p, level);
        name.CopyTo(p, 6);
        return p;
    }

    /// <summary>FID (2) InformationLevel (2).</summary>
    public static byte[] QueryFileInformation(ushort fid, ushort level)
    {
        var p = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(p, fid);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), level);
        return p;
    }

    /// <summary>FID (2) InformationLevel (2) Reserved (2); the information itself travels as the TRANS2 data.
    /// The response parameters are one EaErrorOffset (2), and no data.</summary>
    public static byte[] SetFileInformation(ushort fid, ushort level)
    {
        var p = new byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(p, fid);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), level);
        return p;
    }

    /// <summary>InformationLevel (2).</summary>
    public static byte[] QueryFsInformation(ushort level)
    {
        var p = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(p, level);
        return p;
    }

    /// <summary>FIND_FIRST2 response parameters: SID (2) SearchCount (2) EndOfSearch (2) EaErrorOffset (2) LastNameOffset (2).</summary>
    public static (ushort SearchId, ushort SearchCount, bool EndOfSearch) ParseFindFirst2(ReadOnlySpan<byte> parameters)
    {
        if (parameters.Length < 10) throw new SmbProtocolException($"malformed FIND_FIRST2 response: {parameters.Length} parameter bytes");
        return (BinaryPrimitives.ReadUInt16LittleEndian(parameters), BinaryPrimitives.ReadUInt16LittleEndian(parameters[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(parameters[4..]) != 0);
    }

    /// <summary>FIND_NEXT2 response parameters: SearchCount (2) EndOfSearch (2) EaErrorOffset (2) LastNameOffset (2).</summary>
    public static (ushort SearchCount, bool EndOfSearch) ParseFindNext2(ReadOnlySpan<byte> parameters)
    {
        if (parameters.Length < 8) throw new SmbProtocolException($"malformed FIND_NEXT2 response: {parameters.Length} parameter bytes");
        return (BinaryPrimitives.ReadUInt16LittleEndian(parameters), BinaryPrimitives.ReadUInt16LittleEndian(parameters[2..]) != 0);
    }
}
