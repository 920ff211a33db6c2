using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_READ request (MS-CIFS 2.2.4.11.1), the core read for servers without READ_ANDX.</summary>
/// <remarks>Words (5): 0 FID(2) 2 CountOfBytesToRead(2) 4 ReadOffsetInBytes(4) 8 EstimateOfRemainingBytesToBeRead(2).
/// ByteCount 0. The offset is 32 bits and the count must fit the server's MaxBufferSize.</remarks>
internal sealed class CoreReadRequest : ISmb1Request
{
    private const int WordCount = 5;

    public CoreReadRequest(ushort fid, long offset, int count, int estimateOfRemaining)
    {
        if (offset < 0 || offset > uint.MaxValue)
            throw new SmbException($"offset {offset} is beyond the 4 GiB that SMB_COM_READ can address");
        if (count is <= 0 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(count));
        Fid = fid;
        Offset = (uint)offset;
        Count = (ushort)count;
        EstimateOfRemaining = (ushort)Math.Clamp(estimateOfRemaining, 0, ushort.MaxValue);
    }

    public ushort Fid { get; }
    public uint Offset { get; }
    public ushort Count { get; }

    /// <summary>Estimate of the bytes the client will read, this request included (an advisory read-ahead hint).</summary>
    public ushort EstimateOfRemaining { get; }

    public Smb1Command Command => Smb1Command.Read;

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, 0);

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Span<byte> words = Smb1Layout.Begin(message, WordCount, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(words, Fid);
        BinaryPrimitives.WriteUInt16LittleEndian(words[2..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(words[4..], Offset);
        BinaryPrimitives.WriteUInt16LittleEndian(words[8..], EstimateOfRemaining);
    }
}
