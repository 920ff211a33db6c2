using System.Buffers.Binary;
using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>Parsers of the native SMB1 query levels, used when the server lacks CAP_INFOLEVEL_PASSTHRU (otherwise
/// the MS-FSCC structures of the pass-through levels are parsed by <see cref="FileInformation"/>).</summary>
internal static class Smb1InformationLevels
{
    /// <summary>SMB_QUERY_FILE_ALL_INFO (MS-CIFS 2.2.8.3.10): 0 CreationTime 8 LastAccessTime 16 LastWriteTime
    /// 24 LastChangeTime 32 ExtFileAttributes(4) 36 Reserved1(4) 40 AllocationSize(8) 48 EndOfFile(8)
    /// 56 NumberOfLinks(4) 60 DeletePending(1) 61 Directory(1) 62 Reserved2(2) 64 EaSize(4) 68 FileNameLength(4) 72 FileName.</summary>
    public static SmbFileInfo ParseQueryFileAllInfo(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 72) throw new SmbProtocolException($"malformed SMB_QUERY_FILE_ALL_INFO: {data.Length} bytes");
        var times = FileTimes.Read(data);
        var attributes = (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(data[32..]);
        if (data[61] != 0) attributes |= FileAttributes.Directory;
        return new SmbFileInfo
        {
            Name = name,
            CreationTimeUtc = times.Creation,
            LastAccessTimeUtc = times.LastAccess,
            LastWriteTimeUtc = times.LastWrite,
            ChangeTimeUtc = times.Change,
            Attributes = attributes,
            AllocationSize = BinaryPrimitives.ReadInt64LittleEndian(data[40..]),
            Size = BinaryPrimitives.ReadInt64LittleEndian(data[48..]),
        };
    }

    /// <summary>SMB_QUERY_FS_SIZE_INFO (MS-CIFS 2.2.8.2.3): TotalAllocationUnits(8) TotalFreeAllocationUnits(8)
    /// SectorsPerAllocationUnit(4) BytesPerSector(4).</summary>
    public static (long Total, long Free, int SectorsPerUnit, int BytesPerSector) ParseFsSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 24) throw new SmbProtocolException($"malformed SMB_QUERY_FS_SIZE_INFO: {data.Length} bytes");
        return (BinaryPrimitives.ReadInt64LittleEndian(data), BinaryPrimitives.ReadInt64LittleEndian(data[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(data[16..]), BinaryPrimitives.ReadInt32LittleEndian(data[20..]));
    }

    /// <summary>SMB_QUERY_FS_VOLUME_INFO (MS-CIFS 2.2.8.2.5): VolumeCreationTime(8) SerialNumber(4)
    /// VolumeLabelSize(4) Reserved(2) VolumeLabel.</summary>
    public static (uint Serial, string Label) ParseFsVolume(ReadOnlySpan<byte> data, Smb1Strings strings)
    {
        if (data.Length < 18) throw new SmbProtocolException($"malformed SMB_QUERY_FS_VOLUME_INFO: {data.Length} bytes");
        uint labelSize = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        if (18L + labelSize > data.Length) throw new SmbProtocolException("malformed SMB_QUERY_FS_VOLUME_INFO: label outside the data");
        return (BinaryPrimitives.ReadUInt32LittleEndian(data[8..]), strings.Decode(data.Slice(18, (int)labelSize)));
    }

    /// <summary>SMB_QUERY_FS_ATTRIBUTE_INFO (MS-CIFS 2.2.8.2.6): FileSystemAttributes(4) MaxFileNameLengthInBytes(4)
    /// LengthOfFileSystemName(4) FileSystemName.</summary>
    public static (uint Attributes, int MaxComponent, string FileSystem) ParseFsAttribute(ReadOnlySpan<byte> data, Smb1Strings strings)
    {
        if (data.Length < 12) throw new SmbProtocolException($"malformed SMB_QUERY_FS_ATTRIBUTE_INFO: {data.Length} bytes");
        uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (12L + nameLength > data.Length) throw new SmbProtocolException("malformed SMB_QUERY_FS_ATTRIBUTE_INFO: name outside the data");
        return (BinaryPrimitives.ReadUInt32LittleEndian(data), BinaryPrimitives.ReadInt32LittleEndian(data[4..]),
            strings.Decode(data.Slice(12, (int)nameLength)));
    }
}
