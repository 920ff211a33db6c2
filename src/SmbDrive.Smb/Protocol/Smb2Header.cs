using System.Buffers.Binary;

namespace SmbDrive.Smb.Protocol;

/// <summary>The 64-byte SMB2 header (MS-SMB2 2.2.1.1 async and 2.2.1.2 sync forms).</summary>
/// <remarks>
/// off size field
///   0   4  ProtocolId 0xFE 'S' 'M' 'B'
///   4   2  StructureSize (64)
///   6   2  CreditCharge
///   8   4  Status (responses) / ChannelSequence+Reserved (requests)
///  12   2  Command
///  14   2  CreditRequest / CreditResponse
///  16   4  Flags
///  20   4  NextCommand
///  24   8  MessageId
///  32   4  Reserved (sync) | 32 8 AsyncId (async)
///  36   4  TreeId (sync)
///  40   8  SessionId
///  48  16  Signature
/// </remarks>
internal struct Smb2Header
{
    public const int Size = 64;
    public const uint ProtocolId = 0x424D53FE; // FE 'S' 'M' 'B' read little-endian
    public const int SignatureOffset = 48;
    public const int FlagsOffset = 16;

    public ushort CreditCharge;
    public NtStatus Status;
    public Smb2Command Command;
    public ushort Credits;
    public Smb2Flags Flags;
    public uint NextCommand;
    public ulong MessageId;
    public ulong AsyncId;
    public uint TreeId;
    public ulong SessionId;

    public readonly bool IsResponse => (Flags & Smb2Flags.ServerToRedir) != 0;
    public readonly bool IsAsync => (Flags & Smb2Flags.AsyncCommand) != 0;
    public readonly bool IsSigned => (Flags & Smb2Flags.Signed) != 0;

    public static bool IsSmb2(ReadOnlySpan<byte> message) =>
        message.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(message) == ProtocolId;

    /// <summary>Parses the header; throws <see cref="SmbProtocolException"/> when it is not one.</summary>
    public static Smb2Header Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < Size || !IsSmb2(message) || BinaryPrimitives.ReadUInt16LittleEndian(message[4..]) != Size)
            throw new SmbProtocolException("malformed SMB2 header");
        var h = new Smb2Header
        {
            CreditCharge = BinaryPrimitives.ReadUInt16LittleEndian(message[6..]),
            Status = (NtStatus)BinaryPrimitives.ReadUInt32LittleEndian(message[8..]),
            Command = (Smb2Command)BinaryPrimitives.ReadUInt16LittleEndian(message[12..]),
            Credits = BinaryPrimitives.ReadUInt16LittleEndian(message[14..]),
            Flags = (Smb2Flags)BinaryPrimitives.ReadUInt32LittleEndian(message[16..]),
            NextCommand = BinaryPrimitives.ReadUInt32LittleEndian(message[20..]),
            MessageId = BinaryPrimitives.ReadUInt64LittleEndian(message[24..]),
            SessionId = BinaryPrimitives.ReadUInt64LittleEndian(message[40..]),
        };
        if (h.IsAsync) h.AsyncId = BinaryPrimitives.ReadUInt64LittleEndian(message[32..]);
        else h.TreeId = BinaryPrimitives.ReadUInt32LittleEndian(message[36..]);
        return h;
    }

    public readonly void Write(Span<byte> message)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(message, ProtocolId);
        BinaryPrimitives.WriteUInt16LittleEndian(message[4..], Size);
        BinaryPrimitives.WriteUInt16LittleEndian(message[6..], CreditCharge);
        BinaryPrimitives.WriteUInt32LittleEndian(message[8..], (uint)Status);
        BinaryPrimitives.WriteUInt16LittleEndian(message[12..], (ushort)Command);
        BinaryPrimitives.WriteUInt16LittleEndian(message[14..], Credits);
        BinaryPrimitives.WriteUInt32LittleEndian(message[16..], (uint)Flags);
        BinaryPrimitives.WriteUInt32LittleEndian(message[20..], NextCommand);
        BinaryPrimitives.WriteUInt64LittleEndian(message[24..], MessageId);
        if (IsAsync)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(message[32..], AsyncId);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(message[32..], 0xFEFF); // ProcessId: any value; Windows uses 0xFEFF
            BinaryPrimitives.WriteUInt32LittleEndian(message[36..], TreeId);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(message[40..], SessionId);
        message.Slice(SignatureOffset, 16).Clear();
    }
}
