using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol;

/// <summary>The four FILETIME stamps that CREATE responses and FSCC information classes carry, in the order
/// CreationTime, LastAccessTime, LastWriteTime, ChangeTime (MS-FSCC 2.4.7).</summary>
internal readonly record struct FileTimes(DateTime Creation, DateTime LastAccess, DateTime LastWrite, DateTime Change)
{
    public static FileTimes Read(ReadOnlySpan<byte> source) => new(
        ToUtc(BinaryPrimitives.ReadInt64LittleEndian(source)),
        ToUtc(BinaryPrimitives.ReadInt64LittleEndian(source[8..])),
        ToUtc(BinaryPrimitives.ReadInt64LittleEndian(source[16..])),
        ToUtc(BinaryPrimitives.ReadInt64LittleEndian(source[24..])));

    /// <summary>FILETIME (100 ns since 1601) to UTC; 0 and out-of-range values become the epoch itself.</summary>
    public static DateTime ToUtc(long fileTime) =>
        fileTime <= 0 || fileTime > DateTime.MaxValue.ToFileTimeUtc()
            ? DateTime.FromFileTimeUtc(0)
            : DateTime.FromFileTimeUtc(fileTime);
}
