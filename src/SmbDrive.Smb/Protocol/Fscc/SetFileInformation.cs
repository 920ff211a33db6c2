using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Protocol;

/// <summary>Buffers of the MS-FSCC information classes SmbDrive sets with SET_INFO.</summary>
internal static class SetFileInformation
{
    public const byte FileBasicInformation = 4, FileRenameInformation = 10, FileDispositionInformation = 13,
        FileAllocationInformation = 19, FileEndOfFileInformation = 20;

    /// <summary>FILE_END_OF_FILE_INFORMATION (MS-FSCC 2.4.14) and FILE_ALLOCATION_INFORMATION (2.4.4): one 64-bit size.</summary>
    public static byte[] Size(long size)
    {
        var buffer = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, size);
        return buffer;
    }

    /// <summary>FILE_BASIC_INFORMATION (MS-FSCC 2.4.7): four FILETIMEs, FileAttributes, Reserved. A time of 0
    /// and attributes of 0 leave the value unchanged.</summary>
    public static byte[] Basic(SmbBasicInfo info)
    {
        var buffer = new byte[40];
        BinaryPrimitives.WriteInt64LittleEndian(buffer, info.CreationTime);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(8), info.LastAccessTime);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(16), info.LastWriteTime);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(24), info.ChangeTime);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(32), (uint)info.Attributes);
        return buffer;
    }

    /// <summary>FILE_RENAME_INFORMATION, SMB2 form (MS-FSCC 2.4.42.2): ReplaceIfExists, Reserved(7),
    /// RootDirectory(8) = 0, FileNameLength, FileName relative to the share root without a leading separator
    /// and without a terminating NUL. Padded to at least 24 bytes: Windows answers INFO_LENGTH_MISMATCH otherwise.</summary>
    public static byte[] Rename(string newPath, bool replaceIfExists)
    {
        byte[] name = Encoding.Unicode.GetBytes(newPath.Replace('/', '\\').Trim('\\'));
        var buffer = new byte[Math.Max(24, 20 + name.Length)];
        buffer[0] = replaceIfExists ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), (uint)name.Length);
        name.CopyTo(buffer, 20);
        return buffer;
    }

    /// <summary>FILE_DISPOSITION_INFORMATION (MS-FSCC 2.4.11): DeletePending.</summary>
    public static byte[] Disposition(bool deletePending) => [deletePending ? (byte)1 : (byte)0];
}
