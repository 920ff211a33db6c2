using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Protocol;

/// <summary>Parsers of the MS-FSCC information classes SmbDrive queries. Each checks the length it needs.</summary>
internal static class FileInformation
{
    public const byte InfoTypeFile = 1, InfoTypeFileSystem = 2;
    public const byte FileAllInformation = 18, FileNetworkOpenInformation = 34, FileIdBothDirectoryInformation = 37;
    public const byte FileFsVolumeInformation = 1, FileFsAttributeInformation = 5, FileFsFullSizeInformation = 7;

    /// <summary>FILE_ALL_INFORMATION (MS-FSCC 2.4.2): Basic(40) Standard(24) Internal(8) Ea(4) Access(4)
    /// Position(8) Mode(4) Alignment(4) NameLength(4) Name.</summary>
    public static SmbFileInfo ParseAll(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length < 100) throw new SmbProtocolException($"malformed FILE_ALL_INFORMATION: {data.Length} bytes");
        var times = FileTimes.Read(data);
        return new SmbFileInfo
        {
            Name = name,
            CreationTimeUtc = times.Creation,
            LastAccessTimeUtc = times.LastAccess,
            LastWriteTimeUtc = times.LastWrite,
            ChangeTimeUtc = times.Change,
            Attributes = (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(data[32..]),
            AllocationSize = BinaryPrimitives.ReadInt64LittleEndian(data[40..]),
            Size = BinaryPrimitives.ReadInt64LittleEndian(data[48..]),
            FileId = BinaryPrimitives.ReadUInt64LittleEndian(data[64..]),
        };
    }

    /// <summary>FILE_ID_BOTH_DIR_INFORMATION entries (MS-FSCC 2.4.17), following NextEntryOffset; "." and ".."
    /// are left out.</summary>
    /// <remarks>0 NextEntryOffset 4 FileIndex 8 times(32) 40 EndOfFile 48 AllocationSize 56 FileAttributes
    /// 60 FileNameLength 64 EaSize 68 ShortNameLength 69 Reserved1 70 ShortName(24) 94 Reserved2 96 FileId 104 FileName.</remarks>
    public static void ParseIdBothDirectory(ReadOnlySpan<byte> data, List<SmbFileInfo> into)
    {
        long pos = 0;
        while (true)
        {
            if (pos + 104 > data.Length) throw new SmbProtocolException("malformed directory listing: truncated entry");
            ReadOnlySpan<byte> entry = data[(int)pos..];
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(entry[60..]);
            if (104L + nameLength > entry.Length || (next != 0 && next < 104L + nameLength))
                throw new SmbProtocolException("malformed directory listing: name outside its entry");
            string name = Encoding.Unicode.GetString(entry.Slice(104, (int)nameLength));
            if (name != "." && name != "..")
            {
                var times = FileTimes.Read(entry[8..]);
                into.Add(new SmbFileInfo
                {
                    Name = name,
                    CreationTimeUtc = times.Creation,
                    LastAccessTimeUtc = times.LastAccess,
                    LastWriteTimeUtc = times.LastWrite,
                    ChangeTimeUtc = times.Change,
                    Size = BinaryPrimitives.ReadInt64LittleEndian(entry[40..]),
                    AllocationSize = BinaryPrimitives.ReadInt64LittleEndian(entry[48..]),
                    Attributes = (FileAttributes)BinaryPrimitives.ReadUInt32LittleEndian(entry[56..]),
                    FileId = BinaryPrimitives.ReadUInt64LittleEndian(entry[96..]),
                });
            }
            if (next == 0) return;
            pos += next;
        }
    }

    /// <summary>FILE_FS_FULL_SIZE_INFORMATION (MS-FSCC 2.5.4): Total, CallerAvailable, ActualAvailable
    /// allocation units (8 each), SectorsPerAllocationUnit, BytesPerSector.</summary>
    public static (long Total, long CallerAvailable, long ActualAvailable, int SectorsPerUnit, int BytesPerSector) ParseFullSize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 32) throw new SmbProtocolException("malformed FILE_FS_FULL_SIZE_INFORMATION");
        return (BinaryPrimitives.ReadInt64LittleEndian(data), BinaryPrimitives.ReadInt64LittleEndian(data[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[16..]), BinaryPrimitives.ReadInt32LittleEndian(data[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(data[28..]));
    }

    /// <summary>FILE_FS_VOLUME_INFORMATION (MS-FSCC 2.5.9): 0 CreationTime 8 SerialNumber 12 LabelLength 16 SupportsObjects 18 Label.</summary>
    public static (uint Serial, string Label) ParseVolume(ReadOnlySpan<byte> data)
    {
        if (data.Length < 18) throw new SmbProtocolException("malformed FILE_FS_VOLUME_INFORMATION");
        uint labelLength = BinaryPrimitives.ReadUInt32LittleEndian(data[12..]);
        if (18L + labelLength > data.Length) throw new SmbProtocolException("malformed FILE_FS_VOLUME_INFORMATION label");
        return (BinaryPrimitives.ReadUInt32LittleEndian(data[8..]), Encoding.Unicode.GetString(data.Slice(18, (int)labelLength)));
    }

    /// <summary>FILE_FS_ATTRIBUTE_INFORMATION (MS-FSCC 2.5.1): 0 Attributes 4 MaxComponentNameLength 8 NameLength 12 Name.</summary>
    public static (uint Attributes, int MaxComponent, string FileSystem) ParseAttribute(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12) throw new SmbProtocolException("malformed FILE_FS_ATTRIBUTE_INFORMATION");
        uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        if (12L + nameLength > data.Length) throw new SmbProtocolException("malformed FILE_FS_ATTRIBUTE_INFORMATION name");
        return (BinaryPrimitives.ReadUInt32LittleEndian(data), BinaryPrimitives.ReadInt32LittleEndian(data[4..]),
            Encoding.Unicode.GetString(data.Slice(12, (int)nameLength)));
    }
}
