using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_TRANSACTION2 request carrying one subcommand in a single message (MS-CIFS 2.2.4.46.1); the
/// parameters and data SmbDrive sends are small enough that no secondary request is ever needed.</summary>
/// <remarks>Words (15): 0 TotalParameterCount 2 TotalDataCount 4 MaxParameterCount 6 MaxDataCount 8 MaxSetupCount(1)
/// 9 Reserved1(1) 10 Flags 12 Timeout(4) 16 Reserved2 18 ParameterCount 20 ParameterOffset 22 DataCount
/// 24 DataOffset 26 SetupCount(1) 27 Reserved3(1) 28 Setup[0] = subcommand. Bytes: Name (unused in TRANS2: three
/// zero bytes, which also bring the parameters to a 4-byte boundary), Trans2_Parameters, pad, Trans2_Data.</remarks>
internal sealed class Trans2Request(ushort subcommand, byte[] parameters, byte[] data, ushort maxParameterCount, ushort maxDataCount)
    : ISmb1Request
{
    public const ushort FindFirst2 = 0x0001, FindNext2 = 0x0002, QueryFsInformation = 0x0003,
        QueryPathInformation = 0x0005, QueryFileInformation = 0x0007, SetFileInformation = 0x0008;

    private const int WordCount = 15;
    private const int NameBytes = 3;

    public ushort Subcommand { get; } = subcommand;
    public ushort MaxParameterCount { get; } = maxParameterCount;
    public ushort MaxDataCount { get; } = maxDataCount;

    public Smb1Command Command => Smb1Command.Transaction2;

    private static int ParameterOffset => Smb1Layout.BytesOffset(WordCount) + NameBytes;
    private int DataOffset => Align4(ParameterOffset + parameters.Length);
    private int ByteCount => (data.Length == 0 ? ParameterOffset + parameters.Length : DataOffset + data.Length) - Smb1Layout.BytesOffset(WordCount);

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, ByteCount);

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        if (parameters.Length > ushort.MaxValue || data.Length > ushort.MaxValue)
            throw new SmbException("TRANS2 request too large");
        Span<byte> words = Smb1Layout.Begin(message, WordCount, ByteCount);
        BinaryPrimitives.WriteUInt16LittleEndian(words, (ushort)parameters.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(words[2..], (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(words[4..], MaxParameterCount);
        BinaryPrimitives.WriteUInt16LittleEndian(words[6..], MaxDataCount);
        BinaryPrimitives.WriteUInt16LittleEndian(words[18..], (ushort)parameters.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(words[20..], (ushort)ParameterOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(words[22..], (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(words[24..], (ushort)(data.Length == 0 ? 0 : DataOffset));
        words[26] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(words[28..], Subcommand);
        int bytesStart = Smb1Layout.BytesOffset(WordCount);
        message[bytesStart..(bytesStart + ByteCount)].Clear();
        parameters.CopyTo(message[ParameterOffset..]);
        if (data.Length > 0) data.CopyTo(message[DataOffset..]);
    }

    private static int Align4(int value) => (value + 3) & ~3;
}
