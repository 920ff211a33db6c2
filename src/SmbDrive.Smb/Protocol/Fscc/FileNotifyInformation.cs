using System.Buffers.Binary;
using System.Text;

namespace SmbDrive.Smb.Protocol;

/// <summary>A chain of FILE_NOTIFY_INFORMATION entries (MS-FSCC 2.7.1), as a CHANGE_NOTIFY response carries it:
/// 0 NextEntryOffset 4 Action 8 FileNameLength 12 FileName (UTF-16, no terminator). NextEntryOffset is relative to
/// the entry and 0 on the last one.</summary>
/// <remarks>Every field is checked against the buffer before it is used: an entry must lie whole inside the
/// buffer, hold its name, and the next entry must start after it, so the walk only moves forward and ends within
/// buffer/12 steps; nothing is allocated beyond what the buffer holds.</remarks>
internal static class FileNotifyInformation
{
    public const int HeaderSize = 12;

    public static IReadOnlyList<SmbChange> Parse(ReadOnlySpan<byte> buffer)
    {
        if (buffer.IsEmpty) return [];
        var changes = new List<SmbChange>();
        int pos = 0;
        while (true)
        {
            ReadOnlySpan<byte> entry = buffer[pos..];
            if (entry.Length < HeaderSize) throw Malformed($"entry at {pos} truncated ({entry.Length} bytes left)");
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            uint action = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            uint nameLength = BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
            if ((nameLength & 1) != 0) throw Malformed($"entry at {pos}: odd name length {nameLength}");
            long entryEnd = HeaderSize + (long)nameLength;
            if (entryEnd > entry.Length) throw Malformed($"entry at {pos}: name of {nameLength} bytes past the end of the buffer");
            if (next != 0 && (next < entryEnd || next >= (uint)entry.Length))
                throw Malformed($"entry at {pos}: next entry offset {next} outside [{entryEnd}, {entry.Length})");
            changes.Add(new SmbChange((SmbChangeAction)action, Encoding.Unicode.GetString(entry.Slice(HeaderSize, (int)nameLength))));
            if (next == 0) return changes;
            pos += (int)next;
        }
    }

    private static SmbProtocolException Malformed(string detail) => new($"malformed FILE_NOTIFY_INFORMATION: {detail}");
}
