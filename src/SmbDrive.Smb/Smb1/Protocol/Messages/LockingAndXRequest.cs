using System.Buffers.Binary;

namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>SMB_COM_LOCKING_ANDX request (MS-CIFS 2.2.4.32.1) that locks or unlocks exactly one byte range.</summary>
/// <remarks>Words (8): 0 AndX(4) 4 FID(2) 6 TypeOfLock(1) 7 NewOpLockLevel(1) 8 Timeout(4)
/// 12 NumberOfRequestedUnlocks(2) 14 NumberOfRequestedLocks(2). Bytes: the unlock ranges, then the lock ranges.
/// LOCKING_ANDX_RANGE32 (10 bytes): PID(2) ByteOffset(4) LengthInBytes(4). LOCKING_ANDX_RANGE64 (20 bytes): PID(2)
/// Pad(2) ByteOffsetHigh(4) ByteOffsetLow(4) LengthInBytesHigh(4) LengthInBytesLow(4): the high half first, unlike
/// every other 64-bit SMB1 field (Samba's get_lock_offset reads it so too). The PID names the lock's owner together
/// with the FID, so an unlock must carry the PID its lock was taken with.</remarks>
internal sealed class LockingAndXRequest : ISmb1Request
{
    /// <summary>Timeout: refuse a conflicting lock at once.</summary>
    public const uint FailImmediately = 0;

    /// <summary>Timeout: wait until the range is granted, however long that takes.</summary>
    public const uint WaitForever = 0xFFFFFFFF;

    private const int WordCount = 8, Range32Size = 10, Range64Size = 20;

    private LockingAndXRequest(ushort fid, ushort pid, ulong offset, ulong length, Smb1LockingFlags flags, uint timeout, bool isUnlock)
    {
        if ((flags & Smb1LockingFlags.LargeFiles) == 0 && (offset > uint.MaxValue || length > uint.MaxValue))
            throw new SmbException($"a lock of {length} bytes at offset {offset} needs 64-bit offsets, which the server did not negotiate (CAP_LARGE_FILES)");
        Fid = fid;
        Pid = pid;
        Offset = offset;
        Length = length;
        Flags = flags;
        Timeout = timeout;
        IsUnlock = isUnlock;
    }

    /// <summary>Locks the range, shared or exclusive; <paramref name="wait"/> selects Timeout 0xFFFFFFFF over 0.</summary>
    public static LockingAndXRequest Lock(ushort fid, ushort pid, ulong offset, ulong length, bool shared, bool wait, bool largeFiles) =>
        new(fid, pid, offset, length,
            (shared ? Smb1LockingFlags.SharedLock : Smb1LockingFlags.Exclusive) | (largeFiles ? Smb1LockingFlags.LargeFiles : 0),
            wait ? WaitForever : FailImmediately, isUnlock: false);

    /// <summary>Releases the lock of exactly this range held by (FID, PID).</summary>
    public static LockingAndXRequest Unlock(ushort fid, ushort pid, ulong offset, ulong length, bool largeFiles) =>
        new(fid, pid, offset, length, largeFiles ? Smb1LockingFlags.LargeFiles : Smb1LockingFlags.Exclusive, FailImmediately, isUnlock: true);

    public ushort Fid { get; }
    public ushort Pid { get; }
    public ulong Offset { get; }
    public ulong Length { get; }
    public Smb1LockingFlags Flags { get; }
    public uint Timeout { get; }
    public bool IsUnlock { get; }

    private int RangeSize => (Flags & Smb1LockingFlags.LargeFiles) != 0 ? Range64Size : Range32Size;

    public Smb1Command Command => Smb1Command.LockingAndX;

    public int BodySize(Smb1Strings strings) => Smb1Layout.BodySize(WordCount, RangeSize);

    public void WriteBody(Span<byte> message, Smb1Strings strings)
    {
        Span<byte> words = Smb1Layout.Begin(message, WordCount, RangeSize);
        Smb1Layout.NoAndX(words);
        BinaryPrimitives.WriteUInt16LittleEndian(words[4..], Fid);
        words[6] = (byte)Flags;
        words[7] = 0; // NewOpLockLevel: only for oplock break acknowledgements, which we never send
        BinaryPrimitives.WriteUInt32LittleEndian(words[8..], Timeout);
        BinaryPrimitives.WriteUInt16LittleEndian(words[12..], (ushort)(IsUnlock ? 1 : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(words[14..], (ushort)(IsUnlock ? 0 : 1));

        Span<byte> range = message.Slice(Smb1Layout.BytesOffset(WordCount), RangeSize);
        range.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(range, Pid);
        if (RangeSize == Range64Size)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(range[4..], (uint)(Offset >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(range[8..], (uint)Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(range[12..], (uint)(Length >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(range[16..], (uint)Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(range[2..], (uint)Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(range[6..], (uint)Length);
        }
    }
}
