using System.Buffers.Binary;

namespace SmbDrive.Fuzz;

/// <summary>A deterministic mutation engine in the style of AFL's havoc stage, aimed at what breaks binary
/// parsers: bit flips, "interesting" values written over 8/16/32/64-bit fields (lengths, offsets, counts),
/// truncation, growth, deleted or duplicated chunks and splices of two seeds. Seeded, so a failure reproduces.</summary>
internal sealed class Mutator(int seed)
{
    private static readonly ulong[] Interesting =
    [
        0, 1, 2, 4, 7, 8, 0x10, 0x18, 0x20, 0x40, 0x48, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF,
        0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, ulong.MaxValue,
    ];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        var data = new List<byte>(input);
        int rounds = 1 << _random.Next(4);
        for (int i = 0; i < rounds; i++) MutateOnce(data, corpus);
        return data.ToArray();
    }

    private void MutateOnce(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        switch (_random.Next(10))
        {
            case 0 when data.Count > 0:
                data[_random.Next(data.Count)] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
            case 2:
            case 3:
                WriteInteresting(data);
                break;
            case 4 when data.Count > 0:
                // Truncation: the most common way a short read or a lying length shows up.
            {
                int cut = _random.Next(data.Count);
                data.RemoveRange(cut, data.Count - cut);
            }
                break;
            case 5:
                data.AddRange(Enumerable.Range(0, _random.Next(1, 64)).Select(_ => (byte)_random.Next(256)));
                break;
            case 6 when data.Count > 1:
            {
                int start = _random.Next(data.Count), length = _random.Next(1, Math.Min(64, data.Count - start) + 1);
                data.RemoveRange(start, length);
                break;
            }
            case 7 when data.Count > 1:
            {
                int start = _random.Next(data.Count), length = _random.Next(1, Math.Min(64, data.Count - start) + 1);
                data.InsertRange(_random.Next(data.Count), data.GetRange(start, length));
                break;
            }
            case 8 when corpus.Count > 0:
            {
                // Splice: our head, another seed's tail, so valid structures meet in new places.
                byte[] other = corpus[_random.Next(corpus.Count)];
                int cut = data.Count == 0 ? 0 : _random.Next(data.Count), from = other.Length == 0 ? 0 : _random.Next(other.Length);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            }
            default:
                // A small arithmetic step on a 16- or 32-bit field: off-by-one lengths and offsets.
                if (data.Count >= 4)
                {
                    int at = _random.Next(data.Count - 3);
                    var bytes = data.GetRange(at, 4).ToArray();
                    uint value = BinaryPrimitives.ReadUInt32LittleEndian(bytes) + (uint)_random.Next(-16, 17);
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
                    for (int k = 0; k < 4; k++) data[at + k] = bytes[k];
                }
                break;
        }
    }

    private void WriteInteresting(List<byte> data)
    {
        int width = 1 << _random.Next(4);
        if (data.Count < width) return;
        int at = _random.Next(data.Count - width + 1);
        ulong value = Interesting[_random.Next(Interesting.Length)];
        if (_random.Next(4) == 0) value = (ulong)data.Count + (ulong)_random.Next(-8, 9); // a length near the truth
        Span<byte> bytes = stackalloc byte[8];
        if (_random.Next(2) == 0) BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        else BinaryPrimitives.WriteUInt64BigEndian(bytes, value << (8 * (8 - width))); // ASN.1 and RPC lengths are big-endian
        for (int k = 0; k < width; k++) data[at + k] = bytes[k];
    }
}
