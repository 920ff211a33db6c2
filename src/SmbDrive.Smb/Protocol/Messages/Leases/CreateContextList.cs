using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol.Messages.Leases;

/// <summary>The chain of SMB2_CREATE_CONTEXT entries of a CREATE request or response (MS-SMB2 2.2.13.2): each
/// 0 Next 4 NameOffset(u16) 6 NameLength(u16) 8 Reserved 10 DataOffset(u16) 12 DataLength(u32) 16 Buffer, offsets
/// relative to the entry, entries 8-byte aligned.</summary>
internal static class CreateContextList
{
    private const int EntryHeader = 16;

    /// <summary>Bytes one entry with a 4-byte name and <paramref name="dataLength"/> bytes of data takes.</summary>
    public static int EntrySize(int dataLength) => EntryHeader + 8 + dataLength;

    /// <summary>Writes one entry (a 4-character name, data at offset 24) as the last of its chain.</summary>
    public static void WriteEntry(Span<byte> entry, uint name, ReadOnlySpan<byte> data)
    {
        entry[..EntrySize(data.Length)].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(entry[4..], EntryHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[10..], EntryHeader + 8);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[12..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(entry[EntryHeader..], name);
        data.CopyTo(entry[(EntryHeader + 8)..]);
    }

    /// <summary>The data of the entry named <paramref name="name"/>, or empty when there is none. Every entry is
    /// checked against the chain's bounds before it is looked at.</summary>
    public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> chain, uint name, string what)
    {
        int pos = 0;
        while (chain.Length - pos > 0)
        {
            var entry = chain[pos..];
            if (entry.Length < EntryHeader) throw Malformed(what, "create context shorter than its header");
            uint next = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            int nameOffset = BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]);
            int dataOffset = BinaryPrimitives.ReadUInt16LittleEndian(entry[10..]);
            uint dataLength = BinaryPrimitives.ReadUInt32LittleEndian(entry[12..]);
            int limit = next == 0 ? entry.Length : (int)Math.Min(next, (uint)entry.Length);
            if (next != 0 && (next < EntryHeader || next > (uint)entry.Length || (next & 7) != 0))
                throw Malformed(what, $"create context Next {next} outside the chain");
            if (nameOffset + (long)nameLength > limit || (dataLength != 0 && dataOffset + (long)dataLength > limit))
                throw Malformed(what, "create context name or data outside its entry");
            if (nameLength == 4 && BinaryPrimitives.ReadUInt32BigEndian(entry[nameOffset..]) == name)
                return dataLength == 0 ? default : entry.Slice(dataOffset, (int)dataLength);
            if (next == 0) break;
            pos += (int)next;
        }
        return default;
    }

    private static SmbProtocolException Malformed(string what, string detail) => new($"malformed {what} response: {detail}");
}
