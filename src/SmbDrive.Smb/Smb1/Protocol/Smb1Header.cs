using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>The 32-byte SMB1 header (MS-CIFS 2.2.3.1).</summary>
/// <remarks>0 Protocol FF 'S' 'M' 'B' · 4 Command · 5 Status(4) · 9 Flags · 10 Flags2(2) · 12 PIDHigh(2) ·
/// 14 SecurityFeatures(8, the MAC signature) · 22 Reserved(2) · 24 TID(2) · 26 PIDLow(2) · 28 UID(2) · 30 MID(2).
/// When Flags2 lacks SMB_FLAGS2_NT_STATUS, Status is ErrorClass(1) Reserved(1) ErrorCode(2) (MS-CIFS 2.2.2.4).</remarks>
internal struct Smb1Header
{
    public const int Size = 32;
    public const int SignatureOffset = 14;
    public const int SignatureSize = 8;

    /// <summary>MID of unsolicited server messages (oplock breaks), never used for a request.</summary>
    public const ushort UnsolicitedMid = 0xFFFF;

    public Smb1Command Command;
    /// <summary>The Status field as sent: an NTSTATUS or a DOS class/code pair; see <see cref="Status"/>.</summary>
    public uint RawStatus;
    public Smb1Flags Flags;
    public Smb1Flags2 Flags2;
    public ushort PidHigh;
    public ushort Tid;
    public ushort PidLow;
    public ushort Uid;
    public ushort Mid;

    public readonly bool IsReply => (Flags & Smb1Flags.Reply) != 0;

    /// <summary>The status as an NTSTATUS: read directly when the server uses NT status codes, otherwise mapped
    /// from the DOS error class and code.</summary>
    public readonly NtStatus Status => (Flags2 & Smb1Flags2.NtStatus) != 0 || IsNtStatusWithoutFlag(RawStatus)
        ? (NtStatus)RawStatus
        : Smb1DosErrors.ToNtStatus((byte)(RawStatus & 0xFF), (ushort)(RawStatus >> 16), Command);

    /// <summary>Samba writes the NTSTATUS of an extended-security SESSION_SETUP_ANDX response as is, even to a
    /// client that gets DOS errors otherwise (source3/smbd/smb1_sesssetup.c). A DOS status has ErrorClass 0, 1, 2,
    /// 3 or 0xFF and no DOS ErrorCode has the NTSTATUS severity pattern 0xC000 or 0x8000, so such a value can only
    /// be an NTSTATUS.</summary>
    private static bool IsNtStatusWithoutFlag(uint raw)
    {
        byte errorClass = (byte)raw;
        ushort errorCode = (ushort)(raw >> 16);
        return errorClass is not (0 or Smb1DosErrors.ErrDos or Smb1DosErrors.ErrSrv or Smb1DosErrors.ErrHrd or Smb1DosErrors.ErrCmd)
            || errorCode is 0xC000 or 0x8000;
    }

    public static bool IsSmb1(ReadOnlySpan<byte> message) =>
        message.Length >= 4 && message[0] == 0xFF && message[1] == (byte)'S' && message[2] == (byte)'M' && message[3] == (byte)'B';

    /// <exception cref="SmbProtocolException">Shorter than a header or not an SMB1 message.</exception>
    public static Smb1Header Read(ReadOnlySpan<byte> message)
    {
        if (message.Length < Size) throw new SmbProtocolException($"{message.Length}-byte message is shorter than an SMB1 header");
        if (!IsSmb1(message)) throw new SmbProtocolException($"not an SMB1 message (protocol 0x{BinaryPrimitives.ReadUInt32BigEndian(message):X8})");
        return new Smb1Header
        {
            Command = (Smb1Command)message[4],
            RawStatus = BinaryPrimitives.ReadUInt32LittleEndian(message[5..]),
            Flags = (Smb1Flags)message[9],
            Flags2 = (Smb1Flags2)BinaryPrimitives.ReadUInt16LittleEndian(message[10..]),
            PidHigh = BinaryPrimitives.ReadUInt16LittleEndian(message[12..]),
            Tid = BinaryPrimitives.ReadUInt16LittleEndian(message[24..]),
            PidLow = BinaryPrimitives.ReadUInt16LittleEndian(message[26..]),
            Uid = BinaryPrimitives.ReadUInt16LittleEndian(message[28..]),
            Mid = BinaryPrimitives.ReadUInt16LittleEndian(message[30..]),
        };
    }

    /// <summary>Writes the header with a zero signature.</summary>
    public readonly void Write(Span<byte> message)
    {
        if (message.Length < Size) throw new ArgumentException("An SMB1 message is at least 32 bytes long.", nameof(message));
        message[..Size].Clear();
        message[0] = 0xFF;
        message[1] = (byte)'S';
        message[2] = (byte)'M';
        message[3] = (byte)'B';
        message[4] = (byte)Command;
        BinaryPrimitives.WriteUInt32LittleEndian(message[5..], RawStatus);
        message[9] = (byte)Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(message[10..], (ushort)Flags2);
        BinaryPrimitives.WriteUInt16LittleEndian(message[12..], PidHigh);
        BinaryPrimitives.WriteUInt16LittleEndian(message[24..], Tid);
        BinaryPrimitives.WriteUInt16LittleEndian(message[26..], PidLow);
        BinaryPrimitives.WriteUInt16LittleEndian(message[28..], Uid);
        BinaryPrimitives.WriteUInt16LittleEndian(message[30..], Mid);
    }
}
