using System.Buffers.Binary;
using System.Collections;

namespace SmbDrive.Smb.Security.Ntlm;

/// <summary>An AV_PAIR sequence (MS-NLMP 2.2.2.1), as carried in CHALLENGE_MESSAGE.TargetInfo and in the
/// NTLMv2_CLIENT_CHALLENGE. The terminating MsvAvEOL is implied: it is required when parsing and added when encoding.</summary>
internal sealed class NtlmAvPairList : IReadOnlyList<NtlmAvPair>
{
    private const int PairHeaderSize = 4;
    private readonly List<NtlmAvPair> _pairs;

    public NtlmAvPairList() => _pairs = [];

    public NtlmAvPairList(IEnumerable<NtlmAvPair> pairs) => _pairs = [.. pairs];

    public int Count => _pairs.Count;

    public NtlmAvPair this[int index] => _pairs[index];

    /// <summary>Parses pairs up to and including MsvAvEOL; bytes after the EOL are ignored, as MS-NLMP allows.</summary>
    /// <exception cref="SmbProtocolException">A pair runs past the end, a fixed-size value has the wrong length, or the EOL is missing.</exception>
    public static NtlmAvPairList Parse(ReadOnlySpan<byte> data, string messageName)
    {
        var list = new NtlmAvPairList();
        int position = 0;
        while (true)
        {
            if ((long)position + PairHeaderSize > data.Length)
                throw NtlmPayloadField.Malformed(messageName, "AV pair list has no MsvAvEOL");
            var id = (NtlmAvId)BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
            ushort length = BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 2)..]);
            position += PairHeaderSize;
            if ((long)position + length > data.Length)
                throw NtlmPayloadField.Malformed(messageName, $"AV pair {id} lies outside the target info");
            if (id == NtlmAvId.Eol)
                return list;
            int expected = ExpectedLength(id);
            if (expected >= 0 && length != expected)
                throw NtlmPayloadField.Malformed(messageName, $"AV pair {id} has length {length}, expected {expected}");
            list._pairs.Add(new NtlmAvPair(id, data.Slice(position, length).ToArray()));
            position += length;
        }
    }

    public bool TryGet(NtlmAvId id, out byte[] value)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Id == id)
            {
                value = pair.Value;
                return true;
            }
        }
        value = [];
        return false;
    }

    public void Add(NtlmAvId id, ReadOnlySpan<byte> value) => _pairs.Add(new NtlmAvPair(id, value.ToArray()));

    /// <summary>Replaces the first pair with this id, or appends one.</summary>
    public void Set(NtlmAvId id, ReadOnlySpan<byte> value)
    {
        int index = _pairs.FindIndex(p => p.Id == id);
        if (index >= 0)
            _pairs[index] = new NtlmAvPair(id, value.ToArray());
        else
            Add(id, value);
    }

    public void RemoveAll(NtlmAvId id) => _pairs.RemoveAll(p => p.Id == id);

    /// <summary>Encoded size including the MsvAvEOL terminator.</summary>
    public long EncodedLength
    {
        get
        {
            long size = PairHeaderSize;
            foreach (var pair in _pairs)
                size += PairHeaderSize + pair.Value.Length;
            return size;
        }
    }

    public byte[] Encode()
    {
        long size = EncodedLength;
        if (size > ushort.MaxValue)
            throw new SmbProtocolException("NTLM target info too large");
        var buffer = new byte[size];
        int position = 0;
        foreach (var pair in _pairs)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(position), (ushort)pair.Id);
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(position + 2), checked((ushort)pair.Value.Length));
            pair.Value.CopyTo(buffer.AsSpan(position + PairHeaderSize));
            position += PairHeaderSize + pair.Value.Length;
        }
        // The trailing 4 bytes stay zero: MsvAvEOL with AvLen 0.
        return buffer;
    }

    public IEnumerator<NtlmAvPair> GetEnumerator() => _pairs.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _pairs);

    private static int ExpectedLength(NtlmAvId id) => id switch
    {
        NtlmAvId.Flags => 4,
        NtlmAvId.Timestamp => 8,
        NtlmAvId.ChannelBindings => 16,
        _ => -1,
    };
}
