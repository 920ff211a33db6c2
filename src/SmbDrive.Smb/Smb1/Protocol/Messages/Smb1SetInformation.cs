using System.Buffers.Binary;
using SmbDrive.Smb.Protocol;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>What TRANS2_SET_FILE_INFORMATION sets, and at which level. The native SMB1 levels (MS-CIFS 2.2.8.4)
/// and the MS-FSCC pass-through levels (MS-SMB 2.2.2.3.5: 1000 + the information class) carry the same bytes for
/// basic information, disposition, allocation and end of file, so the buffers of <see cref="SetFileInformation"/>
/// serve both. Rename has no native level; its pass-through buffer is the SMB1 form of FILE_RENAME_INFORMATION.</summary>
internal static class Smb1SetInformation
{
    /// <summary>SMB_SET_FILE_BASIC_INFO, SMB_SET_FILE_DISPOSITION_INFO, SMB_SET_FILE_ALLOCATION_INFO,
    /// SMB_SET_FILE_END_OF_FILE_INFO.</summary>
    public const ushort NativeBasic = 0x0101, NativeDisposition = 0x0102, NativeAllocation = 0x0103, NativeEndOfFile = 0x0104;

    /// <summary>The level for an MS-FSCC class: pass-through when the server offers it, else the native level.
    /// Samba refuses the native end-of-file level on a handle without data access where the pass-through one
    /// works (RAW-SFILEINFO-END-OF-FILE), one more reason to prefer pass-through.</summary>
    public static ushort Level(byte fsccClass, bool passThrough) => passThrough
        ? (ushort)(Trans2Parameters.PassThroughBase + fsccClass)
        : fsccClass switch
        {
            SetFileInformation.FileBasicInformation => NativeBasic,
            SetFileInformation.FileDispositionInformation => NativeDisposition,
            SetFileInformation.FileAllocationInformation => NativeAllocation,
            SetFileInformation.FileEndOfFileInformation => NativeEndOfFile,
            _ => throw new ArgumentOutOfRangeException(nameof(fsccClass), fsccClass, "no native SMB1 level"),
        };

    /// <summary>The pass-through rename level (1010).</summary>
    public static ushort RenameLevel => (ushort)(Trans2Parameters.PassThroughBase + SetFileInformation.FileRenameInformation);

    /// <summary>FILE_RENAME_INFORMATION as SMB1 sends it (MS-FSCC 2.4.42.1, the 32-bit form): ReplaceIfExists(1)
    /// Reserved(3) RootDirectory(4) = 0 FileNameLength(4) FileName, no terminator (Windows Server 2008 insists,
    /// per Samba's client). The name is encoded as the connection's other strings are. Servers take it as a new
    /// name in the source's own directory: Samba refuses a name with a separator (STATUS_NOT_SUPPORTED).</summary>
    public static byte[] Rename(Smb1Strings strings, string newName, bool replaceIfExists)
    {
        byte[] terminated = strings.EncodeTerminated(newName);
        int nameLength = terminated.Length - (strings.IsUnicode ? 2 : 1);
        var buffer = new byte[12 + nameLength];
        buffer[0] = replaceIfExists ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), (uint)nameLength);
        terminated.AsSpan(0, nameLength).CopyTo(buffer.AsSpan(12));
        return buffer;
    }
}
